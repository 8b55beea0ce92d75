import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBIAN_BASE, ensureBaseImage, ensureDebianBase, imageExists, type ContainerEngine } from './podman.js';

/**
 * Stand-ins for the official images compose.cluster.yaml names, since no
 * image registry is reachable: Debian bookworm's own package for each
 * server on the debootstrap base, tagged with the exact name the compose
 * file uses, so `compose up` finds them and pulls nothing. Each entrypoint
 * does only what the compose file relies on from the official image; these
 * are test fixtures, never images to run a board on.
 */

interface StandIn {
  /** Files of the build context besides the Dockerfile, by name. */
  files: Record<string, string>;
  dockerfile: string[];
}

const APT = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends';

/**
 * postgres:15: POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB make the
 * role and database the first time the data volume is empty; then the
 * server listens on 5432 on every address, asking for the password over
 * TCP (trust only on the container's own socket, as the official image
 * does), with pg_isready on the PATH for the healthcheck.
 */
const POSTGRES_ENTRYPOINT = `#!/bin/sh
set -eu
BIN=/usr/lib/postgresql/15/bin
: "\${PGDATA:=/var/lib/postgresql/data}"
: "\${POSTGRES_USER:=postgres}"
: "\${POSTGRES_DB:=$POSTGRES_USER}"
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pw=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" > "$pw"
  chown postgres "$pw"
  as_postgres "$BIN/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pw" --auth-local=trust --auth-host=scram-sha-256
  rm -f "$pw"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  # The database is made on the socket alone, before any address listens.
  as_postgres "$BIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w start
  if [ "$POSTGRES_DB" != postgres ]; then
    as_postgres psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \\"$POSTGRES_DB\\""
  fi
  as_postgres "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$BIN/postgres" -D "$PGDATA"
`;

const STAND_INS: Record<string, StandIn> = {
  'postgres:15': {
    files: { 'entrypoint.sh': POSTGRES_ENTRYPOINT },
    dockerfile: [
      // No cluster of Debian's own: the entrypoint makes one in the volume.
      `RUN ${APT} postgresql-common && sed -ri 's/#?(create_main_cluster) .*$/\\1 = false/' /etc/postgresql-common/createcluster.conf \\`,
      ` && ${APT} postgresql-15 && rm -rf /var/lib/apt/lists/*`,
      'COPY entrypoint.sh /usr/local/bin/entrypoint.sh',
      'ENV PATH=/usr/lib/postgresql/15/bin:$PATH',
      'STOPSIGNAL SIGINT',
      'EXPOSE 5432',
      'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]',
    ],
  },
  // nats:2: the server on 4222, all addresses, as the official image's default configuration.
  'nats:2': {
    files: {},
    dockerfile: [`RUN ${APT} nats-server && rm -rf /var/lib/apt/lists/*`, 'EXPOSE 4222', 'ENTRYPOINT ["nats-server"]', 'CMD ["-a", "0.0.0.0", "-p", "4222"]'],
  },
  // haproxy:2.6: the configuration where the official image reads it, in the foreground, as user haproxy.
  'haproxy:2.6': {
    files: {},
    dockerfile: [
      `RUN ${APT} haproxy && rm -rf /var/lib/apt/lists/* && mkdir -p /usr/local/etc/haproxy /var/lib/haproxy`,
      'USER haproxy',
      'STOPSIGNAL SIGUSR1',
      'CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]',
    ],
  },
};

/** The images a stand-in exists for, by the name a compose file gives. */
export const STAND_IN_NAMES = Object.keys(STAND_INS);

/**
 * The Dockerfile's node base and every stand-in `names` lists, each built
 * once and then found in the engine's store. Returns what was built now.
 */
export async function ensureStandInImages(engine: ContainerEngine, debootstrap: string, names: readonly string[], log: (msg: string) => void): Promise<string[]> {
  const built: string[] = [];
  if ((await ensureBaseImage(engine, debootstrap, log)) === 'built') built.push('node base');
  const work = await mkdtemp(join(tmpdir(), 'bbs-stand-in-'));
  try {
    await ensureDebianBase(engine, debootstrap, work, log);
    for (const name of names) {
      const standIn = STAND_INS[name];
      if (!standIn) throw new Error(`no stand-in for the image ${name}: add one to stand-in-images.ts`);
      if (await imageExists(engine, name)) continue;
      const ctx = await mkdtemp(join(work, 'ctx-'));
      for (const [file, text] of Object.entries(standIn.files)) {
        await writeFile(join(ctx, file), text);
        await chmod(join(ctx, file), 0o755);
      }
      await writeFile(join(ctx, 'Dockerfile'), [`FROM ${DEBIAN_BASE}`, ...standIn.dockerfile, ''].join('\n'));
      log(`building the stand-in ${name}`);
      await engine.run(['build', ...engine.buildFlags, '-t', name, ctx], { timeoutMs: 600_000 });
      built.push(name);
    }
    return built;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

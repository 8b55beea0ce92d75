import { spawnSync, execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

/**
 * A real PostgreSQL server for tests, one per test process, started on
 * first use on a free loopback port in a temporary folder and stopped when
 * the process exits. PostgreSQL refuses to run as root, so under root the
 * server runs as Debian's `postgres` user, which owns its folder. Each
 * store a test opens gets a schema of its own in one database, so tests
 * never see each other's rows and need no new server.
 */

const BIN = '/usr/lib/postgresql/15/bin';
export const POSTGRES_MISSING = 'PostgreSQL 15 is missing: apt-get install -y postgresql';
const run = promisify(execFile);

export interface PgServer {
  readonly port: number;
  /** A URL for the server's `bbs` database as its `bbs` superuser. */
  readonly url: string;
  /** Stop it now and remove its folder (it stops with the process anyway). */
  stop(): void;
}

/** False when PostgreSQL can be started here, else why not (failing under CI=true, where it must be). */
export function postgresSkip(): string | false {
  if (existsSync(join(BIN, 'pg_ctl'))) return false;
  if (process.env.CI === 'true') throw new Error(POSTGRES_MISSING);
  return POSTGRES_MISSING;
}

let starting: Promise<PgServer> | null = null;

/** This process's server for tests, started on first use. */
export function postgresServer(): Promise<PgServer> {
  starting ??= startPostgres();
  return starting;
}

/** As the server's owner: `postgres` when we are root. */
function asOwner(argv: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
}

/**
 * A server of its own. `durable`: PostgreSQL's own defaults (every commit
 * flushed to disk), for figures a sysop would see; otherwise no fsync, so a
 * test run costs seconds, not minutes.
 */
export async function startPostgres(opts: { durable?: boolean } = {}): Promise<PgServer> {
  const skip = postgresSkip();
  if (skip) throw new Error(skip);
  const dir = mkdtempSync(join(tmpdir(), 'bbs-pg-'));
  if (process.getuid?.() === 0) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const uid = Number(owner.stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const [initdb, ...initArgs] = asOwner([join(BIN, 'initdb'), '-D', data, '-A', 'trust', '-U', 'bbs', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  await run(initdb!, initArgs);
  const settings = `${opts.durable ? '' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off '}-c max_connections=300`;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const [pgCtl, ...ctlArgs] = asOwner([join(BIN, 'pg_ctl'), '-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -h 127.0.0.1 ${settings}`, 'start']);
    try {
      await run(pgCtl!, ctlArgs);
    } catch (err) {
      // Another listener took the port between the probe and the start.
      if (attempt < 5) continue;
      throw err;
    }
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      const [pgStop, ...stopArgs] = asOwner([join(BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
      spawnSync(pgStop!, stopArgs, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', stop);
    const admin = new pg.Client({ connectionString: `postgres://bbs@127.0.0.1:${port}/postgres` });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE bbs');
    } finally {
      await admin.end();
    }
    return { port, url: `postgres://bbs@127.0.0.1:${port}/bbs`, stop };
  }
}

/** One statement as the server's superuser, on its own connection. */
async function asAdmin(sql: string): Promise<PgServer> {
  const server = await postgresServer();
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
  return server;
}

let schemas = 0;

/** A new, empty schema in the test server's database: its name, for `PgDatabase.open(url, { schema })`. */
export async function freshSchema(): Promise<{ url: string; schema: string }> {
  const schema = `t${process.pid}_${++schemas}`;
  const server = await asAdmin(`CREATE SCHEMA ${schema}`);
  return { url: server.url, schema };
}

let databases = 0;

/** A new, empty database on the test server, for a whole board: its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `board${process.pid}_${++databases}`;
  const server = await asAdmin(`CREATE DATABASE ${name}`);
  return `postgres://bbs@127.0.0.1:${server.port}/${name}`;
}

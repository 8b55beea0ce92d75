import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import pg from 'pg';
import { logInAndEnter, postToken, registerAndEnter, type JsonClient } from '../callers/json.js';
import { blockOf, whoIsOnline } from '../callers/board-views.js';
import { redial, type DialOutcome } from '../callers/redial.js';
import { TelnetCaller } from '../callers/telnet.js';
import { FORGET_MS } from '../../src/nodes/nats-link.js';
import { HAPROXY, HAPROXY_INSTALL, startHaproxy } from '../helpers/haproxy.js';
import { natsSkip, startNats } from '../helpers/nats.js';
import { freshDatabase, postgresSkip } from '../helpers/postgres.js';
import { runBbs, startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';

/**
 * The two-host board as a sysop runs it: hosts A and B on one PostgreSQL
 * database and one nats-server, both behind one real HAProxy (send-proxy-v2,
 * health checks), and callers that only ever dial HAProxy. One host is
 * killed outright in the middle of concurrent posting.
 */

/** HAProxy connects from here, and the boards trust only this address. */
const PROXY = '127.0.0.2';
const PASSWORD = 'password1';
const GREETING = "Who's calling?";

/** `bbs who` on a board's own data folder: what its sysop's shell sees. */
async function shellWho(board: BoardProcess, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runBbs(['who', '--data', board.data], { env });
  assert.equal(r.code, 0, r.out);
  return r.out;
}

/** Which board logged `what` (a log line holding every part). */
function loggedBy(boards: Record<string, BoardProcess>, ...parts: string[]): string[] {
  return Object.entries(boards)
    .filter(([, b]) => b.output().split('\n').some((l) => parts.every((p) => l.includes(p))))
    .map(([host]) => host);
}

function pageStatus(port: number, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', localAddress: from, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function rows<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Two callers sign up through HAProxy at the same instant, on different
 * hosts (round robin puts a second dial on the other host; one that lands on
 * the same host hangs up and dials again), each typing its last password at
 * the same moment. Resolves with what each saw after it.
 */
async function raceSignUps(port: number, names: readonly [string, string], from: readonly [string, string]): Promise<{ callers: JsonClient[]; won: boolean[] }> {
  const first = (await redial({ port, localAddress: from[0] })).caller;
  const firstHost = await blockOf(first);
  let second: JsonClient | null = null;
  for (let dials = 0; dials < 10 && second === null; dials++) {
    const c = (await redial({ port, localAddress: from[1] })).caller;
    if ((await blockOf(c)) !== firstHost) second = c;
    else {
      c.close();
      await c.ended;
    }
  }
  if (!second) throw new Error('ten dials through HAProxy all landed on the first caller\'s host');
  const callers = [first, second];
  await Promise.all(callers.map((c, i) => c.answer(GREETING, names[i]!)));
  await Promise.all(callers.map((c) => c.answer('Password:', PASSWORD)));
  await Promise.all(callers.map((c) => c.expect('once more', 'prompt', 10_000)));
  for (const c of callers) c.send(PASSWORD);
  const won = await Promise.all(
    callers.map(async (c) => {
      const reply = await c.expect(/account is ready|is taken/, undefined, 15_000);
      return reply.msg.includes('account is ready');
    }),
  );
  return { callers, won };
}

/** A caller signed up through HAProxy who landed on `host`: dials from the addresses in turn until one lands there. */
async function callerOn(port: number, boards: Record<string, BoardProcess>, host: string, name: string, from: readonly string[]): Promise<JsonClient> {
  for (const [i, localAddress] of from.entries()) {
    const c = (await redial({ port, localAddress })).caller;
    await registerAndEnter(c, `${name}${i}`, PASSWORD);
    if ((await until(`the "new account" line of ${name}${i}`, () => loggedBy(boards, 'new account', `user=${name}${i}`)[0])) === host) return c;
    c.close();
  }
  throw new Error(`no caller from ${from.join(', ')} landed on ${host}`);
}

interface Poster {
  name: string;
  from: string;
  acked: string[];
  /** The outcomes of each dial after a dropped line. */
  redials: DialOutcome[][];
}

/**
 * Sign up, then post "msg NAME-i" until stopped. When the line drops, dial
 * HAProxy again as the dialer would, log in and go on with the next token:
 * a token whose post was cut off is never sent twice, as a caller who saw no
 * "posted" would not know whether it was.
 */
async function postThroughFailover(port: number, p: Poster, stop: () => boolean): Promise<void> {
  let c = (await redial({ port, localAddress: p.from })).caller;
  try {
    await registerAndEnter(c, p.name, PASSWORD);
    for (let i = 0; !stop(); i++) {
      try {
        await postToken(c, `${p.name}-${i}`, p.acked);
      } catch (err) {
        if (!c.closed) throw err;
        const again = await redial({ port, localAddress: p.from });
        p.redials.push(again.outcomes);
        c = again.caller;
        await logInAndEnter(c, p.name, PASSWORD);
      }
    }
  } finally {
    c.close();
  }
}

void test('two hosts behind HAProxy: one sign-up wins a race, and a killed host loses no acknowledged post and no caller', { timeout: 300_000 }, async (t) => {
  const skip = natsSkip() || postgresSkip();
  if (skip) return t.skip(skip);
  if (!requireTool(t, HAPROXY(), 'haproxy', HAPROXY_INSTALL)) return;
  const nats = await startNats(t);
  const database = await freshDatabase();
  const env = { BBS_DATABASE_URL: database, BBS_BUS_URL: nats.url, BBS_TRUSTED_PROXIES: PROXY };
  const a = await startBoardProcess({ env: { ...env, BBS_HOST_ID: 'host-a' }, t });
  const b = await startBoardProcess({ env: { ...env, BBS_HOST_ID: 'host-b' }, t });
  const boards = { 'host-a': a, 'host-b': b };
  const haproxy = await startHaproxy(
    t,
    [
      { name: 'json', mode: 'tcp', boardPort: [a.ports.tcpjson!, b.ports.tcpjson!] },
      { name: 'telnet', mode: 'tcp', boardPort: [a.ports.telnet!, b.ports.telnet!] },
      { name: 'web', mode: 'http', boardPort: [a.ports.http!, b.ports.http!] },
    ],
    PROXY,
  );
  const json = haproxy.ports.json!;

  await t.test('the same name, and a look-alike, signed up on both hosts at once make one account', async () => {
    for (const [names, skeletonOf] of [
      [['Zed', 'zed'], 'Zed'],
      // A capital I for the small L: the same name on most terminals' fonts.
      [['Carl', 'CarI'], 'Carl'],
    ] as const) {
      const { callers, won } = await raceSignUps(json, names, ['127.0.0.41', '127.0.0.42']);
      assert.equal(won.filter(Boolean).length, 1, `exactly one of ${names.join(' and ')} got an account`);
      const accounts = await rows<{ name: string }>(database, 'SELECT name FROM users WHERE lower(name) = lower($1) OR lower(name) = lower($2)', [...names]);
      assert.equal(accounts.length, 1, JSON.stringify(accounts));
      const loser = callers[won.indexOf(false)]!;
      const winnerFrom = won[0] ? '127.0.0.41' : '127.0.0.42';
      const loserFrom = won[0] ? '127.0.0.42' : '127.0.0.41';
      // The loser is back at the name prompt and takes another name, on its own host.
      await loser.answer(GREETING, `${skeletonOf}2`);
      await loser.answer('Password:', PASSWORD);
      await loser.answer('once more', PASSWORD);
      await loser.expect('account is ready');
      const winnerHost = await until('the winner\'s "new account" line', () => loggedBy(boards, 'new account', `remote=${winnerFrom}`)[0]);
      const loserHost = await until('the loser\'s "new account" line', () => loggedBy(boards, 'new account', `user=${skeletonOf}2`, `remote=${loserFrom}`)[0]);
      assert.notEqual(winnerHost, loserHost, 'the two raced on different hosts');
      for (const c of callers) c.close();
      // The next race's callers come from the same addresses: each host must have let these go first.
      await Promise.all(callers.map((c) => c.ended));
    }
  });

  await t.test('SIGKILL of one host: every acknowledged post is stored once, its callers dial again and get in at once, and who is online forgets it', async () => {
    // A caller on A watches who's online, from before the kill to after.
    const watcher = await callerOn(json, boards, 'host-a', 'Watcher', ['127.0.0.71', '127.0.0.72']);
    t.after(() => watcher.close());
    let stopping = false;
    const posters: Poster[] = Array.from({ length: 4 }, (_, i) => ({ name: `Poster${i}`, from: `127.0.0.${51 + i}`, acked: [], redials: [] }));
    const running = posters.map((p) => postThroughFailover(json, p, () => stopping));
    const failed = Promise.all(running).then(() => null, (err: unknown) => err);
    const settled = { error: null as unknown };
    void failed.then((err) => (settled.error = err));
    const steady = (): boolean => {
      if (settled.error) throw settled.error as Error;
      return posters.every((p) => p.acked.length >= 3);
    };
    await until('every poster to post a few', steady, 60_000, 50);
    const onB = posters.filter((p) => loggedBy(boards, 'login', `user=${p.name}`).includes('host-b') || loggedBy(boards, 'new account', `user=${p.name}`).includes('host-b'));
    assert.ok(onB.length >= 1 && onB.length < posters.length, `round robin put callers on both hosts: ${onB.map((p) => p.name).join(', ')} on B`);
    assert.match(await whoIsOnline(watcher), /host-b/, 'before the kill, A lists the callers on B');

    b.child.kill('SIGKILL');
    const killedAt = Date.now();
    await b.exited;
    const ackedAtKill = new Map(onB.map((p) => [p.name, p.acked.length]));
    // Every caller of B posts again from A, and the callers of A never stopped.
    await until(
      () => `B's callers to post again from A: ${JSON.stringify(posters.map((p) => ({ name: p.name, acked: p.acked.length, redials: p.redials })))}`,
      () => {
        if (settled.error) throw settled.error as Error;
        return onB.every((p) => p.redials.length > 0 && p.acked.length >= ackedAtKill.get(p.name)! + 2);
      },
      90_000,
      50,
    );
    stopping = true;
    await Promise.all(running);

    for (const p of onB) {
      // One redial, answered by A: HAProxy sends it there, or, for a dial made in the instant the killed
      // host's listener was still going away (accepted, then reset), after one NO ANSWER at most.
      assert.equal(p.redials.length, 1, `${p.name} dialled again: ${JSON.stringify(p.redials)}`);
      assert.ok(['connect', 'no-answer,connect'].includes(p.redials[0]!.join()), `${p.name} dialled again: ${JSON.stringify(p.redials)}`);
      assert.deepEqual(loggedBy({ 'host-a': a }, 'login', `user=${p.name}`, `remote=${p.from}`), ['host-a']);
    }
    for (const p of posters.filter((x) => !onB.includes(x))) assert.deepEqual(p.redials, [], `${p.name} on A was never cut off`);

    // Every acknowledged post is in the database exactly once; no post, acknowledged or cut off, is there twice.
    const bodies = await rows<{ body: string }>(database, "SELECT body FROM public_messages WHERE body LIKE 'msg %'");
    const stored = new Map<string, number>();
    for (const { body } of bodies) {
      const token = /^msg (\S+)/.exec(body)?.[1] ?? body;
      stored.set(token, (stored.get(token) ?? 0) + 1);
    }
    const acked = posters.flatMap((p) => p.acked);
    assert.deepEqual(acked.filter((token) => stored.get(token) !== 1), [], 'acknowledged posts not stored exactly once');
    assert.deepEqual([...stored].filter(([, n]) => n > 1), [], 'posts stored twice');

    // Who's online on A forgets B once its heartbeats have stopped for FORGET_MS; the slack is for a loaded machine's slow screens.
    await until(`A's who's online to forget host B within ${FORGET_MS} ms`, async () => !(await whoIsOnline(watcher)).includes('host-b'), Math.max(0, killedAt + FORGET_MS + 3000 - Date.now()), 100);
    assert.match(await shellWho(a, env), /^host-a\s/m, "and the sysop's shell on A lists only A");
    assert.doesNotMatch(await shellWho(a, env), /host-b/);

    // Telnet and the web page, dialled twice each (round robin would send one of the two to B), are all answered by A.
    for (const from of ['127.0.0.61', '127.0.0.62']) {
      const caller = await TelnetCaller.dial({ port: haproxy.ports.telnet!, localAddress: from, negotiate: true });
      t.after(() => caller.close());
      await caller.until(GREETING, 10_000);
      assert.equal(await pageStatus(haproxy.ports.web!, from), 200);
    }
  });
});

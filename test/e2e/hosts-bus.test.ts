import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SshCaller } from '../callers/ssh.js';
import { telnetRegister } from '../callers/telnet.js';
import { FORGET_MS } from '../../src/nodes/nats-link.js';
import { natsSkip, startNats } from '../helpers/nats.js';
import { freshDatabase, postgresSkip } from '../helpers/postgres.js';
import { runBbs, startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { signUp } from '../helpers/terminal-login.js';
import { until } from '../helpers/until.js';

/**
 * One board on two hosts: two board processes with their own data folders
 * and host ids, one PostgreSQL database and one nats-server between them,
 * as a sysop would run them behind a balancer.
 */

/** A new account over SSH's front door (ssh bbs@host), left at the main menu. */
async function sshRegister(port: number, name: string): Promise<SshCaller> {
  const c = await SshCaller.dial({ port, username: 'bbs' });
  const typist = { expect: (p: string | RegExp) => c.until(p, 30_000), send: (keys: string) => c.channel.write(keys), line: (text: string) => c.channel.write(text + '\r') };
  await signUp(typist, name, 'password1', { key: 'y' });
  await c.until(/> $/, 10_000);
  return c;
}

/** `bbs who` on a board's own data folder: what its sysop's shell sees. */
async function shellWho(board: BoardProcess, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runBbs(['who', '--data', board.data], { env });
  assert.equal(r.code, 0, r.out);
  return r.out;
}

void test('two hosts, one board: who is online, chat, pages, broadcasts and a ban cross hosts, and a killed host is forgotten', { timeout: 240_000 }, async (t) => {
  const skip = natsSkip() || postgresSkip();
  if (skip) return t.skip(skip);
  const nats = await startNats(t);
  const env = { BBS_DATABASE_URL: await freshDatabase(), BBS_BUS_URL: nats.url };
  const a = await startBoardProcess({ env: { ...env, BBS_HOST_ID: 'host-a' }, t });
  const b = await startBoardProcess({ env: { ...env, BBS_HOST_ID: 'host-b' }, t });

  // The first account is the sysop's: Ann, by telnet on A. Bob calls B over SSH.
  const ann = await telnetRegister(a.ports.telnet!, 'Ann');
  const bob = await sshRegister(b.ports.ssh!, 'Bob');

  // Who's online, on the board and in the shell, lists both, each with its host.
  ann.type('W');
  await ann.waitFor(/host-a\s+1\s+1\s+Ann[\s\S]*host-b\s+101\s+1\s+Bob[\s\S]*2 callers on the board[\s\S]*\[Enter\] to go on/);
  // Any key goes on; an Enter right after the W key is taken as the end of that key press.
  ann.type(' ');
  await ann.waitFor(/\[W\] Who's online {2}2 on[\s\S]*> $/);
  bob.channel.write('W');
  await bob.until(/host-a\s+1\s+1\s+Ann[\s\S]*host-b\s+101\s+1\s+Bob[\s\S]*\[Enter\] to go on/, 10_000);
  bob.channel.write(' ');
  await bob.until(/MAIN MENU[\s\S]*> $/, 10_000);
  const who = await shellWho(b, env);
  assert.match(who, /^host-a\s+1\/1\s+Ann\s/m, who);
  assert.match(who, /^host-b\s+101\/1\s+Bob\s/m, who);

  // The chat room is one room.
  ann.type('C');
  await ann.waitFor(/Here now: nobody yet[\s\S]*\[Ann\] $/);
  bob.channel.write('C');
  await bob.until(/Here now: Ann[\s\S]*\[Bob\] $/, 10_000);
  await ann.waitFor('--> Bob joined the room');
  ann.line('Hello from host A');
  await bob.until('Ann: Hello from host A', 10_000);
  bob.channel.write('Hi from host B\r');
  await ann.waitFor('Bob: Hi from host B');
  bob.channel.write('/quit\r');
  await ann.waitFor('<-- Bob left the room');
  await bob.until(/MAIN MENU[\s\S]*> $/, 10_000);
  ann.line('/quit');
  await ann.waitFor(/MAIN MENU[\s\S]*> $/);

  // A page from A reaches Bob on B.
  ann.type('P');
  await ann.waitFor('Page whom?');
  ann.line('bob');
  await ann.waitFor('Your page to Bob');
  ann.line('Lunch at noon?');
  await ann.waitFor('Paged Bob');
  await bob.until(/Page from Ann, the sysop \(\d\d:\d\d\): Lunch at noon\?/, 10_000);

  // `bbs broadcast` in A's shell reaches the caller on B.
  const sent = await runBbs(['broadcast', '--data', a.data, 'Backup at midnight'], { env });
  assert.equal(sent.code, 0, sent.out);
  await bob.until('Backup at midnight', 10_000);
  await ann.waitFor('Backup at midnight');

  // Cy calls B too, by telnet; then the sysop bans Bob from A's shell: his call on B ends, Cy's goes on.
  const cy = await telnetRegister(b.ports.telnet!, 'Cy');
  const banned = await runBbs(['user', 'ban', 'Bob', '--data', a.data], { env });
  assert.equal(banned.code, 0, banned.out);
  assert.match(banned.out, /Bob is banned; 1 call on the running board ended/);
  await bob.until('The sysop has ended your call', 10_000);
  await until('Bob is gone from the board', async () => !(await shellWho(a, env)).includes('Bob'), 10_000, 200);
  assert.match(await shellWho(a, env), /^host-b\s+101\/\d+\s+Cy\s/m, 'Cy is still on B');

  // B is killed outright: no goodbye. A forgets its callers once the heartbeats have stopped for FORGET_MS.
  b.child.kill('SIGKILL');
  // The time allowed beyond FORGET_MS is for a loaded machine's slow `bbs who`, not for the board.
  await until(`A forgot host B within ${FORGET_MS} ms`, async () => !(await shellWho(a, env)).includes('host-b'), FORGET_MS + 5000, 200);
  assert.match(await shellWho(a, env), /^host-a\s+1\/1\s+Ann\s/m);
  ann.type('W');
  await ann.waitFor(/Ann[\s\S]*1 caller on the board/);
  ann.close();
  cy.close();
  bob.close();
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { TelnetCaller } from '../callers/telnet.js';
import { telnetLogIn } from '../callers/log-in.js';
import { loadConfig, type BoardConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/logger.js';
import { startBoard, type Board } from '../../src/main.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { CallRecord } from '../../src/store/types/call-log.js';
import { QUOTAS_OFF_ENV } from '../helpers/spawned-board.js';
import { JsonClient } from '../callers/json.js';
import { TelnetClient, telnetRegister } from '../callers/telnet.js';
import { until } from '../helpers/until.js';

/**
 * The sysop's call log says how each call really ended, whatever the wire:
 * every reason below is produced by a real client on a real socket and read
 * back from the board's database.
 */

const FLAGS = { host: '127.0.0.1', 'json-port': '0', 'telnet-port': '0', 'ssh-port': 'off', 'http-port': '0', 'nntp-port': 'off' };

async function boardWith(tune: (c: BoardConfig) => void): Promise<{ board: Board; data: string }> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-call-log-'));
  const config = await loadConfig({ flags: { ...FLAGS, data }, env: QUOTAS_OFF_ENV });
  // Shorter than the settings allow, so a timeout is seconds of test and not minutes.
  tune(config);
  return { board: await startBoard(config, silentLogger), data };
}

function portOf(board: Board, transport: string): number {
  return board.listeners.find((l) => l.transport === transport)!.address.port;
}

/** The finished call log row that `match` picks, waited for: the end is written as the call unwinds. */
async function endedCall(board: Board, what: string, match: (c: CallRecord) => boolean, timeoutMs = 10_000): Promise<CallRecord> {
  return until(`an ended call for ${what}`, async () => (await board.store.calls.recent(100)).find((c) => match(c) && c.endedAt !== null), timeoutMs, 25);
}

const byName = (name: string) => (c: CallRecord) => c.userName === name;

/** With one line on the board, each test waits for the last call to give it back. */
async function lineFree(board: Board): Promise<void> {
  await until('the line to be given back', () => board.gateway.nodes().every((n) => n.inUse === 0), 10_000, 25);
}

describe('one line, a short idle limit', () => {
  let board: Board;
  let data: string;
  before(async () => {
    ({ board, data } = await boardWith((c) => {
      c.nodes.lines = 1;
      c.session.idleTimeoutMs = 2000;
    }));
  });
  after(async () => {
    await board?.stop();
    if (data) await rm(data, { recursive: true, force: true });
  });

  test('logging off is a goodbye', { timeout: 30_000 }, async () => {
    await lineFree(board);
    const c = await telnetRegister(portOf(board, 'telnet'), 'Leaver');
    c.type('Q');
    await c.waitFor(/\?/);
    c.type('y');
    await c.ended;
    assert.equal((await endedCall(board, 'Leaver', byName('Leaver'))).outcome, 'goodbye');
  });

  test('a caller who closes the socket dropped the line', { timeout: 30_000 }, async () => {
    await lineFree(board);
    const c = await telnetRegister(portOf(board, 'telnet'), 'Dropper');
    c.close();
    assert.equal((await endedCall(board, 'Dropper', byName('Dropper'))).outcome, 'line dropped');
  });

  test('a caller who stays quiet at a prompt is cut off as idle', { timeout: 30_000 }, async () => {
    await lineFree(board);
    const c = await telnetRegister(portOf(board, 'telnet'), 'Sleeper');
    await c.ended;
    assert.equal((await endedCall(board, 'Sleeper', byName('Sleeper'))).outcome, 'idle');
  });

  test("a sysop's kick is logged as kicked", { timeout: 30_000 }, async () => {
    await lineFree(board);
    const c = await telnetRegister(portOf(board, 'telnet'), 'Kicked');
    const seat = board.gateway.roster().find((r) => r.user === 'Kicked')!;
    // The same live event the sysop menu's kick and `bbs user kick` publish.
    board.gateway.publish({ kind: 'kick', sessionId: seat.sessionId, by: 'sysop', at: Date.now() });
    await c.ended;
    assert.equal((await endedCall(board, 'Kicked', byName('Kicked'))).outcome, 'kicked');
  });

  test('a caller who finds the only line taken is logged as busy', { timeout: 30_000 }, async () => {
    await lineFree(board);
    const holder = await telnetRegister(portOf(board, 'telnet'), 'Holder');
    const before = await board.store.calls.count();
    const second = await TelnetClient.connect(portOf(board, 'telnet'));
    await second.waitFor(/busy/i);
    await second.ended;
    const row = await endedCall(board, 'the busy caller', (c) => c.id > before && c.userName === null);
    assert.equal(row.outcome, 'busy');
    assert.equal(row.transport, 'telnet');

    // A browser tab hears the busy signal from the web port itself, and is logged the same way.
    const http = portOf(board, 'http');
    const tab = new WebSocket(`ws://127.0.0.1:${http}/ws`, { origin: `http://127.0.0.1:${http}` });
    const code = await new Promise<number>((resolve) => tab.once('close', resolve));
    assert.equal(code, 1013);
    const browser = await endedCall(board, 'the busy browser', (c) => c.id > row.id && c.transport === 'websocket');
    assert.equal(browser.outcome, 'busy');
    holder.close();
  });

  test('a JSON-socket caller who sends a broken frame is refused', { timeout: 30_000 }, async () => {
    await lineFree(board);
    const before = await board.store.calls.count();
    const c = await JsonClient.dial(portOf(board, 'tcpjson'));
    await c.expect("Who's calling?", 'prompt');
    c.write('@bbs {not json}\0');
    await c.ended;
    const row = await endedCall(board, 'the refused caller', (r) => r.id > before && r.transport === 'tcpjson');
    assert.equal(row.outcome, 'refused');
  });

  test('a caller who never reads what the board sends is dropped as not reading', { timeout: 90_000 }, async () => {
    await lineFree(board);
    const made = await board.store.users.create('Flooder', 'password1');
    assert.ok(made.ok);
    const line = 'all work and no play makes a caller a dull reader '.repeat(9).slice(0, 470);
    for (let i = 0; i < 60; i++) {
      await board.store.publicMessages.postMessage({ authorId: made.user.id, body: Array.from({ length: 50 }, () => line).join('\n'), at: new Date(), area: 'general', subject: `long read ${i}` });
    }
    const flooder = await TelnetCaller.dial({ port: portOf(board, 'telnet'), negotiate: true, cols: 300, rows: 100 });
    await telnetLogIn(flooder, 'Flooder', 'password1');
    // From here on it reads nothing, and keeps asking for the long message list and its next pages.
    flooder.socket.pause();
    const flood = setInterval(() => {
      if (!flooder.socket.destroyed) flooder.socket.write('2\r\n');
    }, 40);
    try {
      assert.equal((await endedCall(board, 'Flooder', byName('Flooder'), 60_000)).outcome, 'not reading');
    } finally {
      clearInterval(flood);
      flooder.socket.destroy();
    }
  });

  test('a caller still on the line when the board stops is logged as shutdown', { timeout: 30_000 }, async () => {
    await lineFree(board);
    await telnetRegister(portOf(board, 'telnet'), 'Stayer');
    await board.stop();
    const store = openSqliteStore(join(data, 'bbs.db'));
    try {
      const row = (await store.calls.recent(100)).find((c) => c.userName === 'Stayer');
      assert.equal(row?.outcome, 'shutdown');
    } finally {
      await store.close();
    }
  });
});

describe('a short login grace', () => {
  let board: Board;
  let data: string;
  before(async () => {
    ({ board, data } = await boardWith((c) => {
      c.session.loginGraceMs = 1500;
    }));
  });
  after(async () => {
    await board?.stop();
    if (data) await rm(data, { recursive: true, force: true });
  });

  test('a caller who does not log in in time is logged as out of login time', { timeout: 30_000 }, async () => {
    const c = await TelnetClient.connect(portOf(board, 'telnet'));
    await c.waitFor("Who's calling?");
    await c.ended;
    assert.equal((await endedCall(board, 'the slow caller', (r) => r.transport === 'telnet')).outcome, 'login time');
  });
});

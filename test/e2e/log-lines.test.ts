import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { rm } from 'node:fs/promises';
import { listeningLines, startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';

const TRANSPORTS = ['http', 'nntp', 'ssh', 'tcpjson', 'telnet'];

/** A port a listening line names really answers: the line is the sysop's map of the board. */
function answers(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
  });
}

/** A board for one test, stopped and cleared away after it whatever the test found. */
async function boardFor(t: TestContext, opts: Parameters<typeof startBoardProcess>[0]): Promise<BoardProcess> {
  const board = await startBoardProcess(opts);
  t.after(async () => {
    await board.stop('SIGKILL');
    await rm(board.data, { recursive: true, force: true });
  });
  return board;
}

function records(log: string): Record<string, unknown>[] {
  return log
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('text logs: one "listening TRANSPORT HOST:PORT" line per port', { timeout: 60_000 }, async (t) => {
  const board = await boardFor(t, {});
  const said = board
    .output()
    .split('\n')
    .filter((l) => /listening/.test(l));
  assert.equal(said.length, TRANSPORTS.length, `one listening line per port:\n${said.join('\n')}`);
  for (const line of said) assert.match(line, /^\S+Z INFO {2}listening (http|nntp|ssh|tcpjson|telnet) 127\.0\.0\.1:\d+$/);
  assert.deepEqual(listeningLines(board.output()).map((l) => l.transport).sort(), TRANSPORTS);
  for (const port of Object.values(board.ports)) await answers(port);
});

test('JSON logs: one listening line per port, with transport, host and port as its fields', { timeout: 60_000 }, async (t) => {
  const board = await boardFor(t, { env: { BBS_LOG_FORMAT: 'json' } });
  const said = records(board.output()).filter((r) => /listening/.test(String(r.msg)));
  assert.equal(said.length, TRANSPORTS.length, `one listening line per port:\n${JSON.stringify(said)}`);
  for (const r of said) {
    assert.deepEqual(Object.keys(r).sort(), ['host', 'level', 'msg', 'port', 'time', 'transport']);
    assert.equal(r.msg, 'listening');
    assert.equal(r.level, 'info');
    assert.equal(r.host, '127.0.0.1');
    assert.equal(typeof r.port, 'number');
  }
  assert.deepEqual(said.map((r) => r.transport).sort(), TRANSPORTS);
  assert.deepEqual(board.ports, Object.fromEntries(said.map((r) => [r.transport, r.port])));
  for (const port of Object.values(board.ports)) await answers(port);
});

test('a clean stop by SIGINT or SIGTERM logs nothing at WARN, also with worker nodes', { timeout: 90_000 }, async (t) => {
  const text = await boardFor(t, { args: ['--nodes', '2'] });
  assert.equal(await text.stop('SIGINT'), 0, text.output());
  assert.match(text.output(), /INFO {2}stopped cleanly/);
  assert.deepEqual(
    text
      .output()
      .split('\n')
      .filter((l) => /^\S+Z (WARN|ERROR)/.test(l)),
    [],
    'Ctrl-C is no warning',
  );

  const json = await boardFor(t, { args: ['--nodes', '2'], env: { BBS_LOG_FORMAT: 'json' } });
  assert.equal(await json.stop('SIGTERM'), 0, json.output());
  const all = records(json.output());
  assert.ok(all.some((r) => r.msg === 'stopped cleanly'), json.output());
  assert.deepEqual(all.filter((r) => r.level === 'warn' || r.level === 'error'), [], 'SIGTERM is no warning');
});

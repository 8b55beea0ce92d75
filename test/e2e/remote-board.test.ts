import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { askBoard } from '../../src/control/client.js';
import { RemoteBoard } from '../../src/doors/remote-board.js';
import type { GatewayDefinition } from '../../src/config/door-settings.js';
import { DEFAULT_TERMINAL, type Terminal } from '../../src/session/events.js';
import { TelnetClient } from '../callers/telnet.js';
import { logIn, signUp, type Typist } from '../helpers/terminal-login.js';
import { RecordingSink } from '../helpers/recording-sink.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

/**
 * The gateway to other boards, against a real one: our own board, started as
 * its own process with one line, is the far board a RemoteBoard dials over
 * telnet. What it logs and shows proves what our client told it.
 */

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ args: ['--lines', '1'] });
});
after(async () => {
  await board?.stop();
});

function farBoard(): GatewayDefinition {
  return { name: 'mongrel', title: 'The Far Mongrel', description: '', host: board.host, port: board.ports.telnet!, protocol: 'telnet', level: 'member' };
}

/** A RemoteBoard for a caller at `terminal`, started; stopped after the test if it is still on. */
function dialFar(t: TestContext, terminal: Partial<Terminal>): { peer: RemoteBoard; sink: RecordingSink; typist: Typist } {
  const peer = new RemoteBoard({ gateway: farBoard(), terminal: { ...DEFAULT_TERMINAL, ...terminal } });
  t.after(() => peer.stop('ended'));
  const sink = new RecordingSink();
  peer.start(sink);
  const typist: Typist = {
    expect: (p) => sink.waitFor(p, 30_000),
    send: (keys) => peer.input(Buffer.from(keys, 'utf8')),
    line: (text) => peer.input(Buffer.from(`${text}\r\n`, 'utf8')),
  };
  return { peer, sink, typist };
}

/** The board's log lines since `from` that say a telnet call was placed. */
function placedLines(from: number): string[] {
  return board
    .output()
    .slice(from)
    .split('\n')
    .filter((l) => l.includes('telnet call placed'));
}

/** With one line on the far board, each test waits for the last call to hang up and give it back. */
async function lineFree(): Promise<void> {
  await until(
    'the far board to have no caller',
    async () => {
      const answer = await askBoard(board.data, { cmd: 'who' });
      return answer.ok && (answer.callers ?? []).length === 0;
    },
    20_000,
    100,
  );
}

test('through the gateway: sign up on the far board, which sees our window and terminal type, resize, and come back with Ctrl-] q', { timeout: 120_000 }, async (t) => {
  const from = board.output().length;
  const { peer, sink, typist } = dialFar(t, { cols: 100, rows: 30, termType: 'xterm-256color' });
  await sink.waitFor('Connected to The Far Mongrel. Press Ctrl-] then q to come back.');
  await signUp(typist, 'Roamer', 'password1', { key: 'y' });
  await sink.waitFor(/> $/);

  const placed = placedLines(from);
  assert.equal(placed.length, 1, board.output().slice(from));
  assert.match(placed[0]!, /termType=xterm-256color/);
  assert.match(placed[0]!, /cols=100/);
  assert.match(placed[0]!, /rows=30/);

  // A window change reaches the far board as NAWS: at 40 columns it draws the narrow variant of its screens.
  const wide = sink.mark();
  typist.send('S');
  await sink.waitFor(/YOUR SETTINGS[\s\S]*> $/);
  assert.match(sink.text(wide), /╡ YOUR SETTINGS ╞/, 'the wide settings box at 100 columns');
  typist.send('Q');
  await sink.waitFor(/MAIN MENU[\s\S]*> $/);
  peer.resize(40, 20);
  const narrow = sink.mark();
  typist.send('S');
  await sink.waitFor(/YOUR SETTINGS[\s\S]*> $/);
  assert.match(sink.text(narrow), /┌─ YOUR SETTINGS ─/, 'the narrow settings box at 40 columns');
  assert.doesNotMatch(sink.text(narrow), /╡ YOUR SETTINGS ╞/);

  peer.input(Buffer.from('\x1d'));
  peer.input(Buffer.from('q'));
  assert.deepEqual(await sink.ended(), { how: 'escape' });
  assert.equal(sink.broken, 0);
});

test('a CP437 caller is announced as ANSI and gets the classic profile; logging off on the far board ends the visit', { timeout: 120_000 }, async (t) => {
  await lineFree();
  const from = board.output().length;
  const { sink, typist } = dialFar(t, { cols: 80, rows: 25, encoding: 'cp437', ansiBbs: true, termType: 'syncterm' });
  await sink.waitFor('Connected to The Far Mongrel.');
  await logIn(typist, 'Roamer', 'password1', { key: 'y' });
  await sink.waitFor(/> $/);
  const placed = placedLines(from);
  assert.equal(placed.length, 1, board.output().slice(from));
  assert.match(placed[0]!, /termType=ansi\b/);
  assert.match(placed[0]!, /encoding=cp437/);

  typist.send('q');
  await sink.waitFor('Log off?');
  typist.send('y');
  assert.deepEqual(await sink.ended(30_000), { how: 'exit' });
});

test('a far board with every line taken: the caller sees its busy signal and comes back with a note quoting it', { timeout: 120_000 }, async (t) => {
  await lineFree();
  const holder = await TelnetClient.connect(board.ports.telnet!);
  try {
    await holder.waitFor("Who's calling?", { timeoutMs: 30_000 });
    const { sink } = dialFar(t, {});
    const outcome = await sink.ended(30_000);
    assert.equal(outcome.how, 'failed');
    assert.match(outcome.note ?? '', /^The Far Mongrel hung up at once: "BUSY Mongrel BBS: .*in use right now\."$/);
    assert.match(sink.text(), /NO CARRIER/);
  } finally {
    holder.close();
  }
});

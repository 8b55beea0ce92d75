import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { PtyProcess } from '../helpers/pty.js';
import { logIn, signUp } from '../helpers/terminal-login.js';
import { requireOriginalClient } from '../helpers/tools.js';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board.stop();
});

/** The unmodified seed client, in a pseudo-terminal, against the board. */
function dial({ python, client }: { python: string; client: string }, port = board.ports.tcpjson!): PtyProcess {
  return PtyProcess.spawn([python, client, '127.0.0.1', String(port)]);
}

test('the original Python 2 client plays every menu entry of the board', { timeout: 60_000 }, async (t) => {
  const original = requireOriginalClient(t);
  if (!original) return;

  // First caller registers, leaves a two-line message and reads it back.
  const first = dial(original);
  await first.expect('Connecting to 127.0.0.1');
  await signUp(first, 'Alice', 'wonderland', { line: 'y' });
  first.line('1');
  await first.expect('Subject:');
  first.line('From 2010');
  await first.expect('Type your message');
  first.line('Hello from the original client.');
  first.line('Second line, still here.');
  first.line('.');
  await first.expect(/Message #\d+ posted/);
  await first.expect('MAIN MENU');
  first.line('2');
  await first.expect('Alice');
  await first.expect('Hello from the original client.');
  await first.expect('Second line, still here.');
  await first.expect('End of messages');
  first.line(' q ');
  await first.expect('Log off?');
  first.line('y');
  await first.expect('So long, Alice');
  assert.equal(await first.exited, 0, 'the client exits 0 on the exit reply');

  // Second caller registers and sends Alice a private message; an unknown name is refused.
  const second = dial(original);
  await signUp(second, 'Bob', 'builder99', { line: 'y' });
  second.line('3');
  await second.expect('Send to whom?');
  second.line('Nobody');
  await second.expect("Nobody here goes by 'Nobody'");
  await second.expect('MAIN MENU');
  second.line('3');
  await second.expect('Send to whom?');
  second.line('alice');
  await second.expect('Writing to Alice');
  await second.expect('Subject:');
  second.line('Coffee');
  second.line('Psst, Alice: the coffee is on me.');
  second.line('.');
  await second.expect('Sent. Alice will find it');
  second.line('Q');
  await second.expect('Log off?');
  second.line('');
  assert.equal(await second.exited, 0);

  // Alice again: told about new mail, reads it (unread first), and it is read afterwards.
  const third = dial(original);
  await logIn(third, 'ALICE', 'wonderland', { line: 'Y' });
  third.line('4');
  await third.expect('1 message for you, 1 new');
  await third.expect(/NEW from Bob/);
  await third.expect('the coffee is on me');
  await third.expect('MAIN MENU');
  third.line('4');
  await third.expect('1 message for you, 0 new');
  third.line('q');
  await third.expect('Log off?');
  third.line('y');
  assert.equal(await third.exited, 0);
});

test('three wrong passwords end the call with a goodbye the client understands', { timeout: 30_000 }, async (t) => {
  const original = requireOriginalClient(t);
  if (!original) return;
  const c = dial(original);
  await signUp(c, 'Carol', 'correct-horse', { line: 'y' });
  c.line('q');
  await c.expect('Log off?');
  c.line('y');
  assert.equal(await c.exited, 0);
  const again = dial(original);
  await again.expect("Who's calling?");
  again.line('carol');
  await again.expect('Password:');
  for (const left of ['2 tries left', '1 try left']) {
    again.line('battery-staple');
    await again.expect(left);
    await again.expect('Password:');
  }
  again.line('battery-staple');
  await again.expect('The line goes quiet');
  assert.equal(await again.exited, 0);
});

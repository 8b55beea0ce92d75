import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { startBoardProcess } from '../helpers/spawned-board.js';


/**
 * A caller whose line drops in the middle of a message finds it offered
 * back at their next call, on the line editor (the 2010 client) as on the
 * full-screen one: the lines kept, the rest typed, and the message posted.
 */
test('the 2010 client: a line dropped mid-message, then a new call: the message is offered back, finished and posted', { timeout: 60_000 }, async (t) => {
  const board = await startBoardProcess({ t });
  const first = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(first, 'dropper', 'password1');
  first.send('1');
  await first.answer('Subject', 'Half a thought');
  await first.linePrompt(1);
  first.send('The first line survives,');
  await first.linePrompt(2);
  first.send('and so does the second.');
  await first.linePrompt(3);
  first.close();

  const again = await JsonClient.dial(board.ports.tcpjson!);
  t.after(() => again.close());
  await again.answer("Who's calling?", 'dropper');
  await again.answer('Password:', 'password1');
  await again.answer('go on?', 'y');
  await again.expect(/When your line dropped you were writing a message \(2 lines\)\. Carry on with it\s+now\?/, 'prompt');
  again.send('y');
  await again.expect('Your message so far:');
  await again.expect('The first line survives,');
  await again.linePrompt(3);
  again.send('And the third is new.');
  await again.linePrompt(4);
  again.send('.');
  await again.expect(/posted/i);
  await again.expect('MAIN MENU', 'prompt');
  again.send('2');
  await again.expect('And the third is new.');
  const shown = again.replies.map((r) => r.msg).join('\n');
  assert.match(shown, /The first line survives,[\s\S]*and so does the second\.[\s\S]*And the third is new\./);
});

import type { JsonClient } from './json.js';
import { stripAnsi } from './text-stream.js';
import { until } from '../helpers/until.js';

/**
 * What a caller on a multi-host board reads to tell where it is: the node
 * its welcome line names (each host has its own block of a hundred) and
 * the who's online list.
 */

/** Which host a caller landed on: its node's block of a hundred numbers, read from the welcome line. */
export async function blockOf(c: JsonClient): Promise<number> {
  const node = await until('the welcome line naming the node', () => /node (\d+)/.exec(stripAnsi(c.replies.map((r) => r.msg ?? '').join('')))?.[1]);
  return Math.floor((Number(node) - 1) / 100);
}

/** Who's online as a caller sees it: the list the W key shows, back at the main menu after. */
export async function whoIsOnline(c: JsonClient): Promise<string> {
  c.send('W');
  const list = await c.expect(/callers? on the board/, undefined, 10_000);
  await c.answer('to go on', '');
  await c.expect('MAIN MENU', 'prompt', 10_000);
  return stripAnsi(list.msg);
}

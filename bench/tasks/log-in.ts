import { BENCH_PASSWORD } from '../lib/accounts.js';
import type { JsonCaller } from '../lib/json-caller.js';
import type { TelnetCaller } from '../lib/telnet-caller.js';

/** The end of the main menu's prompt: " Name · level · node 1 · 12:00 UTC" and the "> " prompt character (on its own line over telnet). */
export const MENU_PROMPT = /UTC\s*> /;

/** Name, password, the MOTD's "go on?" (a one-key prompt), then the main menu. */
export async function telnetLogIn(c: TelnetCaller, name: string, timeoutMs = 30_000): Promise<void> {
  await c.until("Who's calling?", timeoutMs);
  c.send(name);
  await c.until('Password:', timeoutMs);
  c.send(BENCH_PASSWORD);
  await c.until('go on?', timeoutMs);
  c.socket.write('y');
  await c.until(MENU_PROMPT, timeoutMs);
}

export async function jsonLogIn(c: JsonCaller, name: string, timeoutMs = 30_000): Promise<void> {
  await c.prompt("Who's calling?", timeoutMs);
  c.send(name);
  await c.prompt('Password:', timeoutMs);
  c.send(BENCH_PASSWORD);
  await c.prompt('go on?', timeoutMs);
  c.send('y');
  await c.prompt('MAIN MENU', timeoutMs);
}

import { logIn } from '../helpers/terminal-login.js';
import type { JsonCaller } from './json.js';
import type { TelnetCaller } from './telnet.js';

/** The end of the main menu's prompt: " Name · level · node 1 · 12:00 UTC" and the "> " prompt character (on its own line over telnet). */
export const MENU_PROMPT = /UTC\s*> /;

/** Name, password, the MOTD's "go on?" (a one-key prompt), then the main menu, its prompt and all. */
export async function telnetLogIn(c: TelnetCaller, name: string, password: string, timeoutMs = 30_000): Promise<void> {
  const typist = { expect: (text: string | RegExp) => c.until(text, timeoutMs), send: (keys: string) => c.type(keys), line: (text: string) => c.send(text) };
  await logIn(typist, name, password, { key: 'y' });
  await c.until(MENU_PROMPT, timeoutMs);
}

/** The same over the JSON socket, where every wait is for a prompt and "go on?" takes a line. */
export async function jsonLogIn(c: JsonCaller, name: string, password: string, timeoutMs = 30_000): Promise<void> {
  const typist = { expect: (text: string | RegExp) => c.prompt(text, timeoutMs), send: (msg: string) => c.send(msg), line: (msg: string) => c.send(msg) };
  await logIn(typist, name, password, { line: 'y' });
}

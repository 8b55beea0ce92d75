/**
 * A caller at a character terminal, as the sign-up and log-in scripts below
 * drive it: a real client in a pseudo-terminal, a raw telnet socket, or the
 * board's own terminal session. It sees text, not prompts: it waits for what
 * the screen shows and types keys.
 */
export interface Typist {
  /** Wait until the output shows `pattern` (after the last wait, for a caller that keeps its place). */
  expect(pattern: string | RegExp): Promise<unknown>;
  /** Type keys, no Enter. */
  send(keys: string): void;
  /** Type a line and press Enter. */
  line(text: string): void;
}

/**
 * The answer to "go on?" after the news. The prompt takes one key: a client
 * in character mode sends just the key, one that edits a line first (the
 * original client, telnet in line mode) sends it with Enter.
 */
export type GoOn = { key: string } | { line: string };

/** A new account from the name prompt: name, password twice, the welcome, then past the news to the main menu. */
export async function signUp(c: Typist, name: string, password: string, goOn: GoOn): Promise<void> {
  await c.expect("Who's calling?");
  c.line(name);
  await c.expect('Password:');
  c.line(password);
  await c.expect('once more');
  c.line(password);
  // A phrase that may wrap on a narrow screen (at a space): any white space between its words.
  await c.expect(/Your\s+account\s+is\s+ready/);
  await pastTheNews(c, goOn);
}

/** An existing account from the name prompt: name, password, then past the news to the main menu. */
export async function logIn(c: Typist, name: string, password: string, goOn: GoOn): Promise<void> {
  await c.expect("Who's calling?");
  c.line(name);
  await c.expect('Password:');
  c.line(password);
  await pastTheNews(c, goOn);
}

async function pastTheNews(c: Typist, goOn: GoOn): Promise<void> {
  await c.expect('go on?');
  if ('key' in goOn) c.send(goOn.key);
  else c.line(goOn.line);
  await c.expect('MAIN MENU');
}

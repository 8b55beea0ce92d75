import type { SessionIO, Vars } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';

/** Longest subject, in characters: one line of a message list. */
export const SUBJECT_MAX = 60;

/**
 * Typing a message the seed's way: line after line, ended by a line holding
 * only a dot. The line cap is stated up front and enforced. Lines given in
 * `prefill` (a quote) start the message and count toward the cap; `intro` is
 * a screen of its own for text that is no message (the MOTD). Returns the
 * body, or null when nothing but blank lines was typed.
 */
export async function composeBody(io: SessionIO, deps: FlowDeps, opts: { prefill?: readonly string[]; intro?: { screen: string; vars: Vars } } = {}): Promise<string | null> {
  const max = deps.limits.messageLines;
  io.screen(opts.intro?.screen ?? 'compose_intro', { ...opts.intro?.vars, max, width: deps.limits.lineLength });
  // A quote may take at most half the message, so there is always room to answer it.
  const quoted = (opts.prefill ?? []).slice(0, Math.floor(max / 2));
  const lines: string[] = [...quoted];
  if (quoted.length) {
    io.screen('compose_quoted', { count: plural(quoted.length, 'line') });
    io.print(quoted.map((line, i) => io.render('compose_line', { n: i + 1, line })).join('\n'));
  }
  while (lines.length < max) {
    const line = await io.ask('', {
      pchar: '|08{{n:>2}}|07: ',
      vars: { n: lines.length + 1 },
      maxLength: deps.limits.lineLength,
    });
    if (line.trim() === '.') break;
    // An Enter before anything was typed (the habit of pressing it after the menu key) starts nothing.
    if (lines.length === 0 && line.trim() === '') continue;
    lines.push(line.trimEnd());
    if (lines.length === max) io.screen('compose_full', { max });
  }
  if (lines.slice(quoted.length).every((l) => l.trim() === '')) return null;
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.join('\n');
}

/**
 * A subject line; Enter alone keeps `fallback`, or gives null when there is
 * none. The prompt says what Enter does: keeps the fallback, gives up (a new
 * topic, which needs a subject: `required`), or sends without one.
 */
export async function askSubject(io: SessionIO, fallback: string | null, opts: { required?: boolean } = {}): Promise<string | null> {
  const screen = fallback ? 'ask_subject_keep' : opts.required ? 'ask_subject' : 'ask_subject_none';
  const typed = (await io.prompt(screen, { maxLength: SUBJECT_MAX, vars: { fallback: fallback ?? '' } })).trim();
  return typed || fallback;
}

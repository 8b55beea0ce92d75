import type { Draft } from '../session/draft.js';
import type { SessionIO, Vars } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';
import { composeFullScreen, writesFullScreen, type FullComposeOptions } from './compose-full.js';
import { SUBJECT_MAX } from '../rules/message-caps.js';

/** Longest subject, in characters: one line of a message list (a rule every wire keeps). */
export { SUBJECT_MAX };

/** Where a message goes, without its lines: what a draft needs besides them. */
export type DraftTarget = Omit<Draft, 'lines' | 'quoted'>;

export interface ComposeOptions {
  /** Lines that start the message (a quote). */
  prefill?: readonly string[];
  /** Where the message goes: given, every line is saved as a draft as it is typed, so a node restart loses none. */
  target?: DraftTarget;
  /** A draft given back after the call moved to another node: its lines start the message and typing goes on after them. */
  resume?: Draft;
  /** A screen of its own instead of the message intro, for text that is no message (the MOTD). */
  intro?: { screen: string; vars: Vars };
  /** The full-screen editor's header; given, callers whose terminal can draw it write there instead of line by line. */
  header?: FullComposeOptions['header'];
  /** The message answered, for the full-screen editor's quote window (the line editor takes `prefill`). */
  quoteFrom?: FullComposeOptions['quoteFrom'];
}

/**
 * Typing a message the seed's way: line after line, ended by a line holding
 * only a dot. The line cap is stated up front and enforced. Lines given in
 * `prefill` (a quote) start the message and count toward the cap; `intro` is
 * a screen of its own for text that is no message (the MOTD). Returns the
 * body, or null when nothing but blank lines was typed.
 */
export async function composeBody(io: SessionIO, deps: FlowDeps, opts: ComposeOptions = {}): Promise<string | null> {
  if (opts.header && (await writesFullScreen(io, deps))) {
    return composeFullScreen(io, deps, { header: opts.header, ...(opts.target ? { target: opts.target } : {}), ...(opts.resume ? { resume: opts.resume } : {}), ...(opts.quoteFrom ? { quoteFrom: opts.quoteFrom } : {}) });
  }
  const max = deps.limits.messageLines;
  const { lines, quoted } = opts.resume ? resumeLines(io, max, opts.resume) : startLines(io, deps, opts.prefill ?? [], opts.intro);
  const target = opts.target;
  const save = (): void => {
    if (target) io.saveDraft({ ...target, lines: [...lines], quoted });
  };
  save();
  while (lines.length < max) {
    const line = await io.ask('', {
      pchar: '|08{{n:>2}}|07: ',
      vars: { n: lines.length + 1 },
      maxLength: deps.limits.lineLength,
      // After a node restart, the caller is back at the very line they were typing.
      resumes: true,
    });
    if (line.trim() === '.') break;
    // An Enter before anything was typed (the habit of pressing it after the menu key) starts nothing.
    if (lines.length === 0 && line.trim() === '') continue;
    lines.push(line.trimEnd());
    save();
    if (lines.length === max) io.screen('compose_full', { max });
  }
  if (target) io.saveDraft(null);
  if (lines.slice(quoted).every((l) => l.trim() === '')) return null;
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.join('\n');
}

function startLines(io: SessionIO, deps: FlowDeps, prefill: readonly string[], intro?: ComposeOptions['intro']): { lines: string[]; quoted: number } {
  const max = deps.limits.messageLines;
  io.screen(intro?.screen ?? 'compose_intro', { ...intro?.vars, max, width: deps.limits.lineLength });
  // A quote may take at most half the message, so there is always room to answer it.
  const quote = prefill.slice(0, Math.floor(max / 2));
  if (quote.length) {
    io.screen('compose_quoted', { count: plural(quote.length, 'line') });
    showLines(io, quote);
  }
  return { lines: [...quote], quoted: quote.length };
}

/** The message so far, shown again as it was typed, on the node that now holds the call. */
function resumeLines(io: SessionIO, max: number, draft: Draft): { lines: string[]; quoted: number } {
  const lines = draft.lines.slice(0, max);
  // Re-seated after a node went away, or taken up again on a later call.
  if (io.session.resumed) io.screen('draft_resumed', { node: io.session.node, count: lines.length });
  else io.screen('draft_recalled', { count: lines.length });
  showLines(io, lines);
  return { lines, quoted: Math.min(draft.quoted, lines.length) };
}

/** Lines of a message as the editor numbered them. */
export function showLines(io: SessionIO, lines: readonly string[]): void {
  if (lines.length) io.print(lines.map((line, i) => io.render('compose_line', { n: i + 1, line })).join('\n'));
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

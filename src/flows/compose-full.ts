import type { EditRequest } from '../session/edit.js';
import type { SessionIO } from '../session/io.js';
import type { DraftTarget } from './compose.js';
import type { Draft } from '../session/draft.js';
import type { FlowDeps } from './deps.js';
import { loadPreferences } from './preferences.js';

/** Wires whose terminals the board draws on: the JSON socket's client prints lines and keeps the line editor. */
const SCREEN_WIRES: ReadonlySet<string> = new Set(['telnet', 'ssh', 'websocket']);

/** The smallest terminal the full-screen editor is drawn on; a smaller one writes line by line. */
const MIN_COLS = 40;
const MIN_ROWS = 20;

/** Whether this caller writes in the full-screen editor: a terminal that addresses the cursor, big enough, and their choice. */
export async function writesFullScreen(io: SessionIO, deps: FlowDeps): Promise<boolean> {
  const t = io.session.terminal;
  if (!SCREEN_WIRES.has(io.session.transport) || t.termType === 'dumb' || t.cols < MIN_COLS || t.rows < MIN_ROWS) return false;
  const chosen = io.session.user ? (await loadPreferences(deps, io.session.user.id)).editor : 'auto';
  return (chosen === 'auto' ? (deps.board.editor ?? 'full') : chosen) === 'full';
}

export interface FullComposeOptions {
  header: EditRequest['header'];
  target?: DraftTarget;
  resume?: Draft;
  /** The message being answered, for the quote window. */
  quoteFrom?: { author: string; text: string };
}

/**
 * A message written in the full-screen editor at the caller's connection:
 * the text comes back whole when they save, and the text so far is kept as
 * the call's draft while they type (a node restart or a dropped line loses
 * nothing). Null when they gave up or left it blank.
 */
export async function composeFullScreen(io: SessionIO, deps: FlowDeps, opts: FullComposeOptions): Promise<string | null> {
  const { target } = opts;
  const max = deps.limits.messageLines;
  const save = (text: string): void => {
    if (target) io.saveDraft({ ...target, lines: text.split('\n').slice(0, max), quoted: 0 });
  };
  const start = opts.resume ? opts.resume.lines.slice(0, max).join('\n') : '';
  // Kept from the start, even empty: a node that takes the call over before the editor's first draft
  // must know the caller is writing, so it asks for the editor again and the one on their screen stays.
  save(start);
  const request: EditRequest = {
    header: opts.header,
    caps: { maxLines: max, maxLineLength: deps.limits.lineLength },
    text: start,
    ...(opts.quoteFrom ? { quote: opts.quoteFrom } : {}),
    ...(opts.resume ? { resumes: true } : {}),
  };
  const text = await io.edit(request, save);
  if (target) io.saveDraft(null);
  if (text === null) return null;
  const lines = text.split('\n').map((l) => l.trimEnd());
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.length === 0 ? null : lines.join('\n');
}

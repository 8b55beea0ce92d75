/**
 * A message a caller is half-way through, as plain data: where it goes and
 * the lines typed so far. It travels node -> gateway with every line and
 * gateway -> node when the call is re-seated, so a node restart for a deploy
 * costs the caller nothing they typed.
 */
export interface Draft {
  /** What the message is, which says how a new node finishes it. */
  kind: 'post' | 'reply' | 'mail';
  /** A public message's area (post). */
  area?: string;
  /** The message answered (reply). */
  parentId?: number;
  /** Mail's recipient, by account id (their name may change; the id does not). */
  recipientId?: number;
  subject: string | null;
  /** Lines so far, a quote first. */
  lines: string[];
  /** How many of `lines` are the quote (they alone do not make a message). */
  quoted: number;
}

/**
 * Caps far above what the message limits allow (at most 1000 lines of 2000
 * characters), so a draft inside the limits is never cut, and one that is
 * not cannot grow a process's memory without end.
 */
export const DRAFT_MAX_LINES = 1000;
const DRAFT_MAX_LINE = 2000;
const DRAFT_MAX_FIELD = 200;

const KINDS: ReadonlySet<string> = new Set(['post', 'reply', 'mail']);

/** A draft cut to the caps, or null when it is not one (any shape from another process is checked). */
export function boundDraft(value: unknown): Draft | null {
  if (typeof value !== 'object' || value === null) return null;
  const d = value as Partial<Record<keyof Draft, unknown>>;
  if (typeof d.kind !== 'string' || !KINDS.has(d.kind) || !Array.isArray(d.lines)) return null;
  const lines = d.lines
    .slice(0, DRAFT_MAX_LINES)
    .map((l) => (typeof l === 'string' ? l.slice(0, DRAFT_MAX_LINE) : ''));
  const draft: Draft = {
    kind: d.kind as Draft['kind'],
    subject: typeof d.subject === 'string' ? d.subject.slice(0, DRAFT_MAX_FIELD) : null,
    lines,
    quoted: typeof d.quoted === 'number' && Number.isInteger(d.quoted) ? Math.min(Math.max(d.quoted, 0), lines.length) : 0,
  };
  if (typeof d.area === 'string') draft.area = d.area.slice(0, DRAFT_MAX_FIELD);
  if (typeof d.parentId === 'number' && Number.isSafeInteger(d.parentId)) draft.parentId = d.parentId;
  if (typeof d.recipientId === 'number' && Number.isSafeInteger(d.recipientId)) draft.recipientId = d.recipientId;
  return draft;
}

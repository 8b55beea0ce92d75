import { boundDraft, type Draft } from '../session/draft.js';

/**
 * A draft as the store keeps it: JSON text, written and read back through
 * the same checks as a draft from another process, on either engine.
 */

/** The text to keep, or null when the value is not a draft at all (nothing is kept). */
export function draftToJson(draft: Draft): string | null {
  const bounded = boundDraft(draft);
  return bounded ? JSON.stringify(bounded) : null;
}

/** The kept text as a draft, or null when it is not one (a row written by hand, or by a broken process). */
export function draftFromJson(text: string): Draft | null {
  try {
    return boundDraft(JSON.parse(text));
  } catch {
    return null;
  }
}

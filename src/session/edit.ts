/**
 * Writing a message in the full-screen editor, which runs in the terminal
 * layer beside the caller's connection: the conversation asks with an
 * `edit` output event and gets the finished text back as one `edited`
 * input event (null when the caller gave up). While they type, the text so
 * far comes now and then as `edit-draft`, so a dropped line or a restarted
 * node loses nothing. Plain data, so it crosses a node's link.
 */
export interface EditRequest {
  /** The rows over the text: a title and fields (To, Subject, Area). */
  header: { title: string; fields: Array<[string, string]> };
  caps: { maxLines: number; maxLineLength: number };
  /** What the message starts with (a draft given back). */
  text: string;
  /** The message being answered, for the quote window (Ctrl-Q). */
  quote?: { author: string; text: string };
  /**
   * Asked again on a node that took the call over: an editor the caller
   * still has open keeps what is on it, which is newer than any draft.
   */
  resumes?: boolean;
}

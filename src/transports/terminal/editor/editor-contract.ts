/**
 * The full-screen message editor's parts, as the terminal session drives
 * them: the text model (what is written and where the cursor is), the key
 * decoder (a terminal's bytes as keys), and the view (what the screen shows,
 * as plain data, drawn as terminal bytes). The editor runs in the terminal
 * layer beside the connection, so typing never waits on a node.
 */

/** The caps a message has, shown and enforced as the caller types. */
export interface EditorCaps {
  maxLines: number;
  maxLineLength: number;
}

/** One key as the editor understands it, from whatever bytes the terminal sent. */
export type EditorKey =
  | { k: 'text'; text: string }
  /** Bracketed paste: arrives whole, inserted in one step. */
  | { k: 'paste'; text: string }
  | { k: 'key'; name: 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pageUp' | 'pageDown' | 'insert' | 'delete' | 'backspace' | 'enter' | 'tab' | 'escape' | 'f1' }
  /** Ctrl and a letter (Ctrl-A is 'a'). */
  | { k: 'ctrl'; letter: string };

/** What the screen shows of the editor: the view draws exactly this. */
export interface EditorViewState {
  cols: number;
  rows: number;
  /** The top rows: a title and the fields (To, Subject, Area ...). */
  header: { title: string; fields: ReadonlyArray<readonly [string, string]> };
  /** The message as displayed, one entry a screen line (already wrapped to the width). */
  lines: readonly string[];
  /** The first line shown in the text area. */
  top: number;
  /** Where the cursor is: a line of `lines` and a display column (wide characters take two). */
  cursor: { line: number; col: number };
  overwrite: boolean;
  caps: EditorCaps;
  /** A one-line note on the status row for now ("Line cap reached", "Save? ..."), or null. */
  message: string | null;
  /** Drawn over the text area. */
  overlay:
    | null
    | { kind: 'help' }
    | { kind: 'confirm'; text: string }
    | { kind: 'quote'; title: string; lines: readonly string[]; top: number; cursor: number; marked: ReadonlySet<number> };
  style: { colorLevel: 0 | 1 | 2 | 3; ansiBbs: boolean };
}

/** What is on the screen after a draw: for the next draw to send only what changed. */
export interface EditorFrame {
  cols: number;
  rows: number;
  /** Each screen row as drawn (with its colour sequences). */
  screen: readonly string[];
  cursor: { row: number; col: number };
  /**
   * What the rows were drawn from, for the next draw to reuse a row that has not changed rather
   * than paint it again: the header, the look (colour level and ANSI-BBS), and each text row's
   * plain text (null for a row under an overlay or outside the text area).
   */
  header?: EditorViewState['header'];
  look?: number;
  text?: ReadonlyArray<string | null>;
}

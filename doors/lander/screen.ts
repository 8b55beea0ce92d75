import type { View } from './texts.js';

/** How the game shows itself: full-screen ANSI, or plain lines for an ASCII terminal. */
export interface Screen {
  /** Full-screen drawings are drawn again when the window changes; plain lines are not. */
  readonly redrawsOnResize: boolean;
  title(view: View): void;
  /** The state after a turn and the burn prompt, with what has been typed at it. */
  turn(view: View): void;
  result(view: View): void;
  /** Echo of one key typed at a prompt, and of a backspace. */
  echo(ch: string): void;
  erase(): void;
  farewell(text: string): void;
}

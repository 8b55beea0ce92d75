import type { CallEnd, PromptMode, Terminal } from './events.js';
import type { Draft } from './draft.js';
import type { Handback, HandoffRequest } from './handoff.js';
import type { EditRequest } from './edit.js';
import type { Session, SessionUser } from './session.js';
import type { ArtMarkup } from '../screens/art-markup.js';
import type { TextBlock } from '../screens/text-block.js';

/** A value for an art variable: one line, unless the code passing it made it a TextBlock. */
type VarValue = string | number | TextBlock | ArtMarkup;
export type Vars = Readonly<Record<string, VarValue | undefined>>;

export interface PromptOptions {
  mode?: PromptMode;
  /** The input prompt after the text; art markup allowed. Default '> '. */
  pchar?: string;
  /**
   * A screen drawn between the text and the pchar, as the pchar's first
   * rows: the caller's own line under a menu, so that the menu itself is
   * the same text for every caller shown it with the same figures.
   */
  footer?: string;
  /** Longest answer accepted; longer answers are cut. Default 200. */
  maxLength?: number;
  vars?: Vars;
  /**
   * Take the prompt line and the typed answer off the caller's screen once
   * answered (on terminals the board echoes for), because the conversation
   * shows the answer back in its own form, as the chat room does.
   */
  transient?: boolean;
  /**
   * This prompt is the one a re-seated caller was at before the move (the
   * editor line they were typing, the chat line): what they had typed stays.
   * Only the first prompt after a move is affected.
   */
  resumes?: boolean;
}

/** Renders named screens from the art library for one caller. */
export interface ScreenRenderer {
  render(name: string, vars: Vars, session: Session): string;
  /** Render a fragment of art markup given inline (a pchar, a short line). */
  renderInline(markup: string, vars: Vars, session: Session): string;
}

/**
 * Everything a conversation can do, modelled on the seed's ui.lua. A
 * conversation is a plain async function of one of these.
 */
export interface SessionIO {
  readonly session: Session;
  /** Fires when the call ends for any reason; pending prompts reject then. */
  readonly signal: AbortSignal;
  /** The call has ended (the signal has fired): nothing more reaches the caller. A flag, where the signal is an object to make. */
  readonly ended: boolean;
  now(): Date;
  /** Show a named screen; ask nothing. */
  screen(name: string, vars?: Vars): void;
  /** Show a named one-line screen of progress that the next one replaces in place where the wire can (see the `screen` event's `status`). */
  status(name: string, vars?: Vars): void;
  /** What is shown next replaces the view: a clean screen where the caller's terminal has one (see the `clear` event). */
  clearScreen(): void;
  /** Show text composed by the board itself (not user text: neutralise that first). */
  print(text: string): void;
  render(name: string, vars?: Vars): string;
  /** Show a named screen as a prompt and wait for the answer. */
  prompt(name: string, opts?: PromptOptions): Promise<string>;
  /** Prompt with already rendered text. */
  ask(text: string, opts?: PromptOptions): Promise<string>;
  /** Show a named screen and end the call (a goodbye unless `end` says otherwise). Never returns. */
  exit(name: string, vars?: Vars, end?: CallEnd): never;
  /** Record the named flow the caller is in (and what they are doing, for who's online). */
  enter(flow: string, doing: string): void;
  /** Keep the message being typed (null once it is sent or dropped): a re-seated call gets it back. */
  saveDraft(draft: Draft | null): void;
  /** The caller has proven who they are. */
  login(user: SessionUser): void;
  /** Change terminal settings (profile override, colour, size); the transport is told. */
  setTerminal(patch: Partial<Terminal>): void;
  /**
   * Hand the caller's terminal to a door or another board and wait until it
   * is back; rejects if the call ends meanwhile. No idle limit runs while
   * the terminal is away: the other end has its own.
   */
  handOff(request: HandoffRequest): Promise<Handback>;
  /**
   * Open the full-screen editor on the caller's terminal and wait for the
   * text (null: given up); `onDraft` hears the text so far now and then.
   * Rejects if the call ends meanwhile. The keys stay at the connection;
   * the idle limit counts from the last change the editor reported.
   */
  edit(request: EditRequest, onDraft?: (text: string) => void): Promise<string | null>;
  /** Wait a while (a back-off); rejects if the call ends meanwhile. */
  pause(ms: number): Promise<void>;
  /** Run `fn` when the call ends (unsubscribe from a bus, release a lock). */
  onEnd(fn: () => void): void;
}

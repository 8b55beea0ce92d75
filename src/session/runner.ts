import { randomUUID } from 'node:crypto';
import type { CallerPort, CallHandle, Exchange } from './caller.js';
import type { Clock } from './clock.js';
import { boundDraft, type Draft } from './draft.js';
import { packFlags } from './packed-flags.js';
import { CallEndedError, isCallEnded } from './errors.js';
import type { CallEnd, HangupReason, InputEvent, OutputEvent, Terminal } from './events.js';
import { REASON_OF_END, saneSize } from './events.js';
import { InputQueue, type LineCutListener } from './input-queue.js';
import type { PromptOptions, ScreenRenderer, SessionIO, Vars } from './io.js';
import { Session, type SessionUser } from './session.js';
import type { Handback, HandoffRequest } from './handoff.js';
import type { EditRequest } from './edit.js';
import type { Logger } from '../logger.js';
import { oneLine } from '../screens/line-breaks.js';
import { StartPacer, type Startable } from './start-pacer.js';
import { Deadlines, type Deadlined } from './deadlines.js';

/** The prompt a new call opens with: the runner draws it and keeps the answer for the conversation. */
export interface OpeningPrompt {
  name: string;
  options?: PromptOptions;
}

/**
 * The whole call as one async function. A conversation may also say how a
 * new call opens: `opening` draws what a caller sees first and names the
 * prompt that follows. The runner opens that prompt and waits for its answer
 * before it starts the conversation, passing the answer as `opened` (or the
 * end of the call, as a rejection, when the caller left first): a caller who
 * sits at the first prompt (thousands may, after a restart) holds the call's
 * records, with no suspended conversation and no pending promise. Null from
 * `opening` means there is nothing to draw first, and the conversation
 * starts at once.
 */
export interface Conversation {
  (io: SessionIO, opened?: Promise<string>): Promise<void>;
  opening?: (io: SessionIO) => OpeningPrompt | null;
}

interface RunnerOptions {
  conversation: Conversation;
  screens: ScreenRenderer;
  clock: Clock;
  log: Logger;
  /** A caller who answers nothing for this long is cut off. */
  idleTimeoutMs: number;
  /** A caller who has not logged in after this long is cut off. */
  loginGraceMs: number;
  /** Lines typed ahead of the prompts, kept at most. */
  typeAheadLimit?: number;
  /** This node's number, for who's online. */
  node?: number;
  /** Told when a call starts, and when it is gone whatever ended it (lines, who's online). */
  onCallStart?: (session: Session) => void;
  /** `reason` is the call log's word for how it ended; a call that never opened never had a conversation. */
  onCallEnd?: (session: Session, reason: HangupReason | 'never-opened') => void;
  /** Told when who the caller is or where they are changes (login, a new flow): what a re-seat needs. */
  onSessionChange?: (session: Session) => void;
}

/** Where the node layer puts a call: its id across nodes, its line, and where a re-seated call resumes. */
interface Placement {
  callId?: string;
  line?: number;
  resumeAt?: string;
  /** The message a re-seated caller was typing. */
  draft?: Draft | null;
}

/** Screens the runner itself shows when it ends a call, and what kind of end each one is. */
const END_SCREENS: Record<CallEndedError['reason'], { screen: string; end: CallEnd } | null> = {
  hangup: null,
  exit: null,
  moved: null,
  idle: { screen: 'idle', end: 'timeout' },
  shutdown: { screen: 'shutdown', end: 'shutdown' },
  kicked: { screen: 'kicked', end: 'kicked' },
  grace: { screen: 'login_grace', end: 'timeout' },
};

const DEFAULT_MAX_LENGTH = 200;
const DEFAULT_PCHAR = '|15> |07';
const NO_VARS: Vars = Object.freeze({});

type PromptEvent = Extract<OutputEvent, { type: 'prompt' }>;

/** How long before the idle hang-up the caller is warned: a minute, or half the limit when that is shorter. */
const IDLE_WARNING_MS = 60_000;

/** The idle limit as two stretches: quiet until the warning, then the last stretch until the hang-up. */
function idleStretches(idleTimeoutMs: number): { warnAfterMs: number; lastMs: number } {
  const lastMs = Math.min(IDLE_WARNING_MS, Math.floor(idleTimeoutMs / 2));
  return { warnAfterMs: idleTimeoutMs - lastMs, lastMs };
}

/**
 * One running conversation per caller: the seed's coroutine engine, with the
 * reaping it lacked. Every call's timers, queue and end hooks are released in
 * one place when the conversation settles, whatever ended it.
 */
export class Runner implements Exchange {
  private readonly calls = new Map<string, Call>();
  private readonly starts = new StartPacer();
  private readonly deadlines: Deadlines;
  private closing = false;

  constructor(private readonly opts: RunnerOptions) {
    this.deadlines = new Deadlines(opts.clock);
  }

  dial(caller: CallerPort, placement: Placement = {}): CallHandle {
    const session = new Session(placement.callId ?? randomUUID(), caller.transport, caller.remote, caller.terminal, this.opts.clock.now());
    session.node = this.opts.node ?? 1;
    session.line = placement.line ?? 0;
    if (placement.resumeAt !== undefined) {
      session.resumeAt = placement.resumeAt;
      session.resumed = true;
      session.resumedFrom = placement.resumeAt;
      session.draft = boundDraft(placement.draft);
    }
    session.user = caller.preauthenticated ?? null;
    session.offeredKey = caller.offeredKey ?? null;
    const call = new Call(session, caller, this.opts, this.calls, this.starts, this.deadlines);
    this.calls.set(session.id, call);
    if (this.closing) call.end('shutdown');
    // The call is its own handle: no wrapper object and closure per caller.
    return call;
  }

  /** A call on this node by its id, until it has ended. */
  call(id: string): CallHandle | undefined {
    return this.calls.get(id);
  }

  /** How many calls the node holds, at the opening or in conversation. */
  get size(): number {
    return this.calls.size;
  }

  /** Everyone on this node, for who's online. */
  sessions(): Session[] {
    return [...this.calls.values()].filter((c) => c.started).map((c) => c.session);
  }

  /** End one call with a screen (the sysop's kick); false if no such call. */
  kick(sessionId: string): boolean {
    const call = this.calls.get(sessionId);
    if (!call) return false;
    call.end('kicked');
    return true;
  }

  /** Show a screen to one caller wherever they are (a page, a broadcast line). */
  notify(sessionId: string, text: string): boolean {
    const call = this.calls.get(sessionId);
    return call ? call.send({ type: 'screen', text }) : false;
  }

  /** Say goodbye to every caller and wait (bounded) for their conversations to unwind. */
  async shutdown(waitMs = 2000): Promise<void> {
    this.closing = true;
    const pending = [...this.calls.values()].map((c) => {
      c.end('shutdown');
      return c.done;
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(pending),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** What the runner holds right now; all zero when nobody is connected. */
  stats(): { sessions: number; timers: number; endHooks: number } {
    let endHooks = 0;
    for (const c of this.calls.values()) endHooks += c.endHookCount;
    return { sessions: this.calls.size, timers: this.opts.clock.liveTimers, endHooks };
  }
}

class Call implements SessionIO, CallHandle, LineCutListener, Startable, Deadlined {
  /** The yes/no states below, as bits (see `packFlags`); all start false. */
  private flags = 0;
  declare started: boolean;
  /** The conversation has been started (at once, or when the opening's prompt was answered). */
  private declare conversing: boolean;
  /** Made only when a flow asks for the signal (most calls never do); `abortReason` says whether it has fired. */
  private abort: AbortController | null = null;
  private abortReason: CallEndedError | null = null;
  /** Made only when someone waits for the call to settle (a shutdown). */
  private settled: Promise<void> | null = null;
  private resolveDone: (() => void) | null = null;
  /** Made with the first line typed or the first prompt asked: a caller waiting at the opening's prompt has neither. */
  private queue: InputQueue | null = null;
  private declare wireGone: boolean;
  private declare exitSent: boolean;
  private endReason: CallEndedError['reason'] | null = null;
  /** Why the call ended in the call log's words, once it has: the wire's own reason for a hangup. */
  private endWhy: HangupReason | undefined;
  /**
   * The call's place among the runner's deadlines (`Deadlines`, one timer for
   * every call on the node), due at the nearest of its own: the login grace,
   * the idle warning, the idle hang-up. Written by `Deadlines` only.
   */
  dueAt = 0;
  heapIndex = -1;
  /** When the login grace runs out (steady ms); 0 when it does not apply. */
  private graceAt = 0;
  /** When the idle limit next acts (the warning, or after it the hang-up); 0 when no prompt is timed. */
  private idleAt = 0;
  /** Whether `idleAt` is the hang-up, after the warning. */
  private declare idleWarned: boolean;
  private endHooks: Array<() => void> | null = null;
  private declare finished: boolean;
  /** A re-seated call has not yet asked its first prompt, which says whether it is the one the caller was at. */
  private declare movePending: boolean;
  /** The terminal is handed off: settled by the handback, or rejected when the call ends first. */
  private handback: { resolve: (h: Handback) => void; reject: (err: CallEndedError) => void } | null = null;
  /** The full-screen editor is open: settled with its text, or rejected when the call ends first. */
  private editing: { resolve: (text: string | null) => void; reject: (err: CallEndedError) => void; draft?: (text: string) => void } | null = null;
  /** An editor's text that came back while no edit was asked for (it was saved during a move to this node). */
  private editedEarly: { text: string | null } | null = null;
  /** While the opening prompt waits for its answer (see `Conversation`), the longest answer it takes; 0 otherwise. */
  private openingMax = 0;
  /** The last footer drawn over a pchar (see `PromptOptions.footer`), and the two joined. */
  private lastFooted: { footer: string; pchar: string; joined: string } | null = null;

  constructor(
    readonly session: Session,
    private readonly caller: CallerPort,
    private readonly opts: RunnerOptions,
    /** The runner's calls, which this one leaves when it is over. */
    private readonly calls: Map<string, Call>,
    /** Shared by the runner's calls: conversations start a few a turn. */
    private readonly starts: StartPacer,
    /** Shared by the runner's calls: one timer for all their deadlines. */
    private readonly deadlines: Deadlines,
  ) {
    this.movePending = session.resumed;
  }

  private inputQueue(): InputQueue {
    if (!this.queue) {
      // Wires that send whole lines (the JSON socket) can send more than a prompt takes: say where it was cut.
      this.queue = new InputQueue(this.opts.typeAheadLimit ?? 32, this);
      if (this.endReason !== null) this.queue.fail(this.endError());
    }
    return this.queue;
  }

  get id(): string {
    return this.session.id;
  }

  get signal(): AbortSignal {
    if (!this.abort) {
      this.abort = new AbortController();
      if (this.abortReason) this.abort.abort(this.abortReason);
    }
    return this.abort.signal;
  }

  get ended(): boolean {
    return this.abortReason !== null;
  }

  /** Settles once the conversation has unwound and the call's hooks have run. */
  get done(): Promise<void> {
    if (this.finished && this.resolveDone === null) return Promise.resolve();
    this.settled ??= new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    return this.settled;
  }

  get endHookCount(): number {
    return this.endHooks?.length ?? 0;
  }

  /** The input queue cut a line to its prompt's length: say where. */
  lineCut(maxLength: number): void {
    this.send({ type: 'screen', text: this.safeRender('line_cut', { max: maxLength }) });
  }

  input(ev: InputEvent): void {
    switch (ev.type) {
      case 'open':
        if (!this.started && this.endReason === null) this.starts.run(this);
        break;
      case 'line':
        // An answer is one line whatever the wire allows: the JSON socket carries any
        // string, and a break inside would put a row of the caller's own on others' screens.
        if (this.endReason === null) this.inputQueue().push(oneLine(ev.text));
        this.unpark();
        break;
      case 'resize':
        this.session.updateTerminal(saneSize(ev.cols, ev.rows));
        break;
      case 'hangup':
        this.wireGone = true;
        this.end('hangup', ev.reason);
        break;
      case 'handback': {
        const waiting = this.handback;
        this.handback = null;
        waiting?.resolve(ev.handback);
        break;
      }
      case 'edited': {
        const waiting = this.editing;
        this.editing = null;
        if (waiting) waiting.resolve(typeof ev.text === 'string' ? ev.text : null);
        else this.editedEarly = { text: typeof ev.text === 'string' ? ev.text : null };
        break;
      }
      case 'edit-draft':
        if (typeof ev.text !== 'string' || !this.editing) break;
        this.armIdleTimer();
        this.editing.draft?.(ev.text);
        break;
    }
  }

  /** Deliver to the wire unless it is gone or the call already said goodbye. */
  send(ev: OutputEvent): boolean {
    if (this.wireGone || this.exitSent) return false;
    if (ev.type === 'exit') this.exitSent = true;
    try {
      this.caller.deliver(ev);
    } catch (err) {
      this.opts.log.error('transport failed to deliver', { session: this.session.id, err });
    }
    return true;
  }

  /** End the call from the board's side (or note the caller left), showing the reason's screen. */
  end(reason: CallEndedError['reason'], why?: HangupReason): void {
    if (this.endReason !== null) return;
    this.endReason = reason;
    this.endWhy = why;
    const shown = END_SCREENS[reason];
    if (shown) this.send({ type: 'exit', text: this.safeRender(shown.screen, {}), end: shown.end });
    this.cancelTimers();
    const ended = this.endError();
    this.queue?.fail(ended);
    this.failHandback(ended);
    this.fireAbort(ended);
    if (!this.started) this.finish(ended.why);
    // A call still at its opening runs its conversation now, which sees the end (and logs the call).
    else this.unpark();
  }

  private failHandback(ended: CallEndedError): void {
    const waiting = this.handback;
    this.handback = null;
    waiting?.reject(ended);
    const editing = this.editing;
    this.editing = null;
    editing?.reject(ended);
  }

  /** With a reason of our own, abort() does not build a DOMException (and its stack) per call. */
  private fireAbort(reason: CallEndedError): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.abort?.abort(reason);
  }

  /** The error that unwinds the conversation, carrying why the call ended. */
  private endError(): CallEndedError {
    return new CallEndedError(this.endReason ?? 'hangup', this.endWhy);
  }

  /** Its turn to start (see StartPacer): unless the caller left meanwhile. */
  startNow(): void {
    if (!this.started && this.endReason === null) this.start();
  }

  private start(): void {
    this.started = true;
    this.opts.onCallStart?.(this.session);
    const now = this.opts.clock.steadyMs();
    this.graceAt = now + this.opts.loginGraceMs;
    this.schedule();
    try {
      this.open();
    } catch (err) {
      this.conversing = true;
      this.settle(Promise.reject(err instanceof Error ? err : new Error(String(err))));
      return;
    }
    // No opening, or its prompt is answered already by a line typed ahead.
    if (this.openingMax === 0 || (this.queue !== null && this.queue.length > 0)) this.unpark();
  }

  /** A new caller's opening, for a conversation that has one; a known or re-seated caller goes straight into the conversation. */
  private open(): void {
    const opening = this.opts.conversation.opening;
    if (!opening || this.session.user || this.session.resumed) return;
    const first = opening(this);
    if (first) this.openingMax = this.openPrompt(this.render(first.name, first.options?.vars ?? {}), first.options ?? {});
  }

  /** Start the conversation, handing it the opening prompt's answer (or the call's end) if the call opened with one. */
  private unpark(): void {
    if (!this.started || this.conversing) return;
    this.conversing = true;
    const openingMax = this.openingMax;
    this.openingMax = 0;
    if (openingMax === 0) {
      this.settle(this.converse(undefined));
      return;
    }
    const answer = this.endReason === null ? this.queue?.take(openingMax) : undefined;
    this.settle(this.converse(answer === undefined ? Promise.reject(this.endError()) : Promise.resolve(answer)));
  }

  /** The call's end once its conversation has settled, however it did. */
  private settle(conversation: Promise<void>): void {
    conversation.then(
      () => {
        if (this.endReason === null) this.send({ type: 'exit', text: this.safeRender('goodbye', {}) });
        this.finish(this.endReason === null ? 'goodbye' : this.endError().why);
      },
      (err: unknown) => {
        if (isCallEnded(err)) {
          this.finish(err.why);
          return;
        }
        this.opts.log.error('conversation crashed', { session: this.session.id, flow: this.session.resumeAt, err });
        this.send({ type: 'exit', text: this.safeRender('error', {}), end: 'error' });
        this.finish('error');
      },
    );
  }

  /** The conversation's promise; one that throws before it has one is a crash like any other. */
  private converse(opened: Promise<string> | undefined): Promise<void> {
    try {
      return opened ? this.opts.conversation(this, opened) : this.opts.conversation(this);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private finish(outcome: HangupReason): void {
    this.finished = true;
    this.endReason ??= 'exit';
    this.cancelTimers();
    const ended = new CallEndedError('exit');
    this.queue?.fail(ended);
    this.failHandback(ended);
    this.fireAbort(ended);
    const hooks = this.endHooks ?? [];
    this.endHooks = null;
    for (const hook of hooks) {
      try {
        hook();
      } catch (err) {
        this.opts.log.error('end hook failed', { session: this.session.id, err });
      }
    }
    this.calls.delete(this.session.id);
    this.opts.onCallEnd?.(this.session, this.started ? outcome : 'never-opened');
    const resolve = this.resolveDone;
    this.resolveDone = null;
    resolve?.();
  }

  private cancelTimers(): void {
    this.deadlines.clear(this);
    this.graceAt = 0;
    this.idleAt = 0;
  }

  /** In line for the nearest of the call's deadlines, or out of it when it has none. */
  private schedule(): void {
    const next = this.graceAt === 0 ? this.idleAt : this.idleAt === 0 ? this.graceAt : Math.min(this.graceAt, this.idleAt);
    if (next === 0) this.deadlines.clear(this);
    else if (this.heapIndex < 0 || next !== this.dueAt) this.deadlines.set(this, next);
  }

  /** A deadline has come (told by the runner's `Deadlines`): the login grace, the idle warning or the idle hang-up. */
  due(now: number): void {
    if (this.endReason !== null) return;
    if (this.graceAt !== 0 && this.graceAt <= now) {
      this.graceAt = 0;
      if (!this.session.user) {
        this.end('grace');
        return;
      }
    }
    if (this.idleAt !== 0 && this.idleAt <= now) {
      this.idleAt = 0;
      if (this.idleDue(now)) return;
    }
    this.schedule();
  }

  /**
   * The idle limit's next step, if a prompt is waiting (between prompts,
   * nobody is being waited for: the next prompt times again). First the
   * warning, shown like a page over whatever prompt is open with the
   * caller's half-typed line kept; then, a stretch later, the hang-up.
   * True when the call ended.
   */
  private idleDue(now: number): boolean {
    if (!(this.queue?.waiting ?? false) && !this.editing && this.openingMax === 0) return false;
    if (this.idleWarned) {
      this.end('idle');
      return true;
    }
    const { lastMs } = idleStretches(this.opts.idleTimeoutMs);
    this.send({ type: 'screen', text: this.safeRender('idle_warning', { seconds: Math.ceil(lastMs / 1000) }) });
    this.idleWarned = true;
    this.idleAt = now + lastMs;
    return false;
  }

  private safeRender(name: string, vars: Vars): string {
    try {
      return this.opts.screens.render(name, vars, this.session);
    } catch (err) {
      this.opts.log.error('screen failed to render', { screen: name, err });
      return name === 'error' ? 'Sorry, something went wrong on the board.' : '';
    }
  }

  private assertLive(): void {
    if (this.endReason !== null) throw this.endError();
  }

  // --- SessionIO ---

  now(): Date {
    return this.opts.clock.now();
  }

  render(name: string, vars: Vars = {}): string {
    return this.opts.screens.render(name, vars, this.session);
  }

  screen(name: string, vars: Vars = {}): void {
    this.print(this.render(name, vars));
  }

  status(name: string, vars: Vars = {}): void {
    this.assertLive();
    this.send({ type: 'screen', text: this.render(name, vars), status: true });
  }

  clearScreen(): void {
    this.assertLive();
    this.send({ type: 'clear' });
  }

  print(text: string): void {
    this.assertLive();
    this.send({ type: 'screen', text });
  }

  prompt(name: string, opts: PromptOptions = {}): Promise<string> {
    return this.ask(this.render(name, opts.vars ?? {}), opts);
  }

  /**
   * Not an async function: the promise a caller's answer settles is the
   * queue's own, with no second promise and suspended frame on top of it for
   * every prompt of every caller. Errors still arrive as rejections.
   */
  ask(text: string, opts: PromptOptions = {}): Promise<string> {
    try {
      return this.inputQueue().next(this.openPrompt(text, opts));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Draw a prompt and start its idle limit; the longest answer it takes. */
  private openPrompt(text: string, opts: PromptOptions): number {
    this.assertLive();
    const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
    let pchar = this.opts.screens.renderInline(opts.pchar ?? DEFAULT_PCHAR, opts.vars ?? NO_VARS, this.session);
    if (opts.footer !== undefined) pchar = this.footed(this.render(opts.footer, opts.vars ?? NO_VARS), pchar);
    // Built field by field, not spread: a prompt is asked on every key at a menu.
    const event: PromptEvent = { type: 'prompt', text, pchar, mode: opts.mode ?? 'line', maxLength };
    if (opts.transient) event.transient = true;
    if (this.movePending) event.moved = opts.resumes ? 'same' : 'other';
    this.movePending = false;
    this.send(event);
    this.armIdleTimer();
    return maxLength;
  }

  /**
   * A footer over the pchar as one string, the same object while both are:
   * the terminal keeps a prompt's bytes for as long as its pchar is.
   */
  private footed(footer: string, pchar: string): string {
    const last = this.lastFooted;
    if (last !== null && last.footer === footer && last.pchar === pchar) return last.joined;
    const joined = footer === '' ? pchar : `${footer}${footer.endsWith('\n') ? '' : '\n'}${pchar}`;
    this.lastFooted = { footer, pchar, joined };
    return joined;
  }

  exit(name: string, vars: Vars = {}, end?: CallEnd): never {
    this.assertLive();
    this.send({ type: 'exit', text: this.render(name, vars), ...(end ? { end } : {}) });
    this.endReason = 'exit';
    this.endWhy = REASON_OF_END[end ?? 'goodbye'];
    throw this.endError();
  }

  /**
   * The idle limit runs from when a prompt opens, to the warning (a minute
   * before the limit) and then to the hang-up. The deadline moves at each
   * prompt and stays after the answer: if it comes while the flow is
   * between prompts, nobody is being waited for and it does nothing.
   * Moving the call's deadline allocates nothing.
   */
  private armIdleTimer(): void {
    this.idleWarned = false;
    this.idleAt = this.opts.clock.steadyMs() + idleStretches(this.opts.idleTimeoutMs).warnAfterMs;
    this.schedule();
  }

  enter(flow: string, doing: string): void {
    // A menu drawn again is not a new activity: "since" stays, and nothing needs telling the gateway.
    if (this.session.resumeAt === flow && this.session.doing === doing) return;
    this.session.resumeAt = flow;
    this.session.doing = doing;
    this.session.doingSince = this.opts.clock.now();
    this.opts.onSessionChange?.(this.session);
  }

  saveDraft(draft: Draft | null): void {
    this.session.draft = draft;
    this.opts.onSessionChange?.(this.session);
  }

  login(user: SessionUser): void {
    this.session.user = user;
    this.opts.onSessionChange?.(this.session);
    // The timer, if armed for the grace, wakes then to find nothing due and sleeps until the idle deadline.
    this.graceAt = 0;
  }

  setTerminal(patch: Partial<Terminal>): void {
    this.session.updateTerminal(patch);
    this.send({ type: 'terminal', terminal: { ...this.session.terminal } });
  }

  handOff(request: HandoffRequest): Promise<Handback> {
    try {
      this.assertLive();
      if (this.handback) throw new Error('the terminal is already handed off');
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // Nobody answers a prompt meanwhile: the idle limit waits for the next one.
    this.idleAt = 0;
    this.schedule();
    const back = new Promise<Handback>((resolve, reject) => {
      this.handback = { resolve, reject };
    });
    this.send({ type: 'handoff', request });
    return back;
  }

  edit(request: EditRequest, onDraft?: (text: string) => void): Promise<string | null> {
    try {
      this.assertLive();
      if (this.editing) throw new Error('the editor is already open');
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // Saved while the call moved to this node: the text the caller finished is the answer.
    const early = this.editedEarly;
    this.editedEarly = null;
    if (early && request.resumes) return Promise.resolve(early.text);
    // Keys stay at the connection; the text so far comes now and then, and each time the idle limit starts again.
    this.armIdleTimer();
    const done = new Promise<string | null>((resolve, reject) => {
      this.editing = { resolve, reject, ...(onDraft ? { draft: onDraft } : {}) };
    });
    this.send({ type: 'edit', request });
    return done;
  }

  pause(ms: number): Promise<void> {
    this.assertLive();
    return new Promise((resolve, reject) => {
      const stop = (): void => {
        timer.cancel();
        reject(this.endError());
      };
      const timer = this.opts.clock.setTimeout(() => {
        this.signal.removeEventListener('abort', stop);
        resolve();
      }, ms);
      this.signal.addEventListener('abort', stop, { once: true });
    });
  }

  onEnd(fn: () => void): void {
    if (this.finished) {
      fn();
      return;
    }
    // A literal of one, not [] and a push: a pushed array is given room for 16 more.
    if (this.endHooks === null) this.endHooks = [fn];
    else this.endHooks.push(fn);
  }
}

packFlags(Call.prototype, ['started', 'conversing', 'wireGone', 'exitSent', 'idleWarned', 'finished', 'movePending']);

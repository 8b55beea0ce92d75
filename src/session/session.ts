import { Chalk, type ChalkInstance } from 'chalk';
import type { Draft } from './draft.js';
import type { OfferedKey, SessionUser } from './identity.js';
import { terminalWith, type Terminal } from './events.js';

/**
 * One Chalk per colour level, shared by every caller at that level: an
 * instance per caller grew its own cache of style builders, a visible part
 * of what each waiting caller cost. Nothing may set `level` on these.
 */
const CHALK_BY_LEVEL = new Map<Terminal['colorLevel'], ChalkInstance>();

function chalkAt(level: Terminal['colorLevel']): ChalkInstance {
  let chalk = CHALK_BY_LEVEL.get(level);
  if (!chalk) {
    chalk = new Chalk({ level });
    CHALK_BY_LEVEL.set(level, chalk);
  }
  return chalk;
}

export type { SessionUser } from './identity.js';

/** One caller, as plain data: everything here can be copied to another node. */
export class Session {
  user: SessionUser | null = null;
  /** An SSH key offered at connect and not yet linked: the board may offer to link it after login. */
  offeredKey: OfferedKey | null = null;
  /** The named flow the caller is in: where a re-seated caller resumes. */
  resumeAt = 'login';
  /** This call was re-seated from another node (a node restart): it resumes rather than starts. */
  resumed = false;
  /** For a re-seated call, the flow the caller was in on the node that went away. */
  resumedFrom: string | null = null;
  /** The message being typed, if any: saved line by line so a re-seat can give it back. */
  draft: Draft | null = null;
  /** The caller's own time zone (an IANA name) once their settings are read; null shows the board's. */
  timeZone: string | null = null;
  /** When this caller's previous call began, for what is new since; null when unknown (a first call, or a call re-seated on another node). */
  previousCallAt: Date | null = null;
  /** What the caller is doing, for who's online. */
  doing = 'logging in';
  /** Since when (ms since the epoch), and when the call began: numbers, where a Date is an object kept for the whole call. */
  doingSinceMs: number;
  readonly startedAtMs: number;
  node = 1;
  line = 0;
  /** Never changed in place (a change makes a new one), so the terminal the call was offered with is kept as it is, not copied. */
  private terminalState: Readonly<Terminal>;
  private chalkInstance: ChalkInstance;

  constructor(
    readonly id: string,
    readonly transport: string,
    readonly remote: string,
    terminal: Readonly<Terminal>,
    startedAt: Date,
  ) {
    this.terminalState = terminal;
    this.chalkInstance = chalkAt(terminal.colorLevel);
    this.startedAtMs = startedAt.getTime();
    this.doingSinceMs = this.startedAtMs;
  }

  get startedAt(): Date {
    return new Date(this.startedAtMs);
  }

  get doingSince(): Date {
    return new Date(this.doingSinceMs);
  }

  set doingSince(at: Date) {
    this.doingSinceMs = at.getTime();
  }

  get terminal(): Readonly<Terminal> {
    return this.terminalState;
  }

  /** Colour at this caller's terminal's level (never the process-wide instance, whose level is the board's own terminal's). */
  get chalk(): ChalkInstance {
    return this.chalkInstance;
  }

  updateTerminal(patch: Partial<Terminal>): void {
    this.terminalState = terminalWith(this.terminalState, patch);
    if (this.chalkInstance.level !== this.terminalState.colorLevel) {
      this.chalkInstance = chalkAt(this.terminalState.colorLevel);
    }
  }
}

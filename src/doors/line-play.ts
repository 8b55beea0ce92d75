import { randomUUID } from 'node:crypto';
import type { CallerPort } from '../session/caller.js';
import type { LineDoor } from './line-door.js';
import type { PlayFacts } from './play.js';
import type { RawOutcome } from './raw-peer.js';

/** Quiet this long after the door's output, it is taken to be waiting for the caller's next line. */
const PROMPT_AFTER_MS = 150;
const LONGEST_LINE = 500;

/**
 * A line-based door played from a client that carries only lines (the 2010
 * JSON-socket client): the door's text arrives as screens, and when it has
 * gone quiet the caller gets a prompt, since that client types only when
 * asked. Each answer goes to the door as one line.
 */
export class LinePlay {
  readonly playId = randomUUID();
  readonly startedAt = Date.now();
  private port: CallerPort | null = null;
  private ended: RawOutcome | null = null;
  private readonly endListeners: Array<(outcome: RawOutcome) => void> = [];
  private promptTimer: NodeJS.Timeout | null = null;
  /** A prompt is out and not yet answered: another would make the client ask twice. */
  private asking = false;

  constructor(
    readonly facts: PlayFacts,
    private readonly door: LineDoor,
  ) {}

  get over(): boolean {
    return this.ended !== null;
  }

  begin(port: CallerPort): void {
    this.port = port;
    this.door.start(
      (text) => this.text(text),
      (outcome) => this.end(outcome),
    );
  }

  line(text: string): void {
    if (this.ended) return;
    this.asking = false;
    this.door.line(text);
  }

  stop(how: 'hangup' | 'ended'): void {
    if (!this.ended) this.door.stop(how);
  }

  onEnd(listener: (outcome: RawOutcome) => void): void {
    if (this.ended) listener(this.ended);
    else this.endListeners.push(listener);
  }

  private text(text: string): void {
    if (this.ended || !this.port || text === '') return;
    this.port.deliver({ type: 'screen', text: text.replace(/\n+$/, '') });
    if (this.promptTimer) clearTimeout(this.promptTimer);
    this.promptTimer = setTimeout(() => this.ask(), PROMPT_AFTER_MS);
  }

  private ask(): void {
    this.promptTimer = null;
    if (this.ended || this.asking || !this.port) return;
    this.asking = true;
    this.port.deliver({ type: 'prompt', text: '', pchar: '> ', mode: 'line', maxLength: LONGEST_LINE });
  }

  private end(outcome: RawOutcome): void {
    if (this.ended) return;
    this.ended = outcome;
    if (this.promptTimer) clearTimeout(this.promptTimer);
    for (const listener of this.endListeners.splice(0)) listener(outcome);
  }
}

import { encodeCp437 } from '../screens/cp437.js';
import { DoorProcess, type DoorProcessOptions } from './door-process.js';
import { LineText } from './line-text.js';
import type { RawOutcome } from './raw-peer.js';

/** Output is passed on once the door has been quiet this long: it has written its lines and waits at a prompt. */
const QUIET_MS = 30;
/** A door that never pauses still has its text passed on this often. */
const MAX_GATHER_MS = 250;
/** Past this many characters waiting, the text is passed on at once. */
const MAX_PENDING = 16_384;

/**
 * A line-based door (a text adventure, a quiz) played from a line-only
 * client such as the JSON socket: the same program in a pseudo-terminal,
 * with the terminal's echo off (the client shows what its caller typed),
 * its output turned into plain text and handed over in whole pieces, and
 * each answer typed as a line.
 */
export class LineDoor {
  private readonly door: DoorProcess;
  private readonly text: LineText;
  private onText: ((text: string) => void) | null = null;
  private quiet: NodeJS.Timeout | null = null;
  private gatherSince = 0;

  constructor(private readonly o: Omit<DoorProcessOptions, 'tty'>) {
    this.door = new DoorProcess({ ...o, tty: 'no-echo' });
    this.text = new LineText(o.encoding ?? 'utf8');
  }

  start(onText: (text: string) => void, onEnd: (outcome: RawOutcome) => void): void {
    this.onText = onText;
    this.door.start({
      data: (bytes) => {
        this.text.push(bytes);
        this.gather();
        // The client's own line takes care of its pace: text waits here at most MAX_PENDING.
        return true;
      },
      end: (outcome) => {
        this.pass(true);
        this.onText = null;
        onEnd(outcome);
      },
    });
  }

  /** The caller's answer, typed as a line. */
  line(text: string): void {
    const oneLine = `${text.replace(/[\r\n]/g, ' ')}\r`;
    this.door.input((this.o.encoding ?? 'utf8') === 'cp437' ? encodeCp437(oneLine) : Buffer.from(oneLine, 'utf8'));
  }

  stop(how: 'hangup' | 'ended'): void {
    this.door.stop(how);
  }

  private gather(): void {
    const now = Date.now();
    if (this.quiet === null) this.gatherSince = now;
    else clearTimeout(this.quiet);
    if (this.text.length >= MAX_PENDING || now - this.gatherSince >= MAX_GATHER_MS) return this.pass(false);
    this.quiet = setTimeout(() => this.pass(false), QUIET_MS);
  }

  private pass(all: boolean): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = null;
    const text = this.text.take(all);
    if (text !== '') this.onText?.(text);
  }
}

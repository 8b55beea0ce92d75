/**
 * What a caller has seen, as plain text, with event-driven waits: a match is
 * noticed the moment the bytes arrive (no polling, so measured latencies are
 * the wire's and the board's, not a timer's). Only a bounded tail is kept.
 */
const KEEP = 64 * 1024;
/** Matched text kept for error messages ("last text: ..."). */
const CONTEXT = 300;

/** Plain text of terminal output: escape sequences and CRs removed. */
export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '').replace(/\x1b[=>78]/g, '').replace(/\r/g, '');
}

interface Waiting {
  match: RegExp | string;
  resolve: (text: string) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class TextStream {
  private text = '';
  /** Where the next wait starts looking: after the last match. */
  private cursor = 0;
  private waiting: Waiting | null = null;
  private ended: string | null = null;
  /** Every character ever pushed, for throughput figures. */
  total = 0;

  push(chunk: string): void {
    this.total += chunk.length;
    this.text += stripAnsi(chunk);
    if (this.text.length > 2 * KEEP) {
      const cut = this.text.length - KEEP;
      this.text = this.text.slice(cut);
      this.cursor = Math.max(0, this.cursor - cut);
    }
    this.check();
  }

  end(reason: string): void {
    this.ended ??= reason;
    const w = this.waiting;
    if (w && !this.find(w.match)) {
      this.waiting = null;
      clearTimeout(w.timer);
      w.reject(new Error(`${reason} while waiting for ${String(w.match)}; last text: ${JSON.stringify(this.text.slice(-300))}`));
    }
  }

  get isEnded(): boolean {
    return this.ended !== null;
  }

  /** Everything seen since the last match. */
  get unread(): string {
    return this.text.slice(this.cursor);
  }

  /** Resolves with the text up to and including the match. */
  until(match: RegExp | string, timeoutMs = 5000): Promise<string> {
    if (this.waiting) return Promise.reject(new Error('one wait at a time'));
    const found = this.find(match);
    if (found !== null) return Promise.resolve(found);
    if (this.ended) return Promise.reject(new Error(`${this.ended} while waiting for ${String(match)}; last text: ${JSON.stringify(this.text.slice(-300))}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`no ${String(match)} within ${timeoutMs} ms; last text: ${JSON.stringify(this.text.slice(-300))}`));
      }, timeoutMs);
      this.waiting = { match, resolve, reject, timer };
    });
  }

  private check(): void {
    const w = this.waiting;
    if (!w) return;
    const found = this.find(w.match);
    if (found === null) return;
    this.waiting = null;
    clearTimeout(w.timer);
    w.resolve(found);
  }

  private find(match: RegExp | string): string | null {
    const rest = this.text.slice(this.cursor);
    let end: number;
    if (typeof match === 'string') {
      const at = rest.indexOf(match);
      if (at === -1) return null;
      end = at + match.length;
    } else {
      const m = match.exec(rest);
      if (!m) return null;
      end = m.index + m[0].length;
    }
    const matched = rest.slice(0, end);
    // Matched text is never searched again: drop it but for a little context for
    // error messages. Keeping it made every wait copy up to 128 KiB per caller,
    // and the load client's own GC pauses were then timed as the board's latency.
    const keepFrom = Math.max(0, this.cursor + end - CONTEXT);
    this.text = this.text.slice(keepFrom);
    this.cursor = this.cursor + end - keepFrom;
    return matched;
  }
}

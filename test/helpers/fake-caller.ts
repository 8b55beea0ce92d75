import type { CallerPort, CallHandle, Exchange } from '../../src/session/caller.js';
import { DEFAULT_TERMINAL, type OutputEvent } from '../../src/session/events.js';
import { stripAnsi } from '../callers/text-stream.js';
import { until } from './until.js';

/** A scripted caller straight on the exchange: no wire, just events. */
export class FakeCaller {
  readonly out: OutputEvent[] = [];
  handle!: CallHandle;
  private cursor = 0;

  static dial(exchange: Exchange, patch: Partial<CallerPort> = {}): FakeCaller {
    const c = new FakeCaller();
    c.handle = exchange.dial({ transport: 'fake', remote: '10.9.8.7', terminal: { ...DEFAULT_TERMINAL }, deliver: (ev) => c.out.push(ev), ...patch });
    c.handle.input({ type: 'open' });
    return c;
  }

  send(text: string): void {
    this.handle.input({ type: 'line', text });
  }

  hangup(): void {
    this.handle.input({ type: 'hangup', reason: 'line dropped' });
  }

  /** Plain text of everything shown so far. */
  text(): string {
    return this.out.map((e) => ('text' in e ? stripAnsi(e.text) + ('pchar' in e ? stripAnsi(e.pchar) : '') : '')).join('\n');
  }

  /** Wait for the next event (after the last one waited for) whose text holds `text`. */
  async expect(text: string | RegExp, type?: OutputEvent['type'], timeoutMs = 3000): Promise<OutputEvent> {
    const next = (): OutputEvent | undefined => {
      while (this.cursor < this.out.length) {
        const ev = this.out[this.cursor++]!;
        const plain = 'text' in ev ? stripAnsi(ev.text) + (ev.type === 'prompt' ? stripAnsi(ev.pchar) : '') : '';
        if ((type === undefined || ev.type === type) && (typeof text === 'string' ? plain.includes(text) : text.test(plain))) return ev;
      }
      return undefined;
    };
    return until(() => `an event with ${String(text)}; got:\n${this.text().slice(-1500)}`, next, timeoutMs, 2);
  }

  async answer(promptText: string | RegExp, line: string): Promise<void> {
    await this.expect(promptText, 'prompt');
    this.send(line);
  }
}

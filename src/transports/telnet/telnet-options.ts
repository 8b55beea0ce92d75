import { DO, DONT, IAC, WILL, WONT, type Verb } from './telnet-codes.js';

/**
 * Option negotiation by the Q method of RFC 1143: each side of each option
 * is NO, YES, WANTNO or WANTYES with a one-bit queue, so we answer a request
 * only when it changes something and two agreeable peers can never loop.
 * State is one byte per option, kept only for the options that have been
 * negotiated (a handful per connection): every other option is NO on both
 * sides.
 */

/** `us`: what we do (WILL/WONT from us, DO/DONT from the peer). `him`: what the peer does. */
type Side = 'us' | 'him';

export interface OptionChange {
  side: Side;
  option: number;
  /** The option is now on (YES) or off (NO); a refusal of our own request reads as off. */
  enabled: boolean;
}

interface NegotiationResult {
  /** Bytes to send back (empty when nothing changed). */
  reply: number[];
  change: OptionChange | null;
}

export interface OptionPolicy {
  /** Options we agree to perform when the peer asks (DO). */
  us: ReadonlySet<number>;
  /** Options we agree to let the peer perform (WILL). */
  him: ReadonlySet<number>;
}

const NO = 0;
const YES = 1;
const WANTNO = 2;
const WANTYES = 3;

// Bit layout of one option's byte.
const US_SHIFT = 0;
const US_QUEUE = 1 << 2;
const HIM_SHIFT = 3;
const HIM_QUEUE = 1 << 5;
/** We refused the peer's DO (WILL) once; a repeat is a flood or a confusion, not a question. */
const US_REFUSED = 1 << 6;
const HIM_REFUSED = 1 << 7;

export class TelnetOptions {
  /**
   * `option << 8 | byte` for each option touched, as small integers in a
   * plain array: a connection negotiates about seven options, and a typed
   * array of 64 bytes cost three objects (the view, its buffer, its store)
   * held for every waiting caller. At most 256 entries, one per option.
   */
  private touched: number[] = [];

  constructor(private readonly policy: OptionPolicy) {}

  enabled(side: Side, option: number): boolean {
    return this.get(side, option) === YES;
  }

  /** Ask to turn an option on or off on one side; returns the bytes to send, if any. */
  request(side: Side, option: number, enable: boolean): number[] {
    const state = this.get(side, option);
    const queued = this.queued(side, option);
    const ask = (): number[] => [IAC, verbFor(side, enable), option];
    if (enable) {
      if (state === NO) {
        this.set(side, option, WANTYES, false);
        return ask();
      }
      if (state === WANTNO && !queued) this.set(side, option, WANTNO, true);
      else if (state === WANTYES && queued) this.set(side, option, WANTYES, false);
      return [];
    }
    if (state === YES) {
      this.set(side, option, WANTNO, false);
      return ask();
    }
    if (state === WANTYES && !queued) this.set(side, option, WANTYES, true);
    else if (state === WANTNO && queued) this.set(side, option, WANTNO, false);
    return [];
  }

  /** Read one WILL/WONT/DO/DONT from the peer. */
  receive(verb: Verb, option: number): NegotiationResult {
    const side: Side = verb === WILL || verb === WONT ? 'him' : 'us';
    const positive = verb === WILL || verb === DO;
    return positive ? this.onPositive(side, option) : this.onNegative(side, option);
  }

  private onPositive(side: Side, option: number): NegotiationResult {
    const state = this.get(side, option);
    const queued = this.queued(side, option);
    switch (state) {
      case NO: {
        if (this.policy[side].has(option)) {
          this.set(side, option, YES, false);
          return { reply: [IAC, verbFor(side, true), option], change: { side, option, enabled: true } };
        }
        const refused = side === 'us' ? US_REFUSED : HIM_REFUSED;
        const b = this.byte(option);
        if (b & refused) return nothing();
        this.put(option, b | refused);
        return { reply: [IAC, verbFor(side, false), option], change: null };
      }
      case YES:
        return nothing();
      case WANTNO:
        // The peer answered our "off" with "on" (RFC 1143 calls it an error); take its word for it.
        if (queued) this.set(side, option, YES, false);
        else this.set(side, option, NO, false);
        return { reply: [], change: { side, option, enabled: queued } };
      default:
        // WANTYES
        if (queued) {
          this.set(side, option, WANTNO, false);
          return { reply: [IAC, verbFor(side, false), option], change: null };
        }
        this.set(side, option, YES, false);
        return { reply: [], change: { side, option, enabled: true } };
    }
  }

  private onNegative(side: Side, option: number): NegotiationResult {
    const state = this.get(side, option);
    const queued = this.queued(side, option);
    switch (state) {
      case NO:
        return nothing();
      case YES:
        this.set(side, option, NO, false);
        return { reply: [IAC, verbFor(side, false), option], change: { side, option, enabled: false } };
      case WANTNO:
        if (queued) {
          this.set(side, option, WANTYES, false);
          return { reply: [IAC, verbFor(side, true), option], change: null };
        }
        this.set(side, option, NO, false);
        return { reply: [], change: { side, option, enabled: false } };
      default:
        // WANTYES: refused.
        this.set(side, option, NO, false);
        return { reply: [], change: { side, option, enabled: false } };
    }
  }

  private get(side: Side, option: number): number {
    return (this.byte(option) >> (side === 'us' ? US_SHIFT : HIM_SHIFT)) & 3;
  }

  private queued(side: Side, option: number): boolean {
    return (this.byte(option) & (side === 'us' ? US_QUEUE : HIM_QUEUE)) !== 0;
  }

  private set(side: Side, option: number, state: number, queued: boolean): void {
    const shift = side === 'us' ? US_SHIFT : HIM_SHIFT;
    const queue = side === 'us' ? US_QUEUE : HIM_QUEUE;
    let b = this.byte(option) & ~((3 << shift) | queue);
    b |= state << shift;
    if (queued) b |= queue;
    this.put(option, b);
  }

  /** An option's byte; one never touched is 0 (NO, NO). */
  private byte(option: number): number {
    for (const entry of this.touched) if (entry >> 8 === option) return entry & 0xff;
    return 0;
  }

  private put(option: number, b: number): void {
    const at = this.touched.findIndex((entry) => entry >> 8 === option);
    if (at !== -1) this.touched[at] = (option << 8) | b;
    // Copied rather than pushed to, by concat, which sizes the copy exactly: a
    // pushed array, or a spread one, keeps room for dozens more entries.
    else this.touched = this.touched.concat((option << 8) | b);
  }
}

/** The verb that asks (or answers) for `side` to be on or off: we say WILL/WONT, we ask the peer DO/DONT. */
function verbFor(side: Side, on: boolean): Verb {
  if (side === 'us') return on ? WILL : WONT;
  return on ? DO : DONT;
}

function nothing(): NegotiationResult {
  return { reply: [], change: null };
}

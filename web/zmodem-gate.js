// Which of the board's bytes a ZMODEM Sentry has to see. Every ZMODEM session
// starts with a hex header, `**` ZDLE `B`, and ZDLE (0x18) hardly ever occurs
// in a board's screens: a chunk without it goes straight to the terminal,
// untouched and uncopied, so ordinary output is as fast as with no ZMODEM at all.

const ZDLE = 0x18;
const STAR = 0x2a;
/** A header's `**` can end one chunk while its ZDLE starts the next. */
const MAX_STARS = 2;

export class ZmodemGate {
  /** How many `*` ended the chunks that went straight to the terminal. */
  #stars = 0;

  /**
   * Null when `bytes` can go straight to the terminal. Otherwise the bytes the
   * Sentry must see, led by the `*`s the terminal already showed (`shown` of
   * them), so a header split after its `**` is still found whole.
   */
  route(bytes) {
    if (bytes.indexOf(ZDLE) === -1) {
      this.#stars = trailingStars(bytes, this.#stars);
      return null;
    }
    const shown = this.#stars;
    this.#stars = 0;
    if (shown === 0) return { bytes, shown };
    const joined = new Uint8Array(shown + bytes.length);
    joined.fill(STAR, 0, shown);
    joined.set(bytes, shown);
    return { bytes: joined, shown };
  }

  /** Forget what came before: a new call, or bytes that went to a session. */
  reset() {
    this.#stars = 0;
  }
}

function trailingStars(bytes, before) {
  let n = 0;
  while (n < MAX_STARS && n < bytes.length && bytes[bytes.length - 1 - n] === STAR) n++;
  // A chunk of nothing but stars continues the run before it.
  if (n === bytes.length) return Math.min(MAX_STARS, before + n);
  return n;
}

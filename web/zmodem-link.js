// The page's side of a ZMODEM transfer. Everything the board sends passes here:
// ordinary bytes go to the terminal unchanged, and when the board starts `sz`
// (it sends ZRQINIT) or `rz` (ZRINIT) a Zmodem.Sentry turns the line into a
// download or an upload. The DOM (saving, the file picker, the status field)
// and the library itself come in through `io`, so the same code runs under
// Node's tests against the real lrzsz.

import { ZmodemGate } from './zmodem-gate.js';

const ESC = '\x1b';
const ZDLE = 0x18;
const CTRL_X = '\x18';
/** Five Ctrl-X in a row cancel a transfer, as in every ZMODEM program since 1986. */
const CANCEL_KEYS = 5;
/** Upload pieces: small enough for a steady progress count, large enough to keep the line full. */
const PIECE = 16 * 1024;
/** A download is held in memory until it is saved; past this it is refused rather than crash the tab. */
const MAX_DOWNLOAD = 512 * 1024 * 1024;
const TICK_MS = 100;
/** lrzsz gives up after 10 s without an answer; a session silent three times that long is over. */
const STALL_MS = 30_000;
/** After the page cancels, the board's program may still send what it had in flight, or greet once more, before it reads the cancel. */
const QUIET_AFTER_ABORT_MS = 3000;
/** The start of every ZMODEM hex header: `**`, ZDLE, `B`. */
const HEADER = [0x2a, 0x2a, 0x18, 0x42];
const EXTRA_CANS = new Uint8Array(5).fill(ZDLE);

/**
 * @param {object} io
 * @param {any} io.Zmodem the zmodem.js namespace
 * @param {(bytes: Uint8Array) => void} io.write to the terminal
 * @param {(bytes: Uint8Array) => void} io.send to the board
 * @param {() => Promise<void>} io.drained resolves when the line can take more
 * @param {(name: string, chunks: Uint8Array[]) => void} io.save a received file
 * @param {() => Promise<File[]>} io.pickFiles files to upload; none when the caller cancels
 * @param {(text: string | null) => void} io.status the transfer's progress; null clears it
 * @param {() => number} [io.now] milliseconds, for the quiet spell after a cancel
 * @param {number} [io.stallMs] a session with nothing sent or received for this long is cancelled
 */
export function createZmodemLink(io) {
  const now = io.now ?? (() => Date.now());
  const stallMs = io.stallMs ?? STALL_MS;
  const gate = new ZmodemGate();
  let sentry = newSentry();
  let session = null;
  /** Leading bytes of the Sentry's next terminal output that the terminal already has. */
  let shown = 0;
  /** Set while the chunk that held a new session's header is being consumed: that header is not drawn. */
  let detected = false;
  let cancels = 0;
  let quietUntil = 0;
  /** When the session last moved a byte either way; the file picker's wait does not count. */
  let lastActivity = 0;
  let picking = false;
  let watchdog = null;
  let tickedAt = -Infinity;

  function newSentry() {
    return new io.Zmodem.Sentry({
      to_terminal: toTerminal,
      sender: (octets) => {
        lastActivity = now();
        io.send(Uint8Array.from(octets));
      },
      on_detect: onDetect,
      on_retract: () => {},
    });
  }

  function toTerminal(octets) {
    let bytes = octets.slice(shown);
    shown = 0;
    if (detected) bytes = beforeHeader(bytes);
    if (bytes.length > 0) io.write(Uint8Array.from(bytes));
  }

  function onDetect(detection) {
    // Neither confirmed nor denied: the next bytes from the board retract it.
    if (session !== null || now() < quietUntil) return;
    detected = true;
    const zsession = detection.confirm();
    session = zsession;
    cancels = 0;
    zsession.on('session_end', () => ended(zsession));
    watch(zsession);
    if (zsession.type === 'receive') download(zsession);
    else void upload(zsession);
  }

  /** Progress, at most ten times a second: a count per 1 KiB packet would cost more than the transfer. */
  function tick(text) {
    const t = now();
    if (t - tickedAt < TICK_MS) return;
    tickedAt = t;
    io.status(text);
  }

  function ended(zsession) {
    if (session !== zsession) return;
    session = null;
    clearInterval(watchdog);
    gate.reset();
  }

  /**
   * A board whose program died without a word would leave the page in
   * ZMODEM for good: a session that moves nothing for a while is cancelled.
   */
  function watch(zsession) {
    clearInterval(watchdog);
    lastActivity = now();
    watchdog = setInterval(() => {
      if (session !== zsession) clearInterval(watchdog);
      else if (!picking && now() - lastActivity > stallMs) abort('transfer stopped: nothing arrived for a while');
    }, Math.min(1000, stallMs / 2));
  }

  function download(zsession) {
    zsession.on('offer', (offer) => {
      const { name, size } = offer.get_details();
      const file = baseName(name);
      if (typeof size === 'number' && size > MAX_DOWNLOAD) {
        io.status(`${file}: too large to receive in the browser, skipped`);
        offer.skip();
        return;
      }
      const chunks = [];
      let got = 0;
      const onInput = (payload) => {
        got += payload.length;
        if (got > MAX_DOWNLOAD) throw new Error(`${file} is too large to receive in the browser`);
        chunks.push(Uint8Array.from(payload));
        tick(progress('↓', file, got, size));
      };
      offer.accept({ on_input: onInput }).then(
        () => {
          io.save(file, chunks);
          io.status(`↓ ${file}: ${got} bytes saved`);
        },
        (err) => fail(zsession, err),
      );
    });
    zsession.start().catch((err) => fail(zsession, err));
  }

  async function upload(zsession) {
    io.status('↑ choose the files to send (Esc cancels)');
    let files;
    try {
      picking = true;
      files = await io.pickFiles();
    } catch {
      files = [];
    } finally {
      picking = false;
      lastActivity = now();
    }
    if (session !== zsession) return;
    if (files.length === 0) {
      abort('↑ no file chosen: transfer cancelled');
      return;
    }
    try {
      await sendFiles(zsession, files);
      if (session === zsession) await zsession.close();
    } catch (err) {
      fail(zsession, err);
    }
  }

  async function sendFiles(zsession, files) {
    let bytesLeft = files.reduce((sum, f) => sum + f.size, 0);
    for (const [i, file] of files.entries()) {
      const xfer = await zsession.send_offer({
        name: file.name,
        size: file.size,
        mtime: new Date(file.lastModified),
        files_remaining: files.length - i,
        bytes_remaining: bytesLeft,
      });
      bytesLeft -= file.size;
      if (session !== zsession) return;
      if (!xfer) {
        io.status(`↑ ${file.name}: the board did not take it`);
        continue;
      }
      await sendOne(zsession, xfer, file);
      io.status(`↑ ${file.name}: ${file.size} bytes sent`);
    }
  }

  async function sendOne(zsession, xfer, file) {
    // The receiver may ask to resume; ZRPOS says where.
    let offset = xfer.get_offset();
    for (;;) {
      const piece = new Uint8Array(await file.slice(offset, offset + PIECE).arrayBuffer());
      if (session !== zsession) return;
      offset += piece.length;
      if (offset >= file.size) {
        await xfer.end(piece);
        return;
      }
      xfer.send(piece);
      tick(progress('↑', file.name, offset, file.size));
      await io.drained();
    }
  }

  /** A failed transfer ends cleanly: the board's program is told, and the page is back to a terminal. */
  function fail(zsession, err) {
    if (session !== zsession) return;
    const why = err instanceof Error ? err.message : String(err);
    abort(`transfer failed: ${why}`);
  }

  /** Cancel the session in progress: CANs to the board's program, and the terminal is a terminal again. */
  function abort(why) {
    const zsession = session;
    session = null;
    clearInterval(watchdog);
    quietUntil = now() + QUIET_AFTER_ABORT_MS;
    if (zsession && !zsession.aborted()) {
      try {
        // zmodem.js sends five CANs; lrzsz, reading the line a byte ahead,
        // may have taken the first already. Forsberg's eight, and then some.
        io.send(EXTRA_CANS);
        zsession.abort();
      } catch {
        // Already over on the wire; nothing more to tell the board.
      }
    }
    // A Sentry whose session broke may still think it is in one: start afresh.
    sentry = newSentry();
    gate.reset();
    io.status(why);
  }

  return {
    /** The board's bytes. */
    receive(bytes) {
      if (session === null) {
        // What the cancelled program had in flight is ZMODEM data, not text: it never reaches the screen.
        if (now() < quietUntil && bytes.indexOf(ZDLE) !== -1) return;
        const routed = gate.route(bytes);
        if (routed === null) {
          io.write(bytes);
          return;
        }
        consume(routed.bytes, routed.shown);
        return;
      }
      lastActivity = now();
      consume(bytes, 0);
    },
    /**
     * A key the caller typed. True when the transfer took it: during a
     * transfer keys never reach the board, whose program is speaking ZMODEM.
     */
    key(data) {
      if (session === null) return false;
      if (data === ESC) {
        abort('transfer cancelled');
        return true;
      }
      cancels = data === CTRL_X ? cancels + 1 : 0;
      if (cancels >= CANCEL_KEYS) abort('transfer cancelled');
      return true;
    },
    /** The line dropped: whatever was under way is over. */
    hangup() {
      session = null;
      clearInterval(watchdog);
      sentry = newSentry();
      gate.reset();
    },
    /** 'idle', or the session's role: 'receive' (a download) or 'send' (an upload). */
    get mode() {
      return session === null ? 'idle' : session.type;
    },
  };

  function consume(bytes, alreadyShown) {
    const zsession = session;
    shown = alreadyShown;
    try {
      sentry.consume(bytes);
    } catch (err) {
      // A peer's cancel, a broken header: the session is over either way.
      if (session !== null) fail(session, err);
      else if (zsession !== null) {
        sentry = newSentry();
        io.status(describeEnd(err));
      }
    } finally {
      shown = 0;
      detected = false;
    }
  }
}

function describeEnd(err) {
  const why = err instanceof Error ? err.message : String(err);
  return /abort/i.test(why) ? 'transfer cancelled by the board' : `transfer failed: ${why}`;
}

/** The bytes before a ZMODEM header (and the `rz` CR that `sz` sends ahead of it). */
function beforeHeader(bytes) {
  const at = indexOfHeader(bytes);
  if (at === -1) return bytes;
  let end = at;
  if (end >= 3 && bytes[end - 3] === 0x72 && bytes[end - 2] === 0x7a && bytes[end - 1] === 0x0d) end -= 3;
  return bytes.slice(0, end);
}

function indexOfHeader(bytes) {
  outer: for (let i = bytes.length - HEADER.length; i >= 0; i--) {
    for (let j = 0; j < HEADER.length; j++) if (bytes[i + j] !== HEADER[j]) continue outer;
    return i;
  }
  return -1;
}

/** The last part of a path: a name from the board never picks a folder. */
function baseName(name) {
  const base = String(name).split(/[\\/]/).pop() ?? '';
  return base.trim() || 'download';
}

function progress(arrow, name, done, size) {
  const pct = typeof size === 'number' && size > 0 ? ` ${Math.floor((done / size) * 100)}%` : '';
  return `${arrow} ${name}: ${done}${typeof size === 'number' ? ` of ${size}` : ''} bytes${pct}`;
}

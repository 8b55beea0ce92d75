/**
 * The floor: the least a telnet server can do to give the benchmark's load
 * clients what the board gives them, byte for byte. It sends the board's own
 * option offer on connect, asks the terminal type the way the board does,
 * places the "call" by the board's rule (terminal type and window known, or
 * 250 ms gone), then sends the board's banner and name prompt, and answers
 * every key with the board's main menu. All of those bytes were recorded
 * from the real board at the start of the run (capture.ts); nothing here is
 * rendered. What the board spends beyond this is the price of being a board.
 *
 * It imports nothing but node: built-ins and is transpiled to plain
 * JavaScript before it runs (launch-floor.ts), so no loader sits in its
 * process: `node floor-server.mjs --dir CAPTURE [--port 0] [--host 127.0.0.1]`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { dir: { type: 'string' }, port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } } });
if (!values.dir) throw new Error('floor-server needs --dir, the folder capture.ts wrote');
const OFFER = readFileSync(join(values.dir, 'offer.bin'));
const BANNER = readFileSync(join(values.dir, 'banner.bin'));
const MENU = readFileSync(join(values.dir, 'menu.bin'));

const IAC = 255;
const SB = 250;
const SE = 240;
const WILL = 251;
const WONT = 252;
/** WILL, WONT, DO and DONT are 251 to 254: a verb and an option follow IAC. */
const DONT = 254;
const OPT_TTYPE = 24;
const OPT_NAWS = 31;
const TTYPE_SEND = Buffer.from([IAC, SB, OPT_TTYPE, 1, IAC, SE]);
/** The board's rule: wait this long at most for the terminal type and window before placing the call. */
const DIAL_DELAY_MS = 250;
/** The board walks at most this many terminal names, stopping at the first repeat. */
const MAX_NAMES = 4;
/** Longer sub-negotiations are read to their end but not kept (a name is at most 40 characters). */
const MAX_SB = 48;

// Parser states: a few integers per connection instead of a parser object.
const S_DATA = 0;
const S_IAC = 1;
const S_VERB = 2;
const S_SB_OPTION = 3;
const S_SB_DATA = 4;
const S_SB_IAC = 5;

// Flag bits.
const ASKED_TTYPE = 1;
const AWAITING_TTYPE = 2;
const TTYPE_DONE = 4;
const NAWS_DONE = 8;
const DIALED = 16;
const PENDING_CR = 32;

/** What one connection keeps: its socket, its parser's state and a few flags; the names only until the call is placed. */
interface Caller {
  socket: Socket;
  state: number;
  verb: number;
  sbOption: number;
  sb: number[] | null;
  flags: number;
  names: string[] | null;
  timer: NodeJS.Timeout | null;
}

const server = createServer({ noDelay: true }, (socket) => {
  const caller: Caller = { socket, state: S_DATA, verb: 0, sbOption: 0, sb: null, flags: 0, names: null, timer: null };
  // The same listener functions for every connection: the caller rides on the socket.
  (socket as Socket & { caller?: Caller }).caller = caller;
  socket.on('data', onData);
  socket.on('error', ignore);
  socket.on('close', onClose);
  socket.write(OFFER);
  caller.timer = setTimeout(dial, DIAL_DELAY_MS, caller);
});

function ignore(): void {}

function onClose(this: Socket & { caller?: Caller }): void {
  const c = this.caller;
  if (c?.timer) clearTimeout(c.timer);
}

function onData(this: Socket & { caller?: Caller }, chunk: Buffer): void {
  const c = this.caller!;
  for (let i = 0; i < chunk.length; i++) step(c, chunk[i]!);
}

function step(c: Caller, b: number): void {
  switch (c.state) {
    case S_DATA:
      if (b === IAC) c.state = S_IAC;
      else key(c, b);
      return;
    case S_IAC:
      if (b === IAC) {
        c.state = S_DATA;
        key(c, b);
      } else if (b >= WILL && b <= DONT) {
        c.verb = b;
        c.state = S_VERB;
      } else if (b === SB) c.state = S_SB_OPTION;
      else c.state = S_DATA;
      return;
    case S_VERB:
      c.state = S_DATA;
      negotiation(c, c.verb, b);
      return;
    case S_SB_OPTION:
      c.sbOption = b;
      c.sb = [];
      c.state = S_SB_DATA;
      return;
    case S_SB_DATA:
      if (b === IAC) c.state = S_SB_IAC;
      else if (c.sb && c.sb.length < MAX_SB) c.sb.push(b);
      return;
    default:
      // S_SB_IAC
      if (b === SE) {
        c.state = S_DATA;
        const data = c.sb ?? [];
        c.sb = null;
        subnegotiation(c, c.sbOption, data);
      } else {
        if (b === IAC && c.sb && c.sb.length < MAX_SB) c.sb.push(b);
        c.state = S_SB_DATA;
      }
  }
}

/** Only what the board does about the load client's answers: ask the terminal type once it is offered, and note refusals. */
function negotiation(c: Caller, verb: number, option: number): void {
  if (c.flags & DIALED) return;
  if (option === OPT_TTYPE && verb === WILL && !(c.flags & (ASKED_TTYPE | TTYPE_DONE))) {
    c.flags |= ASKED_TTYPE | AWAITING_TTYPE;
    c.socket.write(TTYPE_SEND);
  } else if (option === OPT_TTYPE && verb === WONT) {
    c.flags |= TTYPE_DONE;
    maybeDial(c);
  } else if (option === OPT_NAWS && verb === WONT) {
    c.flags |= NAWS_DONE;
    maybeDial(c);
  }
}

function subnegotiation(c: Caller, option: number, data: number[]): void {
  if (c.flags & DIALED) return;
  if (option === OPT_NAWS && data.length === 4) {
    c.flags |= NAWS_DONE;
    maybeDial(c);
  } else if (option === OPT_TTYPE && c.flags & AWAITING_TTYPE) {
    c.flags &= ~AWAITING_TTYPE;
    const name = ttypeName(data);
    const names = (c.names ??= []);
    // As the board: another SEND until a name repeats or four are known.
    if (name !== null && !names.includes(name) && names.push(name) < MAX_NAMES) {
      c.flags |= AWAITING_TTYPE;
      c.socket.write(TTYPE_SEND);
      return;
    }
    c.flags |= TTYPE_DONE;
    maybeDial(c);
  }
}

/** The name in a TTYPE IS, lower-cased, or null (the board's reading of it). */
function ttypeName(data: number[]): string | null {
  if (data.length < 2 || data[0] !== 0) return null;
  let name = '';
  for (let i = 1; i < data.length && name.length < 40; i++) {
    const b = data[i]!;
    if (b < 0x20 || b > 0x7e) return null;
    name += String.fromCharCode(b);
  }
  name = name.trim().toLowerCase();
  return name === '' ? null : name;
}

function maybeDial(c: Caller): void {
  if (c.flags & TTYPE_DONE && c.flags & NAWS_DONE) dial(c);
}

function dial(c: Caller): void {
  if (c.timer) clearTimeout(c.timer);
  c.timer = null;
  if (c.flags & DIALED || c.socket.destroyed) return;
  c.flags = (c.flags | DIALED | TTYPE_DONE) & ~AWAITING_TTYPE;
  c.names = null;
  c.socket.write(BANNER);
}

/** One key (or one Enter: CR LF and CR NUL count once) gets the main menu; keys before the banner are not read. */
function key(c: Caller, b: number): void {
  if (!(c.flags & DIALED)) return;
  if (c.flags & PENDING_CR) {
    c.flags &= ~PENDING_CR;
    if (b === 0x0a || b === 0x00) return;
  }
  if (b === 0x0d) c.flags |= PENDING_CR;
  c.socket.write(MENU);
}

server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // The board's own log format, so the tests' and the benchmark's board helpers read it as they read the board's.
  console.log(`${new Date().toISOString()} INFO  listening telnet ${values.host}:${port}`);
  console.log(`${new Date().toISOString()} INFO  floor board ready`);
});

process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TelnetParser, escapeIac, subnegotiation, type TelnetEvent } from '../../../../src/transports/telnet/telnet-parser.js';
import { AYT, DO, DONT, EC, GA, IAC, NOP, OPT_NAWS, OPT_TTYPE, SB, SE, WILL, WONT } from '../../../../src/transports/telnet/telnet-codes.js';
import { fuzzTelnet, parseAll, randomTelnetStream } from '../../../../scripts/fuzz-telnet.js';
import { makeRng, randomSplit } from '../../../../scripts/fuzz-terminal.js';

const bytes = (...parts: (number | string | Uint8Array)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.of(p) : typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
const data = (s: string | Buffer): TelnetEvent => ({ type: 'data', bytes: typeof s === 'string' ? Buffer.from(s, 'latin1') : s });

void describe('telnet parser: byte-exact', () => {
  void it('passes plain data through', () => {
    assert.deepEqual(parseAll([bytes('hello\r\n')]), [data('hello\r\n')]);
  });

  void it('reads IAC IAC as one 0xFF data byte', () => {
    assert.deepEqual(parseAll([bytes('a', IAC, IAC, 'b')]), [data(bytes('a', 0xff, 'b'))]);
  });

  void it('drops the NUL of CR NUL and keeps CR LF', () => {
    assert.deepEqual(parseAll([bytes('a\r\0b\r\nc\0')]), [data('a\rb\r\nc\0')]);
  });

  void it('drops the NUL of CR NUL split across packets', () => {
    assert.deepEqual(parseAll([bytes('a\r'), bytes('\0b')]), [data('a\rb')]);
  });

  void it('reads negotiations between data, in order', () => {
    assert.deepEqual(parseAll([bytes('x', IAC, WILL, OPT_NAWS, 'y', IAC, DONT, 1)]), [
      data('x'),
      { type: 'negotiation', verb: WILL, option: OPT_NAWS },
      data('y'),
      { type: 'negotiation', verb: DONT, option: 1 },
    ]);
  });

  void it('reads two-byte commands and ignores stray SE and non-commands', () => {
    assert.deepEqual(parseAll([bytes(IAC, NOP, IAC, AYT, IAC, EC, IAC, GA, IAC, SE, IAC, 0x41, 'z')]), [
      { type: 'command', code: NOP },
      { type: 'command', code: AYT },
      { type: 'command', code: EC },
      { type: 'command', code: GA },
      data('z'),
    ]);
  });

  void it('reads a NAWS subnegotiation with a doubled 255 inside', () => {
    assert.deepEqual(parseAll([bytes(IAC, SB, OPT_NAWS, 0, IAC, IAC, 0, 24, IAC, SE)]), [
      { type: 'subnegotiation', option: OPT_NAWS, data: Buffer.of(0, 0xff, 0, 24), truncated: false },
    ]);
  });

  void it('reads a TTYPE IS', () => {
    assert.deepEqual(parseAll([bytes(IAC, SB, OPT_TTYPE, 0, 'XTERM-256COLOR', IAC, SE)]), [
      { type: 'subnegotiation', option: OPT_TTYPE, data: bytes(0, 'XTERM-256COLOR'), truncated: false },
    ]);
  });

  void it('caps a subnegotiation larger than its buffer and flags it', () => {
    const big = Buffer.alloc(5000, 0x41);
    const events = parseAll([bytes(IAC, SB, OPT_TTYPE, big, IAC, SE, 'after')]);
    assert.equal(events.length, 2);
    const sub = events[0]!;
    assert.equal(sub.type, 'subnegotiation');
    if (sub.type !== 'subnegotiation') return;
    assert.equal(sub.data.length, 512);
    assert.equal(sub.truncated, true);
    assert.deepEqual(events[1], data('after'));
  });

  void it('respects a smaller configured cap', () => {
    const [sub] = parseAll([bytes(IAC, SB, 99, 'abcdef', IAC, SE)], 4);
    assert.deepEqual(sub, { type: 'subnegotiation', option: 99, data: Buffer.from('abcd'), truncated: true });
  });

  void it('abandons a subnegotiation interrupted by another command and reads that command', () => {
    assert.deepEqual(parseAll([bytes(IAC, SB, OPT_NAWS, 0, 80, IAC, WILL, OPT_TTYPE, 'ok')]), [
      { type: 'negotiation', verb: WILL, option: OPT_TTYPE },
      data('ok'),
    ]);
  });

  void it('an IAC split from its command is still one command', () => {
    assert.deepEqual(parseAll([bytes('a', IAC), bytes(WONT), bytes(3, 'b')]), [
      data('a'),
      { type: 'negotiation', verb: WONT, option: 3 },
      data('b'),
    ]);
  });
});

void describe('telnet parser: truncation and splits', () => {
  const sequences: Buffer[] = [
    bytes(IAC, IAC),
    bytes(IAC, DO, 1),
    bytes(IAC, WILL, OPT_NAWS),
    bytes(IAC, NOP),
    bytes(IAC, SB, OPT_NAWS, 0, 80, 0, 24, IAC, SE),
    bytes(IAC, SB, OPT_NAWS, 0, IAC, IAC, IAC, IAC, 0, IAC, SE),
    bytes(IAC, SB, OPT_TTYPE, 0, 'syncterm', IAC, SE),
    bytes('\r\0'),
  ];

  void it('every IAC sequence cut at every byte: the prefix emits nothing wrong, the rest completes it', () => {
    for (const seq of sequences) {
      const whole = parseAll([bytes('<', seq, '>')]);
      for (let cut = 1; cut < seq.length; cut++) {
        const parser = new TelnetParser();
        const first = parser.push(bytes('<', seq.subarray(0, cut)));
        // Nothing but the leading data (and, for CR NUL, the CR) may come out of an unfinished sequence.
        for (const e of first) assert.equal(e.type, 'data', `cut ${cut} of ${seq.toString('hex')}`);
        const rest = parser.push(bytes(seq.subarray(cut), '>'));
        assert.deepEqual(merge([...first, ...rest]), whole, `cut ${cut} of ${seq.toString('hex')}`);
      }
    }
  });

  void it('a stream split at every byte boundary reads the same', () => {
    const stream = Buffer.concat([bytes('hi'), ...sequences, bytes('\r\nbye'), bytes(IAC, SB, 5, Buffer.alloc(600, 1), IAC, SE)]);
    const whole = parseAll([stream]);
    for (let i = 1; i < stream.length; i++) {
      assert.deepEqual(parseAll([stream.subarray(0, i), stream.subarray(i)]), whole, `split at ${i}`);
    }
    assert.deepEqual(parseAll(Array.from(stream, (b) => Uint8Array.of(b))), whole);
  });

  void it('random streams read the same under random splits', () => {
    const rng = makeRng(99);
    for (let n = 0; n < 2000; n++) {
      const stream = randomTelnetStream(rng);
      assert.deepEqual(parseAll(randomSplit(rng, stream)), parseAll([stream]));
    }
  });

  void it('survives 50,000 random and mutated streams', () => {
    const stats = fuzzTelnet(50_000, 0xbeef);
    assert.equal(stats.streams, 50_000);
  });
});

void describe('telnet output escaping', () => {
  void it('doubles every 0xFF', () => {
    assert.deepEqual(escapeIac(Buffer.of(1, 0xff, 2, 0xff, 0xff)), Buffer.of(1, 0xff, 0xff, 2, 0xff, 0xff, 0xff, 0xff));
  });

  void it('doubles 0xFF at either end and in runs, in a view into a larger buffer', () => {
    const whole = Buffer.of(9, 0xff, 0xff, 3, 0xff, 9);
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 1, 4);
    assert.deepEqual(escapeIac(view), Buffer.of(0xff, 0xff, 0xff, 0xff, 3, 0xff, 0xff));
  });

  void it('returns data without 0xFF unchanged', () => {
    const input = Buffer.from('plain');
    assert.equal(escapeIac(input), input);
    assert.deepEqual(escapeIac(new Uint8Array([104, 105])), Buffer.from('hi'));
  });

  void it('round-trips through the parser', () => {
    const rng = makeRng(5);
    for (let n = 0; n < 500; n++) {
      // No CR in the payload: the parser rightly drops the NUL of CR NUL.
      const payload = Buffer.from(Array.from({ length: 64 }, () => Math.floor(rng() * 256)).map((b) => (b === 0x0d ? 0x0e : b)));
      assert.deepEqual(parseAll([escapeIac(payload)]), [data(payload)]);
    }
  });

  void it('builds a subnegotiation with its data escaped', () => {
    assert.deepEqual(subnegotiation(OPT_NAWS, Buffer.of(0, 0xff, 0, 24)), Buffer.of(IAC, SB, OPT_NAWS, 0, 0xff, 0xff, 0, 24, IAC, SE));
  });
});

function merge(events: TelnetEvent[]): TelnetEvent[] {
  const out: TelnetEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === 'data' && last?.type === 'data') last.bytes = Buffer.concat([last.bytes, e.bytes]);
    else out.push(e.type === 'data' ? { type: 'data', bytes: Buffer.from(e.bytes) } : e);
  }
  return out;
}

it('data read in runs equals data read a byte at a time, CR NUL and IAC anywhere, NULs kept or not', () => {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = [0x00, 0x0d, 0x0a, 0xff, 0xfb, 0xfd, 0xfa, 0xf0, 0x01, 0x18, 0x41];
  for (let round = 0; round < 2000; round++) {
    const bytes = Buffer.from(Array.from({ length: 1 + rnd(200) }, () => (rnd(3) === 0 ? alphabet[rnd(alphabet.length)]! : rnd(256))));
    for (const keep of [false, true]) {
      const slow = new TelnetParser();
      slow.keepNulAfterCr = keep;
      const one = [...bytes].flatMap((b) => slow.push(Uint8Array.of(b)));
      const fast = new TelnetParser();
      fast.keepNulAfterCr = keep;
      const runs: ReturnType<TelnetParser['push']> = [];
      for (let at = 0; at < bytes.length; ) {
        const len = 1 + rnd(64);
        runs.push(...fast.push(bytes.subarray(at, at + len)));
        at += len;
      }
      const flat = (events: ReturnType<TelnetParser['push']>): unknown[] => {
        const out: unknown[] = [];
        let data: number[] = [];
        for (const e of events) {
          if (e.type === 'data') data.push(...e.bytes);
          else {
            if (data.length) out.push(Buffer.from(data).toString('hex'));
            data = [];
            out.push(e);
          }
        }
        if (data.length) out.push(Buffer.from(data).toString('hex'));
        return out;
      };
      assert.deepEqual(flat(runs), flat(one), `round ${round}, keep ${keep}: ${bytes.toString('hex')}`);
    }
  }
});

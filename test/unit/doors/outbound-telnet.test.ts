import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OutboundTelnet, type Decoded } from '../../../src/doors/outbound-telnet.js';
import { AYT, DO, DONT, GA, IAC, NOP, OPT_BINARY, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE, SB, SE, WILL, WONT } from '../../../src/transports/telnet/telnet-codes.js';
import { randomTelnetStream } from '../../../scripts/fuzz-telnet.js';
import { makeRng, randomSplit } from '../../../scripts/fuzz-terminal.js';

const bytes = (...parts: (number | string | Uint8Array)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.of(p) : typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));

const client = (): OutboundTelnet => new OutboundTelnet({ cols: 100, rows: 30, terminalType: 'xterm-256color' });

/** IAC SB TTYPE SEND IAC SE: the far board asks for our terminal type. */
const TTYPE_SEND = bytes(IAC, SB, OPT_TTYPE, 1, IAC, SE);

/** Exactly what Mongrel BBS's telnet server offers a new caller (telnet-connection.ts). */
const BOARD_OFFER = bytes(IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_SGA, IAC, DO, OPT_NAWS, IAC, DO, OPT_TTYPE, IAC, WILL, OPT_BINARY, IAC, DO, OPT_BINARY);

/** Every part decoded in turn, data and replies each joined. */
function decodeParts(c: OutboundTelnet, parts: Uint8Array[]): Decoded {
  const data: Buffer[] = [];
  const reply: Buffer[] = [];
  for (const p of parts) {
    const d = c.decode(p);
    data.push(d.data);
    reply.push(d.reply);
  }
  return { data: Buffer.concat(data), reply: Buffer.concat(reply) };
}

void describe('outbound telnet: answers the far board as a good client', () => {
  void it('accepts WILL ECHO, WILL SGA and WILL BINARY with DO', () => {
    const c = client();
    assert.deepEqual(c.decode(bytes(IAC, WILL, OPT_ECHO)).reply, bytes(IAC, DO, OPT_ECHO));
    assert.deepEqual(c.decode(bytes(IAC, WILL, OPT_SGA)).reply, bytes(IAC, DO, OPT_SGA));
    assert.deepEqual(c.decode(bytes(IAC, WILL, OPT_BINARY)).reply, bytes(IAC, DO, OPT_BINARY));
  });

  void it('accepts DO BINARY, DO SGA and DO TTYPE with WILL', () => {
    const c = client();
    assert.deepEqual(c.decode(bytes(IAC, DO, OPT_BINARY)).reply, bytes(IAC, WILL, OPT_BINARY));
    assert.deepEqual(c.decode(bytes(IAC, DO, OPT_SGA)).reply, bytes(IAC, WILL, OPT_SGA));
    assert.deepEqual(c.decode(bytes(IAC, DO, OPT_TTYPE)).reply, bytes(IAC, WILL, OPT_TTYPE));
  });

  void it('answers DO NAWS with WILL NAWS and the window size at once', () => {
    assert.deepEqual(client().decode(bytes(IAC, DO, OPT_NAWS)).reply, bytes(IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, 0, 100, 0, 30, IAC, SE));
  });

  void it('answers TTYPE SEND with IS and the terminal type, upper-cased, only once TTYPE is agreed', () => {
    const c = client();
    assert.deepEqual(c.decode(TTYPE_SEND).reply, Buffer.alloc(0), 'no TTYPE agreed yet: no answer');
    c.decode(bytes(IAC, DO, OPT_TTYPE));
    assert.deepEqual(c.decode(TTYPE_SEND).reply, bytes(IAC, SB, OPT_TTYPE, 0, 'XTERM-256COLOR', IAC, SE));
    // A board walking the list asks again: the same name, which tells it the list is over.
    assert.deepEqual(c.decode(TTYPE_SEND).reply, bytes(IAC, SB, OPT_TTYPE, 0, 'XTERM-256COLOR', IAC, SE));
  });

  void it('sends a terminal type of printable ASCII only, and UNKNOWN when none is left', () => {
    const odd = new OutboundTelnet({ cols: 80, rows: 24, terminalType: 'ans\u00ffi \x1b' });
    odd.decode(bytes(IAC, DO, OPT_TTYPE));
    assert.deepEqual(odd.decode(TTYPE_SEND).reply, bytes(IAC, SB, OPT_TTYPE, 0, 'ANSI', IAC, SE));
    const none = new OutboundTelnet({ cols: 80, rows: 24, terminalType: '' });
    none.decode(bytes(IAC, DO, OPT_TTYPE));
    assert.deepEqual(none.decode(TTYPE_SEND).reply, bytes(IAC, SB, OPT_TTYPE, 0, 'UNKNOWN', IAC, SE));
  });

  void it("answers the board's whole offer in one reply, byte for byte", () => {
    assert.deepEqual(
      client().decode(BOARD_OFFER).reply,
      bytes(IAC, DO, OPT_ECHO, IAC, DO, OPT_SGA, IAC, WILL, OPT_SGA, IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, 0, 100, 0, 30, IAC, SE, IAC, WILL, OPT_TTYPE, IAC, DO, OPT_BINARY, IAC, WILL, OPT_BINARY),
    );
  });

  void it('refuses everything else: DONT to a WILL, WONT to a DO', () => {
    const c = client();
    assert.deepEqual(c.decode(bytes(IAC, WILL, 5)).reply, bytes(IAC, DONT, 5));
    assert.deepEqual(c.decode(bytes(IAC, DO, 39)).reply, bytes(IAC, WONT, 39));
    assert.deepEqual(c.decode(bytes(IAC, DO, OPT_ECHO)).reply, bytes(IAC, WONT, OPT_ECHO), 'the far board echoes, never we');
    assert.deepEqual(c.decode(bytes(IAC, WILL, OPT_NAWS)).reply, bytes(IAC, DONT, OPT_NAWS), 'the window is ours to report');
    assert.deepEqual(c.decode(bytes(IAC, WILL, 200)).reply, bytes(IAC, DONT, 200));
  });

  void it('never loops: a request that changes nothing gets no answer', () => {
    const c = client();
    c.decode(BOARD_OFFER);
    assert.deepEqual(c.decode(BOARD_OFFER).reply, Buffer.alloc(0), 'the same offer again');
    c.decode(bytes(IAC, WILL, 5));
    assert.deepEqual(c.decode(bytes(IAC, WILL, 5, IAC, WILL, 5)).reply, Buffer.alloc(0), 'a refused option asked again');
    assert.deepEqual(c.decode(bytes(IAC, DONT, 40, IAC, WONT, 41)).reply, Buffer.alloc(0), 'off for what was never on');
    assert.deepEqual(c.decode(bytes(IAC, WONT, OPT_ECHO)).reply, bytes(IAC, DONT, OPT_ECHO), 'an option turned off is acknowledged once');
    assert.deepEqual(c.decode(bytes(IAC, WONT, OPT_ECHO)).reply, Buffer.alloc(0));
  });
});

void describe('outbound telnet: data for the caller', () => {
  void it('undoubles IAC and takes every command out', () => {
    const d = client().decode(bytes('a', IAC, IAC, 'b', IAC, NOP, 'c', IAC, GA, IAC, AYT, IAC, SB, 70, 1, 2, IAC, SE, 'd'));
    assert.deepEqual(d.data, bytes('a', 0xff, 'bcd'));
    assert.deepEqual(d.reply, Buffer.alloc(0));
  });

  void it('passes every byte value but IAC through as it came', () => {
    const all = Buffer.from(Array.from({ length: 255 }, (_, i) => i).filter((b) => b !== 0));
    assert.deepEqual(client().decode(all).data, all);
  });

  void it('reads the same at every split of a negotiating stream', () => {
    const stream = bytes('WELCOME', IAC, IAC, '\r\n', BOARD_OFFER, 'name? ', IAC, SB, OPT_TTYPE, 1, IAC, SE, IAC, SB, OPT_NAWS, IAC, IAC, 0, IAC, SE, 'end');
    const whole = decodeParts(client(), [stream]);
    assert.ok(whole.reply.includes(bytes(IAC, SB, OPT_TTYPE, 0, 'XTERM-256COLOR', IAC, SE)));
    for (let i = 1; i < stream.length; i++) {
      assert.deepEqual(decodeParts(client(), [stream.subarray(0, i), stream.subarray(i)]), whole, `split at ${i}`);
    }
    assert.deepEqual(decodeParts(client(), Array.from(stream, (b) => Buffer.of(b))), whole, 'one byte at a time');
  });

  void it('survives random bytes and random telnet streams in random pieces', () => {
    const rng = makeRng(0x7e1e7);
    for (let n = 0; n < 2000; n++) {
      const stream = n % 2 === 0 ? randomTelnetStream(rng) : Buffer.from(Array.from({ length: Math.floor(rng() * 200) }, () => Math.floor(rng() * 256)));
      const c = client();
      const d = decodeParts(c, randomSplit(rng, stream));
      assert.ok(d.data.length <= stream.length);
      // Every reply is a bounded answer: at most one per option, never an echo of the stream.
      assert.ok(d.reply.length <= stream.length * 16, `reply of ${d.reply.length} bytes to ${stream.length}`);
      c.encode(stream);
      c.resize(Math.floor(rng() * 70_000), -1);
    }
  });
});

void describe('outbound telnet: the caller\'s keys and window for the far board', () => {
  void it('doubles IAC', () => {
    assert.deepEqual(client().encode(bytes('a', 0xff, 'b')), bytes('a', IAC, IAC, 'b'));
  });

  void it('sends a bare CR as CR NUL and leaves CR LF and CR NUL alone while not in binary', () => {
    const c = client();
    assert.deepEqual(c.encode(bytes('yes\r')), bytes('yes\r\0'));
    assert.deepEqual(c.encode(bytes('a\r\nb\r\0c\rd')), bytes('a\r\nb\r\0c\r\0d'));
  });

  void it('does not send the NUL twice when the CR NUL of an Enter comes in two reads', () => {
    const c = client();
    assert.deepEqual(c.encode(bytes('x\r')), bytes('x\r\0'));
    assert.deepEqual(c.encode(bytes('\0y')), bytes('y'));
    assert.deepEqual(c.encode(bytes('\0')), bytes('\0'), 'a NUL after anything else is data');
  });

  void it('sends CR untouched once we agreed to send binary', () => {
    const c = client();
    c.decode(bytes(IAC, DO, OPT_BINARY));
    assert.deepEqual(c.encode(bytes('a\rb\r', 0xff)), bytes('a\rb\r', IAC, IAC));
  });

  void it('reports a resize only after NAWS is agreed, only when it changed, with 0xFF doubled', () => {
    const c = client();
    assert.deepEqual(c.resize(132, 50), Buffer.alloc(0), 'no NAWS yet');
    assert.deepEqual(c.decode(bytes(IAC, DO, OPT_NAWS)).reply, bytes(IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, 0, 132, 0, 50, IAC, SE), 'the size kept meanwhile');
    assert.deepEqual(c.resize(132, 50), Buffer.alloc(0), 'no change');
    assert.deepEqual(c.resize(255, 511), bytes(IAC, SB, OPT_NAWS, 0, IAC, IAC, 1, IAC, IAC, IAC, SE));
    c.decode(bytes(IAC, DONT, OPT_NAWS));
    assert.deepEqual(c.resize(80, 24), Buffer.alloc(0), 'NAWS turned off');
  });
});

it('a far board\'s CR NUL reaches the caller as both bytes, however its reads are split', () => {
  const whole = new OutboundTelnet({ cols: 80, rows: 24, terminalType: 'XTERM' }).decode(Buffer.from('a\r\0b'));
  assert.deepEqual(whole.data, Buffer.from('a\r\0b'));
  const split = new OutboundTelnet({ cols: 80, rows: 24, terminalType: 'XTERM' });
  assert.deepEqual(Buffer.concat([split.decode(Buffer.from('a\r')).data, split.decode(Buffer.from('\0b')).data]), Buffer.from('a\r\0b'));
});

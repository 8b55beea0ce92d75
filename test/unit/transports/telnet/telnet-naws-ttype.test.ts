import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNaws } from '../../../../src/transports/telnet/naws.js';
import { MAX_TTYPE_NAME, parseTtypeIs, TTYPE_SEND_BYTES, TtypeCycle } from '../../../../src/transports/telnet/ttype.js';

void describe('NAWS', () => {
  void it('reads big-endian width and height', () => {
    assert.deepEqual(parseNaws(Buffer.of(0, 80, 0, 24)), { cols: 80, rows: 24 });
    assert.deepEqual(parseNaws(Buffer.of(1, 0x2c, 0, 0xff)), { cols: 300, rows: 255 });
    assert.deepEqual(parseNaws(Buffer.of(0, 0, 0, 0)), { cols: 0, rows: 0 });
  });

  void it('ignores a short or long report instead of crashing', () => {
    for (const len of [0, 1, 2, 3, 5, 100]) assert.equal(parseNaws(Buffer.alloc(len, 7)), null);
  });
});

void describe('TTYPE', () => {
  void it('sends SEND as IAC SB 24 1 IAC SE', () => {
    assert.deepEqual(TTYPE_SEND_BYTES, Buffer.of(255, 250, 24, 1, 255, 240));
  });

  void it('reads an IS name lower-cased', () => {
    assert.equal(parseTtypeIs(Buffer.from('\0XTERM-256COLOR', 'latin1')), 'xterm-256color');
    assert.equal(parseTtypeIs(Buffer.from('\0 syncterm ', 'latin1')), 'syncterm');
  });

  void it('rejects SEND, empty names and non-ASCII names', () => {
    assert.equal(parseTtypeIs(Buffer.from('\x01', 'latin1')), null);
    assert.equal(parseTtypeIs(Buffer.from('\0', 'latin1')), null);
    assert.equal(parseTtypeIs(Buffer.from('\0   ', 'latin1')), null);
    assert.equal(parseTtypeIs(Buffer.from('\0xt\x1b[2Jerm', 'latin1')), null);
    assert.equal(parseTtypeIs(Buffer.from('\0xt\xe9rm', 'latin1')), null);
    assert.equal(parseTtypeIs(Buffer.alloc(0)), null);
  });

  void it('cuts a long name', () => {
    assert.equal(parseTtypeIs(Buffer.from('\0' + 'a'.repeat(300)))!.length, MAX_TTYPE_NAME);
  });

  void it('cycles until a repeat', () => {
    const c = new TtypeCycle();
    assert.equal(c.add('mudlet'), true);
    assert.equal(c.add('ansi-256color'), true);
    assert.equal(c.add('mtts 2349'), true);
    assert.equal(c.add('mtts 2349'), false);
    assert.equal(c.done, true);
    assert.deepEqual(c.names, ['mudlet', 'ansi-256color', 'mtts 2349']);
  });

  void it('stops when a client starts over from its first name', () => {
    const c = new TtypeCycle();
    c.add('ansi');
    c.add('vt100');
    assert.equal(c.add('ansi'), false);
    assert.deepEqual(c.names, ['ansi', 'vt100']);
  });

  void it('stops after a few names from a client that never repeats', () => {
    const c = new TtypeCycle(4);
    const asked = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => c.add(n));
    assert.deepEqual(asked, [true, true, true, false, false, false]);
    assert.equal(c.names.length, 4);
  });
});

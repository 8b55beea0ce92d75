import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  MAX_CONTROL_BYTES,
  classifyClientFrame,
  encodeServerControl,
  parseClientControl,
  parseNodeParam,
} from '../../../../src/transports/websocket/ws-frames.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

void test('a resize control message parses from text and from bytes', () => {
  const text = '{"type":"resize","cols":120,"rows":40}';
  assert.deepEqual(parseClientControl(text), { ok: true, message: { type: 'resize', cols: 120, rows: 40 } });
  assert.deepEqual(parseClientControl(utf8(text)), { ok: true, message: { type: 'resize', cols: 120, rows: 40 } });
});

void test('key order and spacing do not matter', () => {
  const r = parseClientControl(' { "rows" : 1 , "cols" : 500 , "type" : "resize" } ');
  assert.deepEqual(r, { ok: true, message: { type: 'resize', cols: 500, rows: 1 } });
});

void test('binary frames are keystrokes, byte for byte', () => {
  const bytes = Uint8Array.from([0x1b, 0x5b, 0x41, 0xff, 0x00, 0x0d]);
  const frame = classifyClientFrame(bytes, true);
  assert.equal(frame.kind, 'keys');
  assert.deepEqual(frame.kind === 'keys' && [...frame.bytes], [...bytes]);
});

void test('a text frame that is not a valid control message is invalid, not keys', () => {
  const frame = classifyClientFrame(utf8('hello'), false);
  assert.equal(frame.kind, 'invalid');
});

const rejected: Array<[string, string | Uint8Array]> = [
  ['not JSON', '{type:resize}'],
  ['empty', ''],
  ['null', 'null'],
  ['array', '[{"type":"resize","cols":80,"rows":24}]'],
  ['number', '42'],
  ['string', '"resize"'],
  ['unknown type', '{"type":"paste","cols":80,"rows":24}'],
  ['type missing', '{"cols":80,"rows":24}'],
  ['extra key', '{"type":"resize","cols":80,"rows":24,"x":1}'],
  ['prototype key', '{"type":"resize","cols":80,"rows":24,"__proto__":{"a":1}}'],
  ['cols zero', '{"type":"resize","cols":0,"rows":24}'],
  ['cols too big', '{"type":"resize","cols":501,"rows":24}'],
  ['rows too big', '{"type":"resize","cols":80,"rows":301}'],
  ['negative rows', '{"type":"resize","cols":80,"rows":-1}'],
  ['fractional cols', '{"type":"resize","cols":80.5,"rows":24}'],
  ['string cols', '{"type":"resize","cols":"80","rows":24}'],
  ['huge exponent', '{"type":"resize","cols":1e400,"rows":24}'],
  ['rows missing', '{"type":"resize","cols":80}'],
  ['bad UTF-8', Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d])],
  ['too long', `{"type":"resize","cols":80,"rows":24${' '.repeat(MAX_CONTROL_BYTES)}}`],
];

for (const [name, input] of rejected) {
  void test(`control message rejected: ${name}`, () => {
    const r = parseClientControl(input);
    assert.equal(r.ok, false);
    assert.equal(typeof (!r.ok && r.error), 'string');
  });
}

void test('the size cap counts bytes, not characters', () => {
  const padding = 'é'.repeat(Math.ceil(MAX_CONTROL_BYTES / 2));
  const r = parseClientControl(`{"type":"resize","cols":80,"rows":24,"p":"${padding}"}`);
  assert.deepEqual(r, { ok: false, error: 'control message too long' });
});

void test('random bytes never throw and never yield a resize outside the bounds', () => {
  for (let i = 0; i < 5000; i++) {
    const bytes = randomBytes(i % 300);
    const frame = classifyClientFrame(bytes, i % 2 === 0);
    assert.ok(['keys', 'control', 'invalid'].includes(frame.kind));
  }
});

void test('random mutations of a valid message never throw', () => {
  const base = utf8('{"type":"resize","cols":80,"rows":24}');
  const alphabet = utf8('{}[]":,0123456789-.eE typersizcolw\\u\u0000');
  for (let i = 0; i < 20000; i++) {
    const bytes = Uint8Array.from(base);
    const flips = 1 + (i % 4);
    for (let f = 0; f < flips; f++) {
      const at = Math.floor(Math.random() * bytes.length);
      bytes[at] = alphabet[Math.floor(Math.random() * alphabet.length)]!;
    }
    const r = parseClientControl(bytes);
    if (r.ok) {
      assert.ok(Number.isInteger(r.message.cols) && r.message.cols >= 1 && r.message.cols <= 500);
      assert.ok(Number.isInteger(r.message.rows) && r.message.rows >= 1 && r.message.rows <= 300);
    }
  }
});

void test('server control messages encode as JSON the page can read', () => {
  assert.deepEqual(JSON.parse(encodeServerControl({ type: 'bye', reason: 'exit' })), { type: 'bye', reason: 'exit' });
  assert.deepEqual(JSON.parse(encodeServerControl({ type: 'hello', board: 'Mongrel "BBS"' })), { type: 'hello', board: 'Mongrel "BBS"' });
  assert.deepEqual(JSON.parse(encodeServerControl({ type: 'busy', board: 'b', message: 'm' })), { type: 'busy', board: 'b', message: 'm' });
});

void test('the upgrade URL may name one node to dial', () => {
  assert.deepEqual(parseNodeParam('/ws'), { ok: true });
  assert.deepEqual(parseNodeParam(undefined), { ok: true });
  assert.deepEqual(parseNodeParam('/ws?'), { ok: true });
  assert.deepEqual(parseNodeParam('/ws?node=2'), { ok: true, node: 2 });
  assert.deepEqual(parseNodeParam('/ws?x=1&node=9999'), { ok: true, node: 9999 });
  for (const bad of ['/ws?node=', '/ws?node=0', '/ws?node=02', '/ws?node=10000', '/ws?node=-1', '/ws?node=1.5', '/ws?node=abc', '/ws?node=1&node=2', '/ws?node=%31%00']) {
    assert.equal(parseNodeParam(bad).ok, false, bad);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, encodeReply, FrameDecoder, MAX_FRAME_BYTES, type DecodedFrame } from '../../../../src/transports/tcpjson/frame-codec.js';
import { seededRandom } from '../../../helpers/seeded-random.js';

/** The exact bytes the original Python 2 client sends for one line. */
const py = (msg: string): string => `@bbs {"msg": ${JSON.stringify(msg)}, "type": "msg"}\0`;

const STREAM = Buffer.from(py('connect') + py('zed') + '@bbs {"type":"ping"}\0' + py('h\u00e9llo \u2603') + py(''), 'utf8');

function decodeAll(chunks: Uint8Array[]): DecodedFrame[] {
  const d = new FrameDecoder();
  return chunks.flatMap((c) => d.push(c));
}

test('decodes the original client frames, several in one read', () => {
  const frames = decodeAll([STREAM]);
  assert.deepEqual(
    frames.map((f) => (f.kind === 'message' ? [f.path, f.body.type, f.body.msg] : f.kind)),
    [
      ['@bbs', 'msg', 'connect'],
      ['@bbs', 'msg', 'zed'],
      ['@bbs', 'ping', undefined],
      ['@bbs', 'msg', 'h\u00e9llo \u2603'],
      ['@bbs', 'msg', ''],
    ],
  );
});

test('the same frames come out at every split point of the stream, and byte by byte', () => {
  const whole = decodeAll([STREAM]);
  for (let i = 0; i <= STREAM.length; i++) {
    assert.deepEqual(decodeAll([STREAM.subarray(0, i), STREAM.subarray(i)]), whole, `split at ${i}`);
  }
  for (let i = 1; i < STREAM.length; i += 7) {
    for (let j = i; j <= STREAM.length; j += 11) {
      assert.deepEqual(decodeAll([STREAM.subarray(0, i), STREAM.subarray(i, j), STREAM.subarray(j)]), whole, `split at ${i},${j}`);
    }
  }
  assert.deepEqual(decodeAll([...STREAM].map((b) => Uint8Array.of(b))), whole);
});

test('key order and spacing do not matter', () => {
  const f = decodeFrame(Buffer.from('@bbs.10 {"type":"msg","msg":"x"}'));
  assert.deepEqual(f, { kind: 'message', path: '@bbs.10', body: { type: 'msg', msg: 'x' } });
});

test('each kind of bad input is named', () => {
  const cases: Array<[string | Buffer, string]> = [
    ['GET / HTTP/1.0\r\n\r\n\0', 'not-a-frame'],
    ['@bbs not json\0', 'not-json'],
    ['@bbs [1,2]\0', 'not-an-object'],
    ['@bbs "str"\0', 'not-an-object'],
    ['@bbs\0', 'bad-path'],
    ['@ {"a":1}\0', 'bad-path'],
    [Buffer.concat([Buffer.from('@bbs {"msg":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\0')]), 'bad-utf8'],
    ['<nonsense/>\0', 'not-a-frame'],
  ];
  for (const [input, error] of cases) {
    const frames = decodeAll([Buffer.from(input)]);
    assert.deepEqual(frames.at(-1), { kind: 'error', error }, String(input));
  }
});

test('a frame over the limit is refused before its NUL arrives, and nothing after an error decodes', () => {
  const d = new FrameDecoder();
  assert.deepEqual(d.push(Buffer.from('@bbs {"msg":"')), []);
  const out = d.push(Buffer.alloc(MAX_FRAME_BYTES, 0x61));
  assert.deepEqual(out, [{ kind: 'error', error: 'too-large' }]);
  assert.deepEqual(d.push(Buffer.from(py('after'))), []);
  // Exactly at the limit is still fine.
  const body = `{"msg":"${'b'.repeat(MAX_FRAME_BYTES - 15)}"}`;
  const atLimit = Buffer.from(`@bbs ${body}`);
  assert.equal(atLimit.length, MAX_FRAME_BYTES);
  assert.equal(decodeAll([Buffer.concat([atLimit, Buffer.of(0)])])[0]!.kind, 'message');
});

test('the policy request is recognised', () => {
  assert.deepEqual(decodeAll([Buffer.from('<policy-file-request/>\0')]), [{ kind: 'policy' }]);
});

test('replies are base64 of UTF-8 JSON ending in one NUL', () => {
  const bytes = encodeReply({ type: 'prompt', msg: 'Caf\u00e9 \u2554\u2550', pchar: '> ' });
  assert.equal(bytes.at(-1), 0);
  assert.equal(bytes.indexOf(0), bytes.length - 1);
  const text = bytes.subarray(0, -1).toString('latin1');
  assert.match(text, /^[A-Za-z0-9+/]+=*$/);
  assert.deepEqual(JSON.parse(Buffer.from(text, 'base64').toString('utf8')), { type: 'prompt', msg: 'Caf\u00e9 \u2554\u2550', pchar: '> ' });
});

test('random and mutated bytes never throw and never yield more than they hold', () => {
  const rand = seededRandom(42);
  for (let i = 0; i < 20_000; i++) {
    const d = new FrameDecoder();
    const base = rand(2) ? Buffer.from(STREAM) : Buffer.alloc(rand(200));
    for (let j = 0; j < base.length; j++) if (rand(8) === 0) base[j] = rand(256);
    let produced = 0;
    for (let at = 0; at < base.length; ) {
      const n = 1 + rand(40);
      produced += d.push(base.subarray(at, at + n)).length;
      at += n;
    }
    assert.ok(produced <= base.length);
  }
});

test('the board route and its per-node phone numbers', async () => {
  const { routeTarget } = await import('../../../../src/transports/tcpjson/json-socket.js');
  assert.deepEqual(routeTarget('@bbs', '@bbs'), {});
  assert.deepEqual(routeTarget('@bbs.2', '@bbs'), { node: 2 });
  assert.equal(routeTarget('@bbsx', '@bbs'), null);
  assert.equal(routeTarget('@bbs.', '@bbs'), null);
  assert.equal(routeTarget('@bbs.2.3', '@bbs'), null);
  assert.equal(routeTarget('@chat', '@bbs'), null);
});

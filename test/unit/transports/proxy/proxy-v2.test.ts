import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  decodeProxyV2,
  MAX_PROXY_V2_HEADER,
  PROXY_V2_SIGNATURE,
  ProxyV2Reader,
  startsWithProxyV2Signature,
  type ProxyV2Result,
} from '../../../../src/transports/proxy/proxy-v2.js';

/** A header as a balancer writes it: signature, version 2 with the command, family and transport, length, body. */
function header(verCmd: number, famProto: number, body: Buffer): Buffer {
  const fixed = Buffer.from([verCmd, famProto, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([PROXY_V2_SIGNATURE, fixed, body]);
}

/** 203.0.113.7:51234 -> 10.0.0.9:2323, as HAProxy sends it for a TCP over IPv4 caller. */
const INET_BODY = Buffer.from([203, 0, 113, 7, 10, 0, 0, 9, 0xc8, 0x22, 0x09, 0x13]);
const INET = header(0x21, 0x11, INET_BODY);

/** 2001:db8::42 port 40000 -> 2001:db8::1 port 2222, with an ALPN TLV and a NOOP TLV after the addresses. */
const INET6_BODY = Buffer.concat([
  Buffer.from('20010db8000000000000000000000042', 'hex'),
  Buffer.from('20010db8000000000000000000000001', 'hex'),
  Buffer.from([0x9c, 0x40, 0x08, 0xae]),
  Buffer.from([0x01, 0x00, 0x02, 0x68, 0x32]),
  Buffer.from([0x04, 0x00, 0x03, 0x00, 0x00, 0x00]),
]);
const INET6 = header(0x21, 0x21, INET6_BODY);

const LOCAL = header(0x20, 0x00, Buffer.alloc(0));

const telnetBytes = Buffer.from([0xff, 0xfb, 0x18, 0x0d, 0x0a]);

void test('a TCP over IPv4 header names its source address and port, and hands on what followed', () => {
  assert.deepEqual(decodeProxyV2(Buffer.concat([INET, telnetBytes])), {
    kind: 'proxy',
    source: { address: '203.0.113.7', port: 51234 },
    rest: telnetBytes,
  });
});

void test('a TCP over IPv6 header names its source compressed, and its TLVs are skipped', () => {
  assert.deepEqual(decodeProxyV2(Buffer.concat([INET6, Buffer.from('SSH-2.0-x\r\n')])), {
    kind: 'proxy',
    source: { address: '2001:db8::42', port: 40000 },
    rest: Buffer.from('SSH-2.0-x\r\n'),
  });
});

void test('an IPv4-mapped IPv6 source is written dotted, as the board writes every IPv4 caller', () => {
  const body = Buffer.concat([Buffer.from('00000000000000000000ffffc6336405', 'hex'), Buffer.alloc(16), Buffer.from([0x00, 0x50, 0x00, 0x50])]);
  const r = decodeProxyV2(header(0x21, 0x21, body));
  assert.equal(r.kind, 'proxy');
  assert.deepEqual(r.kind === 'proxy' && r.source, { address: '198.51.100.5', port: 80 });
});

void test('LOCAL (a health check) keeps the connection its own address, whatever address block it carries', () => {
  assert.deepEqual(decodeProxyV2(LOCAL), { kind: 'local', rest: Buffer.alloc(0) });
  assert.deepEqual(decodeProxyV2(Buffer.concat([header(0x20, 0x11, INET_BODY), telnetBytes])), { kind: 'local', rest: telnetBytes });
});

void test('PROXY over AF_UNSPEC names nobody: the connection keeps its own address', () => {
  assert.deepEqual(decodeProxyV2(header(0x21, 0x00, Buffer.alloc(0))), { kind: 'local', rest: Buffer.alloc(0) });
});

void test('the header split at every byte boundary decodes the same, and says more until its last byte', () => {
  for (const whole of [INET, INET6, LOCAL]) {
    const stream = Buffer.concat([whole, telnetBytes]);
    const expected = decodeProxyV2(stream);
    for (let n = 0; n < whole.length; n++) assert.deepEqual(decodeProxyV2(stream.subarray(0, n)), { kind: 'more' }, `prefix of ${n} bytes`);
    for (let cut = 1; cut < stream.length; cut++) {
      const reader = new ProxyV2Reader();
      const first = reader.push(stream.subarray(0, cut));
      const result = first.kind === 'more' ? reader.push(stream.subarray(cut)) : first;
      // Whatever was cut off after the header is the caller's: the reader hands on the part it was given.
      const rest = cut >= whole.length ? stream.subarray(whole.length, cut) : stream.subarray(whole.length);
      assert.deepEqual(result, { ...expected, rest } as ProxyV2Result, `split at ${cut}`);
    }
  }
});

void test('byte by byte through the reader, the header is answered on its last byte', () => {
  const reader = new ProxyV2Reader();
  for (let i = 0; i < INET6.length - 1; i++) assert.equal(reader.push(INET6.subarray(i, i + 1)).kind, 'more', `byte ${i}`);
  assert.equal(reader.push(INET6.subarray(-1)).kind, 'proxy');
});

void test('a stream that is no header is refused at its first wrong byte, not waited for', () => {
  assert.deepEqual(decodeProxyV2(Buffer.from('G')), { kind: 'error', reason: 'no PROXY v2 signature' });
  assert.deepEqual(decodeProxyV2(Buffer.from('\r\n\r\nX')), { kind: 'error', reason: 'no PROXY v2 signature' });
  // The text PROXY protocol (version 1) is not this one.
  assert.equal(decodeProxyV2(Buffer.from('PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n')).kind, 'error');
});

void test('each bad field gets its own reason', () => {
  const cases: Array<[Buffer, RegExp]> = [
    [header(0x11, 0x11, INET_BODY), /version 1, expected 2/],
    [header(0x22, 0x11, INET_BODY), /unknown PROXY v2 command 2/],
    [header(0x21, 0x31, Buffer.alloc(216)), /address family 3 is not served/],
    [header(0x21, 0x12, INET_BODY), /transport 2 is not served/],
    [header(0x21, 0x11, INET_BODY.subarray(0, 11)), /length 11 is too short for its addresses \(12\)/],
    [header(0x21, 0x21, INET_BODY), /length 12 is too short for its addresses \(36\)/],
  ];
  for (const [bytes, reason] of cases) {
    const r = decodeProxyV2(bytes);
    assert.equal(r.kind, 'error', String(reason));
    assert.match(r.kind === 'error' ? r.reason : '', reason);
  }
});

void test('a header longer than the cap is refused from its length field, before its body is waited for', () => {
  const fixed = Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x21, 0x11, 0xff, 0xff])]);
  const r = decodeProxyV2(fixed);
  assert.equal(r.kind, 'error');
  assert.match(r.kind === 'error' ? r.reason : '', new RegExp(`more than ${MAX_PROXY_V2_HEADER}`));
  // The largest allowed is still read.
  const largest = header(0x21, 0x11, Buffer.concat([INET_BODY, Buffer.alloc(MAX_PROXY_V2_HEADER - 16 - INET_BODY.length)]));
  assert.equal(decodeProxyV2(largest).kind, 'proxy');
});

void test('the signature test wants all twelve bytes', () => {
  assert.equal(startsWithProxyV2Signature(INET), true);
  assert.equal(startsWithProxyV2Signature(PROXY_V2_SIGNATURE), true);
  assert.equal(startsWithProxyV2Signature(PROXY_V2_SIGNATURE.subarray(0, 11)), false);
  assert.equal(startsWithProxyV2Signature(Buffer.from('\r\n')), false);
});

void test('random bytes, bare and after a real signature, never throw and always get a clear answer', () => {
  const kinds = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const tail = randomBytes(i % 60);
    const bytes = i % 2 === 0 ? tail : Buffer.concat([PROXY_V2_SIGNATURE, tail]);
    const r = decodeProxyV2(bytes);
    kinds.add(r.kind);
    assert.ok(['more', 'proxy', 'local', 'error'].includes(r.kind));
    if (r.kind === 'error') assert.ok(r.reason.length > 0);
    if (r.kind === 'proxy') assert.ok(r.source.port >= 0 && r.source.port <= 65535 && r.source.address.length > 0);
    if (r.kind === 'more') assert.ok(bytes.length < MAX_PROXY_V2_HEADER);
  }
  assert.ok(kinds.has('error') && kinds.has('more'));
});

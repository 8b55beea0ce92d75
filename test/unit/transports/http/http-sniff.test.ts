import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { POLICY_REQUEST, sniffFirstBytes } from '../../../../src/transports/http/sniff.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

void test('nothing yet means wait', () => {
  assert.equal(sniffFirstBytes(Buffer.alloc(0)), 'more');
});

void test('@ starts a Mongrel2 JSON socket, whatever follows', () => {
  assert.equal(sniffFirstBytes(b('@')), 'json');
  assert.equal(sniffFirstBytes(b('@bbs {"type":"msg","msg":"connect"}\0')), 'json');
});

void test('HTTP methods are HTTP', () => {
  for (const m of ['GET / HTTP/1.1\r\n', 'G', 'POST', 'HEAD', 'OPTIONS', 'PRI * HTTP/2.0']) {
    assert.equal(sniffFirstBytes(b(m)), 'http', m);
  }
});

void test('the Flash policy request is recognised only when complete', () => {
  assert.equal(sniffFirstBytes(POLICY_REQUEST), 'policy');
  assert.equal(sniffFirstBytes(Buffer.concat([POLICY_REQUEST, b('GET')])), 'policy');
  for (let n = 1; n < POLICY_REQUEST.length; n++) {
    assert.equal(sniffFirstBytes(POLICY_REQUEST.subarray(0, n)), 'more', `prefix of ${n} bytes`);
  }
});

void test('a near miss of the policy request falls to HTTP (which answers 400)', () => {
  assert.equal(sniffFirstBytes(b('<policy-file-request/>X')), 'http');
  assert.equal(sniffFirstBytes(b('<xml>')), 'http');
  assert.equal(sniffFirstBytes(b('<policy-file-request/')), 'more');
});

void test('split at every byte boundary, the answer is the same as all at once', () => {
  const inputs = [POLICY_REQUEST, b('GET / HTTP/1.1\r\n\r\n'), b('@bbs {}\0'), b('<pol\0cy')];
  for (const input of inputs) {
    const whole = sniffFirstBytes(input);
    let answer = 'more';
    for (let n = 1; n <= input.length && answer === 'more'; n++) answer = sniffFirstBytes(input.subarray(0, n));
    assert.equal(answer, whole, input.toString('latin1'));
  }
});

void test('random bytes always get an answer from the first byte, never a throw', () => {
  for (let i = 0; i < 10000; i++) {
    const bytes = randomBytes(1 + (i % 40));
    const kind = sniffFirstBytes(bytes);
    if (bytes[0] === 0x40) assert.equal(kind, 'json');
    else if (bytes[0] !== 0x3c) assert.equal(kind, 'http');
    else assert.ok(['http', 'more', 'policy'].includes(kind));
  }
});

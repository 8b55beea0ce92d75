import { test } from 'node:test';
import assert from 'node:assert/strict';
import { securityHeaders } from '../../../../src/transports/http/security-headers.js';
import { pathOf } from '../../../../src/transports/http/routes.js';

void test('the policy allows scripts from this host only and the WebSocket to this host', () => {
  const h = securityHeaders('127.0.0.1:8080');
  const csp = h['Content-Security-Policy'] ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:8080 wss:\/\/127\.0\.0\.1:8080/);
  assert.match(csp, /default-src 'none'/);
  assert.equal(h['X-Content-Type-Options'], 'nosniff');
});

void test('a hostile Host header is never echoed into the policy', () => {
  for (const host of ['evil.example; script-src *', 'a b', 'x\r\nSet-Cookie: 1', "h'x"]) {
    const csp = securityHeaders(host)['Content-Security-Policy'] ?? '';
    assert.match(csp, /connect-src 'self';/, host);
  }
  assert.match(securityHeaders('[::1]:8080')['Content-Security-Policy'] ?? '', /ws:\/\/\[::1\]:8080/);
});

void test('request targets reduce to their path', () => {
  assert.equal(pathOf('/directory?x=1'), '/directory');
  assert.equal(pathOf('/ws#frag'), '/ws');
  assert.equal(pathOf('http://host:1/healthz?a'), '/healthz');
  assert.equal(pathOf('*'), '');
  assert.equal(pathOf(undefined), '');
  assert.equal(pathOf('/vendor/../../etc/passwd'), '/vendor/../../etc/passwd');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOriginAllowed } from '../../../../src/transports/websocket/ws-origin.js';

void test("the page's own origin is allowed", () => {
  assert.equal(isOriginAllowed('http://127.0.0.1:8080', '127.0.0.1:8080'), true);
  assert.equal(isOriginAllowed('https://bbs.example.org', 'bbs.example.org'), true);
  assert.equal(isOriginAllowed('https://bbs.example.org', 'bbs.example.org:443'), true);
  assert.equal(isOriginAllowed('http://BBS.Example.org', 'bbs.example.org'), true);
});

void test('another site is refused', () => {
  assert.equal(isOriginAllowed('http://evil.example', '127.0.0.1:8080'), false);
  assert.equal(isOriginAllowed('http://127.0.0.1:9999', '127.0.0.1:8080'), false);
  assert.equal(isOriginAllowed('http://bbs.example.org.evil.example', 'bbs.example.org'), false);
});

void test('opaque and odd origins are refused', () => {
  assert.equal(isOriginAllowed('null', '127.0.0.1:8080'), false);
  assert.equal(isOriginAllowed('file://', '127.0.0.1:8080'), false);
  assert.equal(isOriginAllowed('not a url', '127.0.0.1:8080'), false);
  assert.equal(isOriginAllowed('http://127.0.0.1:8080', undefined), false);
  assert.equal(isOriginAllowed('http://127.0.0.1:8080', ''), false);
});

void test('an allow-listed origin passes even on another host', () => {
  assert.equal(isOriginAllowed('https://front.example.org', 'backend:8080', ['https://front.example.org']), true);
  assert.equal(isOriginAllowed('https://front.example.org/', 'backend:8080', ['https://front.example.org/x']), true);
  assert.equal(isOriginAllowed('https://other.example.org', 'backend:8080', ['https://front.example.org']), false);
});

void test('a client without Origin (not a browser) is let through', () => {
  assert.equal(isOriginAllowed(undefined, '127.0.0.1:8080'), true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, type LogFormat } from '../../../src/logger.js';

const RAW = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

function logged(format: LogFormat, msg: string, fields: Record<string, unknown>): string {
  const lines: string[] = [];
  createLogger({ format, write: (l) => lines.push(l), clock: () => new Date(0) }).warn(msg, fields);
  return lines[0]!;
}

test('no logged value reaches the log raw: strings, nested objects, errors and the message, in both formats', () => {
  const hostile = 'a\x1b[2J\x07\x7f\x85\x9b31m\u202eb\u2066\u2028c';
  const fields = { user: hostile, nested: { term: hostile }, err: new Error(`bad ${hostile}`) };
  for (const format of ['text', 'json'] as const) {
    const line = logged(format, `msg ${hostile}`, fields);
    assert.ok(!RAW.test(line), `${format}: ${JSON.stringify(line)}`);
  }
  const json = JSON.parse(logged('json', 'm', fields)) as { user: string; nested: { term: string } };
  assert.equal(json.user, hostile, 'JSON readers get the value back exactly');
  assert.equal(json.nested.term, hostile);
});

test('plain values stay bare in the text format; values with spaces or escapes are quoted', () => {
  const line = logged('text', 'call placed', { remote: '127.0.0.1', term: 'xterm', doing: 'in chat', user: 'm\x1bx' });
  assert.equal(line, '1970-01-01T00:00:00.000Z WARN  call placed remote=127.0.0.1 term=xterm doing="in chat" user="m\\u001bx"');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TERMINAL, terminalWith } from '../../../src/session/events.js';

test('terminalWith copies every field, takes the patch over the base, and leaves both as they were', () => {
  const base = { ...DEFAULT_TERMINAL, termType: 'ansi', ansiBbs: true };
  const copy = terminalWith(base);
  assert.deepEqual(copy, base);
  assert.notEqual(copy, base);
  const patched = terminalWith(base, { cols: 132, rows: 50, colorLevel: 0, ansiBbs: false });
  assert.deepEqual(patched, { cols: 132, rows: 50, colorLevel: 0, encoding: 'utf8', ansiBbs: false, termType: 'ansi' });
  assert.equal(base.cols, 80);
  assert.deepEqual(Object.keys(terminalWith(DEFAULT_TERMINAL)), Object.keys(DEFAULT_TERMINAL), 'the same fields, no more');
});

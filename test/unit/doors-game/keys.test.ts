import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyReader } from '../../../doors/lander/keys.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

test('Enter as CR, CR LF, CR NUL or LF is one Enter, also split across reads', () => {
  const keys = new KeyReader();
  assert.deepEqual(keys.read(bytes('1\r\n2\r\x003\n')), [
    { kind: 'char', ch: '1' }, { kind: 'enter' }, { kind: 'char', ch: '2' }, { kind: 'enter' }, { kind: 'char', ch: '3' }, { kind: 'enter' },
  ]);
  assert.deepEqual(keys.read(bytes('\r')), [{ kind: 'enter' }]);
  assert.deepEqual(keys.read(bytes('\n')), []);
});

test('arrow keys are dropped, a lone Escape is Escape, Ctrl-C interrupts, both backspaces erase', () => {
  const keys = new KeyReader();
  assert.deepEqual(keys.read(bytes('\x1b[A\x1bOB5')), [{ kind: 'char', ch: '5' }]);
  assert.deepEqual(keys.read(bytes('\x1b')), [{ kind: 'escape' }]);
  assert.deepEqual(keys.read(bytes('\x03\x08\x7f\x01')), [{ kind: 'interrupt' }, { kind: 'backspace' }, { kind: 'backspace' }]);
});

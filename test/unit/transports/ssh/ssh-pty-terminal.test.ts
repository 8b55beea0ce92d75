import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TERMINAL } from '../../../../src/session/events.js';
import { terminalForPty } from '../../../../src/transports/ssh/pty-terminal.js';

test('the pty request gives size and terminal type; 0x0 and an empty TERM mean the 80x24 default', () => {
  assert.deepEqual(terminalForPty(null), DEFAULT_TERMINAL);
  assert.deepEqual(terminalForPty({ term: '', cols: 0, rows: 0 }), DEFAULT_TERMINAL, 'ssh -tt from a pipe');
  const xterm = terminalForPty({ term: 'xterm-256color', cols: 132, rows: 43 });
  assert.deepEqual([xterm.cols, xterm.rows, xterm.colorLevel, xterm.encoding, xterm.termType], [132, 43, 2, 'utf8', 'xterm-256color']);
});

test('SyncTERM over SSH gets the ANSI-BBS profile, like over telnet', () => {
  const t = terminalForPty({ term: 'syncterm', cols: 80, rows: 25 });
  assert.deepEqual([t.encoding, t.ansiBbs, t.colorLevel, t.rows], ['cp437', true, 1, 25]);
});

test('absurd sizes are clamped', () => {
  const t = terminalForPty({ term: 'xterm', cols: 100000, rows: 100000 });
  assert.ok(t.cols <= 500 && t.rows <= 300);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promptParts } from '../../../../src/transports/tcpjson/prompt-parts.js';

test('a one-row pchar passes as it is', () => {
  assert.deepEqual(promptParts('Main menu', '> '), { msg: 'Main menu', pchar: '> ' });
  assert.deepEqual(promptParts('', 'Name: '), { msg: '', pchar: 'Name: ' });
});

test('the rows of a pchar above the one typed on join the message, and only the last row stays the pchar', () => {
  assert.deepEqual(promptParts('MENU', ' zed · node 1\n> '), { msg: 'MENU\n zed · node 1', pchar: '> ' });
  assert.deepEqual(promptParts('MENU\n', ' zed\n> '), { msg: 'MENU\n zed', pchar: '> ' }, 'no empty row when the text ends its line');
  assert.deepEqual(promptParts('', ' zed\nsecond\n> '), { msg: ' zed\nsecond', pchar: '> ' });
  assert.deepEqual(promptParts('MENU', ' zed\n'), { msg: 'MENU\n zed', pchar: '' });
});

test('what reaches raw_input is plain ASCII whenever the last row is, whatever the footer holds', () => {
  const { pchar } = promptParts('╔══╗', ' Zoë · 10:00 CET · ☺\n> ');
  assert.match(pchar, /^[\x20-\x7e]*$/);
});

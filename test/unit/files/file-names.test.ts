import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanFileName, fileNameProblem, numberedName } from '../../../src/files/file-names.js';

void test('a name a client chose is refused for separators, controls, dots, devices and length', () => {
  for (const bad of ['', '.', '..', '.hidden', 'a/b', 'a\\b', 'nul', 'COM1.txt', 'tab\there', 'nul\u0000byte', 'bell\u0007', 'esc\u001b[2J', 'trail.', 'trail ', 'x'.repeat(101), 'bidi\u202egpj.exe', 'q?', 'e\u0301'.normalize('NFD') + 'x']) {
    assert.notEqual(fileNameProblem(bad), null, JSON.stringify(bad));
  }
  for (const good of ['doom.zip', 'Ünïcödé.txt', '日本語.txt', 'a b c.tar.gz', 'x'.repeat(100)]) assert.equal(fileNameProblem(good), null, good);
});

void test('a name from a transfer program is cleaned to its last element, awkward characters replaced', () => {
  assert.equal(cleanFileName('/etc/passwd'), 'passwd');
  assert.equal(cleanFileName('..\\..\\windows\\win.ini'), 'win.ini');
  assert.equal(cleanFileName('../..'), null);
  assert.equal(cleanFileName('...'), null);
  assert.equal(cleanFileName('.bashrc'), 'bashrc');
  assert.equal(cleanFileName('evil\u001b[31mred.txt'), 'evil_[31mred.txt');
  assert.equal(cleanFileName('what?.txt'), 'what_.txt');
  assert.equal(cleanFileName('nul'), '_nul');
  const long = cleanFileName(`${'a'.repeat(300)}.zip`)!;
  assert.equal([...long].length, 100);
  assert.ok(long.endsWith('.zip'));
  for (let i = 0; i < 2000; i++) {
    const raw = String.fromCharCode(...Array.from({ length: 1 + (i % 40) }, (_, j) => (i * 31 + j * 17) % 0x3000));
    const name = cleanFileName(raw);
    if (name !== null) assert.equal(fileNameProblem(name), null, JSON.stringify(raw));
  }
});

void test('a taken name gets a number before its extension', () => {
  assert.equal(numberedName('doom.zip', 2), 'doom-2.zip');
  assert.equal(numberedName('README', 3), 'README-3');
  assert.equal([...numberedName(`${'a'.repeat(96)}.zip`, 12)].length, 100);
});

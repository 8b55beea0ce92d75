import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDoor32, readDoor32 } from '../../../doors/lander/door32.js';

const GOOD = ['2', '5', '115200', 'Mongrel BBS', '7', 'Ada Lovelace', 'ada', '50', '42', '1', '3'];

test('a DOOR32.SYS with its eleven lines reads into every field, CR LF or LF', () => {
  for (const eol of ['\r\n', '\n']) {
    const read = parseDoor32(GOOD.join(eol) + eol);
    assert.deepEqual(read, {
      ok: true,
      door: { commType: 2, commHandle: 5, baud: 115200, bbsName: 'Mongrel BBS', userRecord: 7, realName: 'Ada Lovelace', alias: 'ada', securityLevel: 50, minutesLeft: 42, emulation: 1, node: 3 },
    });
  }
});

test('lines after the eleventh are ignored; an empty alias falls back to the real name', () => {
  const lines = [...GOOD];
  lines[6] = '   ';
  const read = parseDoor32([...lines, 'extra', 'more'].join('\n'));
  assert.ok(read.ok);
  assert.equal(read.door.alias, 'Ada Lovelace');
});

test('a name cannot carry escape or control characters to the screen, and is capped', () => {
  const lines = [...GOOD];
  lines[6] = '\x1b[2Jmal\x07lory\u200b' + 'x'.repeat(100);
  const read = parseDoor32(lines.join('\n'));
  assert.ok(read.ok);
  assert.equal(read.door.alias, '[2Jmallory' + 'x'.repeat(30));
  assert.doesNotMatch(read.door.alias, /[\x00-\x1f\u200b]/);
});

test('missing lines are refused, saying how many there were', () => {
  const read = parseDoor32(GOOD.slice(0, 9).join('\n') + '\n');
  assert.deepEqual(read, { ok: false, error: 'a DOOR32.SYS has 11 lines, this one 9' });
  assert.equal(parseDoor32('').ok, false);
});

test('garbage in a number line is refused, naming the line', () => {
  const cases: [number, string, RegExp][] = [
    [8, 'lots', /^line 9 \(time left in minutes\) should be a whole number, not "lots"$/],
    [0, '-1', /^line 1 \(comm type\)/],
    [9, '1.5', /^line 10 \(emulation\)/],
    [10, '99999999', /^line 11 \(node\) is out of range/],
  ];
  for (const [index, value, error] of cases) {
    const lines = [...GOOD];
    lines[index] = value;
    const read = parseDoor32(lines.join('\n'));
    assert.equal(read.ok, false, value);
    if (!read.ok) assert.match(read.error, error);
  }
});

test('both names empty is refused', () => {
  const lines = [...GOOD];
  lines[5] = '';
  lines[6] = '';
  assert.deepEqual(parseDoor32(lines.join('\n')), { ok: false, error: 'lines 6 and 7 (real name and alias) are both empty' });
});

test('readDoor32: a missing file, a folder, a huge file and binary garbage each get a clear answer', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'door32-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const missing = await readDoor32(join(dir, 'DOOR32.SYS'));
  assert.deepEqual(missing, { ok: false, error: `${join(dir, 'DOOR32.SYS')} does not exist` });
  assert.deepEqual(await readDoor32(dir), { ok: false, error: `${dir} is not a file` });
  await writeFile(join(dir, 'big'), 'x'.repeat(100_000));
  assert.deepEqual(await readDoor32(join(dir, 'big')), { ok: false, error: `${join(dir, 'big')} is 100000 bytes: too big for a DOOR32.SYS` });
  await writeFile(join(dir, 'garbage'), Buffer.from([0xff, 0x00, 0x1b, 0x80, 0x0a, 0xfe]));
  assert.deepEqual(await readDoor32(join(dir, 'garbage')), { ok: false, error: `${join(dir, 'garbage')}: a DOOR32.SYS has 11 lines, this one 2` });
});

test('readDoor32: a single-byte name from an older board still reads as letters', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'door32-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const lines = [...GOOD];
  lines[6] = 'J\xf6rg';
  await writeFile(join(dir, 'DOOR32.SYS'), Buffer.from(lines.join('\r\n'), 'latin1'));
  const read = await readDoor32(join(dir, 'DOOR32.SYS'));
  assert.ok(read.ok);
  assert.equal(read.door.alias, 'Jörg');
});

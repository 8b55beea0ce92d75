import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DROP_FILE_KINDS, type DropFileKind } from '../../../src/config/door-settings.js';
import { dropFileText } from '../../../src/doors/drop-files.js';
import type { DropInfo } from '../../../src/doors/drop-info.js';
import { sampleDropInfo } from './drop-info-sample.js';

/** The file's lines, after checking that every line, the last included, ends in CR LF and nothing else splits them. */
function linesOf(kind: DropFileKind, info: DropInfo): string[] {
  const text = dropFileText(kind, info);
  assert.ok(text.endsWith('\r\n'), `${kind} ends in CR LF`);
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) assert.doesNotMatch(line, /[\r\n]/, `${kind}: a bare CR or LF inside a line`);
  assert.match(text, /^[\x20-\x7e\r\n]*$/, `${kind} is printable ASCII`);
  return lines;
}

test('DOOR.SYS is the 52-line GAP format, line by line', () => {
  assert.deepEqual(linesOf('door.sys', sampleDropInfo()), [
    'COM0:', '0', '8', '3', '38400', 'Y', 'N', 'N', 'N',
    'Rick Greer', 'Lewisville, Tx.', '', '', '', '50', '1456', '03/14/24', '7560', '126', 'GR', '24', 'N',
    '1', '1', '12/31/99', '42', 'Z', '0', '0', '0', '999999',
    '01/01/00', '/tmp/bbs-door-x', '/tmp/bbs-door-x', 'Sam Sysop', 'Rick Greer', '00:00', 'Y', 'N', 'Y', '7', '0',
    '03/14/24', '08:30', '21:07', '999', '0', '0', '0', '', '0', '77',
  ]);
});

test('DOOR32.SYS is the 11-line Door32 format: a local door on handle 0', () => {
  assert.deepEqual(linesOf('door32.sys', sampleDropInfo()), ['0', '0', '38400', 'Mongrel BBS', '42', 'Rick Greer', 'Rick Greer', '50', '126', '1', '3']);
});

test('DORINFO1.DEF is the 13-line RBBS format with names split at the first space', () => {
  assert.deepEqual(linesOf('dorinfo1.def', sampleDropInfo()), [
    'Mongrel Test Board', 'Sam', 'Sysop', 'COM0', '0 BAUD,N,8,1', '0', 'Rick', 'Greer', 'Lewisville, Tx.', '1', '50', '126', '0',
  ]);
});

test('CHAIN.TXT is the 32-line WWIV format with an upper-case alias', () => {
  assert.deepEqual(linesOf('chain.txt', sampleDropInfo()), [
    '42', 'RICK GREER', 'Rick Greer', '', '0', '?', '0.00', '03/14/24', '80', '24', '50', '0', '0', '1', '0', '7560.00',
    '/tmp/bbs-door-x/', '/tmp/bbs-door-x/', 'DOOR.LOG', 'KB', '0', 'Mongrel Test Board', 'Sam Sysop',
    String(8 * 3600 + 30 * 60 + 15), '900', '0', '0', '0', '0', '8N1', '38400', '0',
  ]);
});

test('a caller on a bridged COM port gets the port, the connect rate and remote flags in every format that has them', () => {
  const info = sampleDropInfo({ commPort: 1, baud: 19200, fossil: true, folder: 'C:\\DOORS' });
  const door = linesOf('door.sys', info);
  assert.deepEqual([door[0], door[1], door[4], door[32]], ['COM1:', '19200', '19200', 'C:\\DOORS']);
  const dorinfo = linesOf('dorinfo1.def', info);
  assert.deepEqual([dorinfo[3], dorinfo[4], dorinfo[12]], ['COM1', '19200 BAUD,N,8,1', '-1']);
  const chain = linesOf('chain.txt', info);
  assert.deepEqual([chain[14], chain[16], chain[19], chain[20], chain[30]], ['1', 'C:\\DOORS\\', '19200', '1', '19200']);
});

test('a plain-text caller is NG and ASCII, a sysop is sysop and co-sysop in CHAIN.TXT', () => {
  const info = sampleDropInfo({ ansi: false, cp437: false, securityLevel: 100 });
  assert.equal(linesOf('door.sys', info)[19], 'NG');
  assert.equal(linesOf('door32.sys', info)[9], '0');
  assert.equal(linesOf('dorinfo1.def', info)[9], '0');
  const chain = linesOf('chain.txt', info);
  assert.deepEqual([chain[10], chain[11], chain[12], chain[13]], ['100', '1', '1', '0']);
});

test('time left is capped at 546 minutes, so seconds still fit a 16-bit int; negative time reads 0', () => {
  const long = sampleDropInfo({ minutesLeft: 100000 });
  assert.deepEqual(linesOf('door.sys', long).slice(17, 19), ['32760', '546']);
  assert.equal(linesOf('door32.sys', long)[8], '546');
  assert.equal(linesOf('dorinfo1.def', long)[11], '546');
  assert.equal(linesOf('chain.txt', long)[15], '32760.00');
  const spent = sampleDropInfo({ minutesLeft: -5 });
  assert.deepEqual(linesOf('door.sys', spent).slice(17, 19), ['0', '0']);
});

test('a name with accents, letters of other scripts and line breaks becomes one ASCII line', () => {
  const info = sampleDropInfo({ userName: 'Zoë Straße\r\nŁukasz 東京', location: 'Kraków\n', sysopName: 'Søren “Big” Ødegård' });
  for (const kind of DROP_FILE_KINDS) {
    const lines = linesOf(kind, info);
    assert.equal(lines.length, { 'door.sys': 52, 'door32.sys': 11, 'dorinfo1.def': 13, 'chain.txt': 32 }[kind], `${kind} keeps its line count`);
  }
  const door = linesOf('door.sys', info);
  assert.equal(door[9], 'Zoe Strasse  Lukasz ??');
  assert.equal(door[10], 'Krakow');
  assert.equal(linesOf('door.sys', sampleDropInfo({ userName: 'bell\u0007\u001b[2Jman\u0085' }))[9], 'bell??[2Jman?');
  assert.equal(door[34], 'Soren "Big" Odegard');
  assert.deepEqual(linesOf('dorinfo1.def', info).slice(6, 8), ['Zoe', 'Strasse  Lukasz ?'], 'last name cut to 17');
});

test('a long name is cut to each format\'s width', () => {
  const name = 'Bartholomew Fitzgerald-Montgomery the Third of Wessex';
  const info = sampleDropInfo({ userName: name, location: 'A'.repeat(60), sysopName: 'S'.repeat(60), boardName: 'B'.repeat(60) });
  const door = linesOf('door.sys', info);
  assert.equal(door[9], name.slice(0, 35));
  assert.equal(door[35], name.slice(0, 35));
  assert.equal(door[10], 'A'.repeat(25));
  assert.equal(door[34], 'S'.repeat(35));
  const dorinfo = linesOf('dorinfo1.def', info);
  assert.deepEqual([dorinfo[0], dorinfo[1], dorinfo[6], dorinfo[7]], ['B'.repeat(39), 'S'.repeat(19), 'Bartholomew', 'Fitzgerald-Montgo']);
  const chain = linesOf('chain.txt', info);
  assert.deepEqual([chain[1], chain[2]], [name.slice(0, 30).toUpperCase(), name.slice(0, 20)]);
  assert.equal(linesOf('door32.sys', info)[5], name.slice(0, 35));
});

test('a one-word name leaves DORINFO1.DEF\'s last-name line empty', () => {
  const lines = linesOf('dorinfo1.def', sampleDropInfo({ userName: 'alice', sysopName: 'root' }));
  assert.deepEqual(lines.slice(1, 3), ['root', '']);
  assert.deepEqual(lines.slice(6, 8), ['alice', '']);
});

test('facts that make no sense (NaN, infinite, an invalid date) still give every line a number or a date', () => {
  const info = sampleDropInfo({ node: NaN, userId: Infinity, calls: -3, posts: 1e12, rows: 0, cols: NaN, minutesLeft: NaN, lastCall: new Date(NaN), now: new Date(NaN) });
  for (const kind of DROP_FILE_KINDS) assert.doesNotMatch(dropFileText(kind, info), /NaN|Infinity|-\d/, kind);
  const door = linesOf('door.sys', info);
  assert.deepEqual([door[3], door[15], door[16], door[18], door[20], door[44], door[51]], ['1', '0', '01/01/00', '0', '1', '00:00', '32767']);
});

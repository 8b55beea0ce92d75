import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doorVariables, expandDoorText } from '../../../src/doors/door-variables.js';
import { dosDropFolder, dosDropInfo } from '../../../src/doors/dos-drive.js';
import { dropFileText } from '../../../src/doors/drop-files.js';
import { sampleDropInfo } from './drop-info-sample.js';

test("a DOS door's DOOR.SYS puts the caller on COM1 and names D:\\ as its folder; a program's stays local", () => {
  const dos = dropFileText('door.sys', dosDropInfo(sampleDropInfo({ folder: undefined }))).split('\r\n');
  assert.equal(dos[0], 'COM1:');
  assert.equal(dos[1], '38400', 'a connect rate, not the 0 of a local call');
  assert.equal(dos[32], 'D:\\');
  assert.equal(dos[33], 'D:\\');
  const program = dropFileText('door.sys', sampleDropInfo({ folder: undefined })).split('\r\n');
  assert.equal(program[0], 'COM0:');
});

test("a DOS door's variables name its drop files by their DOS paths on D:, in the order asked", () => {
  const host = { path: '/tmp/bbs-door-abc', files: { 'door32.sys': '/tmp/bbs-door-abc/DOOR32.SYS', 'door.sys': '/tmp/bbs-door-abc/DOOR.SYS' } };
  const vars = doorVariables(sampleDropInfo(), dosDropFolder(host), 'cp437', '/data');
  assert.equal(expandDoorText('{dropDir} {dropFile} {doorSys} {door32}', vars), 'D:\\ D:\\DOOR32.SYS D:\\DOOR.SYS D:\\DOOR32.SYS');
  const none = doorVariables(sampleDropInfo(), dosDropFolder({ files: {} }), 'cp437', '/data');
  assert.equal(expandDoorText('[{dropFile}] [{doorSys}]', none), '[] []', 'a file not asked for is empty, as for any door');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { APP_FOLDER, doorVariables, expandDoorText, type DoorVariables } from '../../../src/doors/door-variables.js';
import { writeDropFolder } from '../../../src/doors/drop-folder.js';
import { sampleDropInfo } from './drop-info-sample.js';

const VARS: DoorVariables = {
  node: 3,
  user: 'Rick Greer',
  userId: 42,
  dropDir: '/tmp/bbs-door-x',
  dropFile: '/tmp/bbs-door-x/DOOR32.SYS',
  door32: '/tmp/bbs-door-x/DOOR32.SYS',
  doorSys: '',
  minutes: 126,
  seconds: 7560,
  cols: 80,
  rows: 24,
  level: 50,
  encoding: 'cp437',
  app: '/opt/bbs',
  data: '/srv/bbs',
  nodejs: '/usr/bin/node',
};

test('every variable fills in, more than once and beside text', () => {
  assert.equal(
    expandDoorText('-n{node} -u {user} #{userId} {dropDir} {dropFile} {door32} [{doorSys}] {minutes}m {seconds}s {cols}x{rows} L{level} {encoding} {node}', VARS),
    '-n3 -u Rick Greer #42 /tmp/bbs-door-x /tmp/bbs-door-x/DOOR32.SYS /tmp/bbs-door-x/DOOR32.SYS [] 126m 7560s 80x24 L50 cp437 3',
  );
  assert.equal(expandDoorText('plain --flag', VARS), 'plain --flag');
  assert.equal(expandDoorText('{nodejs} {app}/dist/doors/x.js {data}/doors', VARS), '/usr/bin/node /opt/bbs/dist/doors/x.js /srv/bbs/doors');
  assert.equal(expandDoorText('', VARS), '');
});

test('{{ is a literal brace, and a lone } stays as it is', () => {
  assert.equal(expandDoorText('{{node}', VARS), '{node}');
  assert.equal(expandDoorText('{{{node}}', VARS), '{3}');
  assert.equal(expandDoorText('a}b {{}', VARS), 'a}b {}');
});

test('an unknown variable throws an error naming it', () => {
  assert.throws(() => expandDoorText('--user={usr}', VARS), /unknown door variable \{usr\}/);
  assert.throws(() => expandDoorText('{Node}', VARS), /\{Node\}/, 'names are case-sensitive');
  assert.throws(() => expandDoorText('{}', VARS), /unknown door variable \{\}/);
  assert.throws(() => expandDoorText('{constructor}', VARS), /unknown door variable \{constructor\}/);
});

test('a brace that opens no variable throws, as does a NUL', () => {
  assert.throws(() => expandDoorText('{node', VARS), /"\{" that opens no/);
  assert.throws(() => expandDoorText('{user name}', VARS), /"\{" that opens no/);
  assert.throws(() => expandDoorText('a\0b', VARS), /NUL/);
});

test('a user name is one value with its control characters replaced, never split or interpreted', () => {
  const vars = { ...VARS, user: 'evil\r\nname; rm -rf / \u001b[2J\u0085\u2028{node}' };
  assert.equal(expandDoorText('{user}', vars), 'evil??name; rm -rf / ?[2J??{node}');
});

test('doorVariables takes the time, size and paths of one call from its facts and drop folder', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'bbs-vars-test-'));
  try {
    const info = sampleDropInfo({ minutesLeft: 12.7 });
    const folder = await writeDropFolder(['dorinfo1.def', 'door32.sys'], info, parent);
    const vars = doorVariables(info, folder, 'utf8', '/srv/bbs');
    assert.deepEqual(vars, {
      node: 3,
      user: 'Rick Greer',
      userId: 42,
      dropDir: folder.path,
      dropFile: join(folder.path, 'DORINFO1.DEF'),
      door32: join(folder.path, 'DOOR32.SYS'),
      doorSys: '',
      minutes: 12,
      seconds: 720,
      cols: 80,
      rows: 24,
      level: 50,
      encoding: 'utf8',
      app: APP_FOLDER,
      data: '/srv/bbs',
      nodejs: process.execPath,
    });
    // The install folder is the one with the board's package.json.
    assert.ok(existsSync(join(APP_FOLDER, 'package.json')));
    await folder.remove();
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

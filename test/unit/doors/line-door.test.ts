import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LineDoor } from '../../../src/doors/line-door.js';
import type { RawOutcome } from '../../../src/doors/raw-peer.js';
import { until } from '../../helpers/until.js';

const ADVENTURE = '/usr/games/adventure';

test('Colossal Cave from a line client: plain text in whole pieces, answers typed as lines, no echo', { skip: !existsSync(ADVENTURE) && 'bsdgames is not installed' }, async (t) => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'door-adventure-'));
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const door = new LineDoor({ command: ADVENTURE, args: [], cwd, env: {}, cols: 80, rows: 24, termName: 'dumb', graceMs: 500 });
  const texts: string[] = [];
  const outcomes: RawOutcome[] = [];
  door.start(
    (text) => texts.push(text),
    (outcome) => outcomes.push(outcome),
  );
  t.after(() => door.stop('ended'));
  const all = (): string => texts.join('');
  const seen = (s: string) => until(() => `${JSON.stringify(s)} in ${JSON.stringify(all().slice(-300))}`, () => all().includes(s), 5000);

  await seen('Would you like instructions?');
  door.line('no');
  await seen('You are standing at the end of a road before a small brick building.');
  door.line('enter building');
  await seen('You are inside a building, a well house for a large spring.');

  assert.doesNotMatch(all(), /[\r\x1b\x00-\x08]/, 'plain text, LF line ends');
  assert.ok(!all().includes('enter building'), 'the terminal does not echo the answers back');
  // Whole pieces: the answer to one line comes as one text, not a character at a time.
  assert.ok(texts.length <= 6, `${texts.length} pieces: ${JSON.stringify(texts)}`);
  assert.ok(texts.some((x) => x.includes('well house') && x.includes('brass lamp')), JSON.stringify(texts));

  door.stop('hangup');
  await until('the door to end', () => outcomes.length === 1);
  assert.equal(outcomes[0]!.how, 'hangup');
});

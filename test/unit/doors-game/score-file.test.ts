import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScoreFile, scoreDir } from '../../../doors/lander/score-file.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

async function scratch(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lander-scores-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('a first score makes the folder and the file; nothing else is left beside it', async (t) => {
  const dir = join(await scratch(t), 'deep', 'data');
  const scores = new ScoreFile(dir);
  assert.deepEqual(await scores.read(), []);
  const result = await scores.record({ name: 'ada', score: 700, date: '2026-01-02T03:04:05.000Z' });
  assert.equal(result.place, 1);
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'scores.json'), 'utf8')), [{ name: 'ada', score: 700, date: '2026-01-02T03:04:05.000Z' }]);
  assert.deepEqual(await readdir(dir), ['scores.json']);
});

test('games finishing at once in one process each add their row: none is lost to another', async (t) => {
  const scores = new ScoreFile(await scratch(t));
  const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
  await Promise.all(names.map((name, i) => scores.record({ name, score: 100 + i, date: new Date().toISOString() })));
  const table = await scores.read();
  assert.deepEqual(table.map((e) => e.name), names.slice(2).reverse());
  assert.deepEqual(await readdir(scores.dir), ['scores.json']);
});

test('games finishing at once in separate processes each add their row', async (t) => {
  const dir = await scratch(t);
  const script = `import { ScoreFile } from ${JSON.stringify(join(ROOT, 'doors/lander/score-file.ts'))};
const scores = new ScoreFile(process.argv[1]);
const [name, base] = process.argv.slice(2);
await Promise.all([0, 1].map((i) => scores.record({ name: name + i, score: Number(base) + i, date: new Date().toISOString() })));`;
  const players = ['a', 'b', 'c', 'd'];
  const codes = await Promise.all(
    players.map(
      (name, i) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir, name, String(10 * (i + 1))], { cwd: ROOT, stdio: 'inherit' });
          child.on('exit', resolve);
        }),
    ),
  );
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const table = await new ScoreFile(dir).read();
  assert.deepEqual(table.map((e) => e.name).sort(), ['a0', 'a1', 'b0', 'b1', 'c0', 'c1', 'd0', 'd1']);
});

test('a file that is not JSON is kept aside and a new table begins', async (t) => {
  const dir = await scratch(t);
  await writeFile(join(dir, 'scores.json'), '{ this is not');
  const scores = new ScoreFile(dir);
  const result = await scores.record({ name: 'bob', score: 5, date: '2026-01-01T00:00:00.000Z' });
  assert.equal(result.place, 1);
  const [table, broken, ...rest] = (await readdir(dir)).sort();
  assert.equal(table, 'scores.json');
  assert.match(broken ?? '', /^scores\.json\.broken-\d+$/);
  assert.deepEqual(rest, []);
  assert.equal(await readFile(join(dir, broken!), 'utf8'), '{ this is not');
});

test('a lock left by a game that died is taken over once it is stale', async (t) => {
  const dir = await scratch(t);
  const lock = join(dir, 'scores.json.lock');
  await writeFile(lock, '999999');
  const old = new Date(Date.now() - 60_000);
  await utimes(lock, old, old);
  const result = await new ScoreFile(dir).record({ name: 'eve', score: 9, date: '2026-01-01T00:00:00.000Z' });
  assert.equal(result.place, 1);
  assert.deepEqual(await readdir(dir), ['scores.json']);
});

test('the data folder is DOOR_DATA, else data/ beside the game', () => {
  assert.equal(scoreDir({ DOOR_DATA: '/srv/lander' }, '/app/doors/lander'), '/srv/lander');
  assert.equal(scoreDir({}, '/app/doors/lander'), '/app/doors/lander/data');
});

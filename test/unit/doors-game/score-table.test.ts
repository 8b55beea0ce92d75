import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addScore, parseTable, rankTable, TABLE_SIZE, type ScoreEntry } from '../../../doors/lander/score-table.js';

const at = (day: number): string => new Date(Date.UTC(2026, 0, day)).toISOString();
const entry = (name: string, score: number, day = 1): ScoreEntry => ({ name, score, date: at(day) });

test('the table ranks by score, and on a tie whoever scored first stays above', () => {
  const table = rankTable([entry('late', 500, 9), entry('low', 100), entry('high', 900), entry('early', 500, 2)]);
  assert.deepEqual(table.map((e) => e.name), ['high', 'early', 'late', 'low']);
});

test('only the top ten are kept, and a score below them does not get in', () => {
  let table: ScoreEntry[] = [];
  for (let i = 1; i <= 12; i++) table = addScore(table, entry(`p${i}`, i * 100, i)).table;
  assert.equal(table.length, TABLE_SIZE);
  assert.deepEqual(table.map((e) => e.score), [1200, 1100, 1000, 900, 800, 700, 600, 500, 400, 300]);
  const low = addScore(table, entry('low', 50));
  assert.equal(low.place, null);
  assert.deepEqual(low.table, table);
  const mid = addScore(table, entry('mid', 950, 20));
  assert.equal(mid.place, 4);
  assert.equal(mid.table.length, TABLE_SIZE);
  assert.equal(mid.table.at(-1)!.score, 400);
});

test('a scores file: rows that are not score rows are dropped, text that is not JSON throws', () => {
  const text = JSON.stringify([entry('ok', 10), { name: 'no score' }, { name: '', score: 5, date: at(1) }, { name: 'neg', score: -1, date: at(1) }, { name: 'bad date', score: 3, date: 'soon' }, 'x', null, entry('also', 20)]);
  assert.deepEqual(parseTable(text).map((e) => e.name), ['also', 'ok']);
  assert.deepEqual(parseTable('{"not":"a list"}'), []);
  assert.throws(() => parseTable('{half'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedCache } from '../../../src/feeds/feed-cache.js';

function counting(text: () => string): { render: () => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    render: () => {
      n++;
      return Promise.resolve(text());
    },
    calls: () => n,
  };
}

test('a document is rendered once while its stamp holds, and again when the area changes', async () => {
  let now = 1_000_000;
  const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 10, now: () => now });
  let doc = '<feed>one</feed>';
  const r = counting(() => doc);
  const first = await cache.get('general.atom', '1:1', r.render);
  now += 5_000;
  const again = await cache.get('general.atom', '1:1', r.render);
  assert.equal(r.calls(), 1);
  assert.equal(again, first);
  assert.equal(first.body.toString(), '<feed>one</feed>');
  assert.equal(first.lastModified.getTime(), 1_000_000);
  doc = '<feed>two</feed>';
  const changed = await cache.get('general.atom', '2:2', r.render);
  assert.equal(r.calls(), 2);
  assert.notEqual(changed.etag, first.etag);
  assert.equal(changed.lastModified.getTime(), 1_005_000);
});

test('past the TTL it renders again; the same bytes keep their ETag and their older Last-Modified', async () => {
  let now = 2_000_500;
  const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 10, now: () => now });
  const r = counting(() => '<feed/>');
  const first = await cache.get('a.rss', 's', r.render);
  // Whole seconds: an HTTP date cannot say more, and must compare equal to what a reader sends back.
  assert.equal(first.lastModified.getTime(), 2_000_000);
  now += 61_000;
  const later = await cache.get('a.rss', 's', r.render);
  assert.equal(r.calls(), 2);
  assert.equal(later.etag, first.etag);
  assert.equal(later.lastModified.getTime(), first.lastModified.getTime());
});

test('requests that miss together share one rendering', async () => {
  const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 10 });
  let release: (v: string) => void = () => {};
  let calls = 0;
  const render = (): Promise<string> => {
    calls++;
    return new Promise((resolve) => (release = resolve));
  };
  const all = Promise.all([cache.get('k', 's', render), cache.get('k', 's', render), cache.get('k', 's', render)]);
  release('<feed/>');
  const [a, b, c] = await all;
  assert.equal(calls, 1);
  assert.ok(a === b && b === c);
});

test('a failed rendering is not kept: the next request tries again', async () => {
  const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 10 });
  await assert.rejects(cache.get('k', 's', () => Promise.reject(new Error('store down'))), /store down/);
  const ok = await cache.get('k', 's', () => Promise.resolve('<feed/>'));
  assert.equal(ok.body.toString(), '<feed/>');
});

test('it keeps at most maxEntries documents, dropping the oldest', async () => {
  const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 2 });
  const r = counting(() => '<feed/>');
  for (const key of ['a', 'b', 'c']) await cache.get(key, 's', r.render);
  await cache.get('c', 's', r.render);
  await cache.get('b', 's', r.render);
  assert.equal(r.calls(), 3);
  await cache.get('a', 's', r.render);
  assert.equal(r.calls(), 4, 'the oldest was dropped');
});

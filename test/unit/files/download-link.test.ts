import { hostname } from 'node:os';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DOWNLOAD_LINK_LIFETIME_S,
  LINK_SECRET_KEY,
  downloadBase,
  downloadLinkFor,
  downloadPath,
  linkSecret,
  signDownloadLink,
  tokenOfPath,
  verifyDownloadLink,
} from '../../../src/files/download-link.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

const secret = Buffer.alloc(32, 7);
const claim = { fileId: 12, userId: 34, expires: 1_800_000_000 };

void test('a signed token verifies to its claim until the second it expires', () => {
  const token = signDownloadLink(secret, claim);
  assert.match(token, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(verifyDownloadLink(secret, token, claim.expires - 1), { ok: true, claim });
  assert.deepEqual(verifyDownloadLink(secret, token, claim.expires), { ok: false, problem: 'expired' });
  assert.deepEqual(verifyDownloadLink(secret, token, claim.expires + 86_400), { ok: false, problem: 'expired' });
});

void test('large ids and dates survive the round trip; out-of-range ones are refused when signing', () => {
  const big = { fileId: 2 ** 48 - 1, userId: 2 ** 40 + 3, expires: 4_102_444_800 };
  assert.deepEqual(verifyDownloadLink(secret, signDownloadLink(secret, big), 0), { ok: true, claim: big });
  for (const bad of [-1, 1.5, 2 ** 48, Number.NaN]) assert.throws(() => signDownloadLink(secret, { ...claim, fileId: bad }), RangeError);
});

void test('another secret, or any flipped bit, makes the token forged or malformed, never valid', () => {
  const token = signDownloadLink(secret, claim);
  assert.deepEqual(verifyDownloadLink(Buffer.alloc(32, 8), token, 0), { ok: false, problem: 'forged' });
  const bytes = Buffer.from(token, 'base64url');
  for (let i = 0; i < bytes.length; i++) {
    for (const bit of [0x01, 0x80]) {
      const bent = Buffer.from(bytes);
      bent[i]! ^= bit;
      const result = verifyDownloadLink(secret, bent.toString('base64url'), 0);
      assert.equal(result.ok, false, `byte ${i} bit ${bit}`);
    }
  }
});

void test('a forged token is told it is forged even when its date has passed: the date is read only after the signature', () => {
  const token = signDownloadLink(Buffer.alloc(32, 9), { ...claim, expires: 10 });
  assert.deepEqual(verifyDownloadLink(secret, token, 1_000), { ok: false, problem: 'forged' });
});

void test('truncated, padded, empty and random tokens are malformed or forged and never throw', () => {
  const token = signDownloadLink(secret, claim);
  const tries = ['', 'x', token.slice(0, -1), token + 'A', token + '=', token.replace(/^./, '+'), '%00'.repeat(30), '\u00e9'.repeat(68), '..', token.slice(0, 40)];
  for (let i = 0; i < 500; i++) tries.push(randomBytes(i % 80).toString('base64url'), randomBytes(51).toString('base64url'), randomBytes(68).toString('latin1'));
  for (const t of tries) {
    const result = verifyDownloadLink(secret, t, 0);
    assert.equal(result.ok, false, JSON.stringify(t));
  }
  assert.deepEqual(verifyDownloadLink(secret, token.slice(0, -2), 0), { ok: false, problem: 'malformed' });
  assert.deepEqual(verifyDownloadLink(secret, randomBytes(51).toString('base64url'), 0).ok, false);
});

void test('the path carries the token and the name percent-encoded; only the token is read back', () => {
  const token = signDownloadLink(secret, claim);
  const path = downloadPath(token, 'my file "x" €.zip');
  assert.equal(path, `/files/${token}/my%20file%20%22x%22%20%E2%82%AC.zip`);
  assert.equal(tokenOfPath(path), token);
  assert.equal(tokenOfPath(`/files/${token}`), token);
  assert.equal(tokenOfPath(`/files/${token}/any/thing`), token);
  assert.equal(tokenOfPath('/files/'), null);
  assert.equal(tokenOfPath('/filesX/abc'), null);
  assert.equal(downloadPath('t', 'a\ud800b'), '/files/t/a%EF%BF%BDb');
});

void test('the secret is made once, kept in the board settings, and read alike by a second store on the same file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'bbs-link-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const one = openSqliteStore(join(dir, 'bbs.db'));
  const two = openSqliteStore(join(dir, 'bbs.db'));
  t.after(async () => {
    await one.close();
    await two.close();
  });
  const [a, b] = await Promise.all([linkSecret(one), linkSecret(two)]);
  assert.equal(a.length, 32);
  assert.deepEqual(a, b);
  assert.equal(await one.boardSettings.get(LINK_SECRET_KEY), a.toString('hex'));
  assert.equal(await linkSecret(one), a);

  const now = new Date('2030-01-01T00:00:00Z');
  const path = await downloadLinkFor(two, { id: 5, name: 'game.zip' }, { id: 9 }, now);
  const token = tokenOfPath(path)!;
  const nowS = now.getTime() / 1000;
  assert.deepEqual(verifyDownloadLink(a, token, nowS), { ok: true, claim: { fileId: 5, userId: 9, expires: nowS + DOWNLOAD_LINK_LIFETIME_S } });
  assert.match(path, /\/game\.zip$/);
});

void test('a secret that is not 64 hex digits is a clear error, and the next call tries again', async (t) => {
  const store = openSqliteStore(':memory:');
  t.after(() => store.close());
  await store.boardSettings.set(LINK_SECRET_KEY, 'not hex');
  await assert.rejects(linkSecret(store), /download_link_secret is not 64 hex digits/);
  await store.boardSettings.set(LINK_SECRET_KEY, null);
  assert.equal((await linkSecret(store)).length, 32);
});

void test('links are shown after web.url when the sysop set one, else after the board\'s own HTTP port, and nowhere without one', async () => {
  const { loadConfig, ConfigError } = await import('../../../src/config/config.js');
  const plain = await loadConfig({ flags: { data: '/tmp/x' }, env: {} });
  assert.equal(plain.web.url, null);
  assert.equal(downloadBase(plain), `http://${hostname()}:8080`, 'every address: the machine by its name');
  assert.equal(downloadBase({ ...plain, host: '192.0.2.7' }), 'http://192.0.2.7:8080');
  assert.equal(downloadBase(plain, 0), null, 'a port the system picks is not known here');
  assert.equal(downloadBase(plain, 41234), `http://${hostname()}:41234`);
  assert.equal(downloadBase({ ...plain, host: '::1' }), 'http://[::1]:8080');
  assert.equal(downloadBase({ ...plain, ports: { ...plain.ports, http: null } }), null);
  const proxied = await loadConfig({ flags: { data: '/tmp/x' }, env: { BBS_WEB_URL: 'https://bbs.example.org/board/' } });
  assert.equal(downloadBase(proxied), 'https://bbs.example.org/board');
  for (const bad of ['bbs.example.org', 'ftp://bbs.example.org', 'https://u:p@bbs.example.org', 'https://bbs.example.org/?a=1'])
    await assert.rejects(loadConfig({ flags: { data: '/tmp/x' }, env: { BBS_WEB_URL: bad } }), ConfigError, bad);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { csrfHolds, csrfToken, signWebToken, verifyWebToken } from '../../../src/web-reader/web-tokens.js';
import { signDownloadLink, verifyDownloadLink } from '../../../src/files/download-link.js';

const secret = randomBytes(32);
const now = 1_700_000_000;

test('a login token says which account until when, and only while it lasts', () => {
  const token = signWebToken(secret, 'login', { userId: 42, expires: now + 600 });
  const ok = verifyWebToken(secret, 'login', token, now);
  assert.ok(ok.ok);
  assert.equal(ok.claim.userId, 42);
  assert.equal(ok.claim.expires, now + 600);
  assert.match(ok.claim.id, /^[0-9a-f]{32}$/);
  assert.deepEqual(verifyWebToken(secret, 'login', token, now + 600), { ok: false, problem: 'expired' });
  const other = signWebToken(secret, 'login', { userId: 42, expires: now + 600 });
  assert.notEqual(verifyWebToken(secret, 'login', other, now).ok && (verifyWebToken(secret, 'login', other, now) as { claim: { id: string } }).claim.id, ok.claim.id, 'each link has its own id, spent on its own');
});

test('a token of one kind is never one of another: a login link is no session, nor a download link', () => {
  const login = signWebToken(secret, 'login', { userId: 1, expires: now + 600 });
  const session = signWebToken(secret, 'session', { userId: 1, expires: now + 600 });
  assert.equal(verifyWebToken(secret, 'session', login, now).ok, false);
  assert.equal(verifyWebToken(secret, 'login', session, now).ok, false);
  const download = signDownloadLink(secret, { fileId: 1, userId: 1, expires: now + 600 });
  assert.equal(verifyWebToken(secret, 'login', download, now).ok, false);
  assert.equal(verifyDownloadLink(secret, login, now).ok, false);
});

test('a token signed with another secret, or changed in any character, is refused as forged or malformed', () => {
  const token = signWebToken(secret, 'session', { userId: 7, expires: now + 600 });
  assert.deepEqual(verifyWebToken(randomBytes(32), 'session', token, now), { ok: false, problem: 'forged' });
  for (let i = 0; i < token.length; i++) {
    const c = token[i] === 'A' ? 'B' : 'A';
    const changed = token.slice(0, i) + c + token.slice(i + 1);
    assert.equal(verifyWebToken(secret, 'session', changed, now).ok, false, `changed at ${i}`);
  }
  // A longer user id in a hand-made payload cannot be slipped in: the mac covers every byte.
  const bytes = Buffer.from(token, 'base64url');
  bytes.writeUIntBE(8, 2, 6);
  assert.deepEqual(verifyWebToken(secret, 'session', bytes.toString('base64url'), now), { ok: false, problem: 'forged' });
});

test('any text at all is answered, never thrown', () => {
  for (const junk of ['', 'x', '../../etc/passwd', '%00', 'A'.repeat(5000), '\u{1F600}'.repeat(30), 'A'.repeat(83)]) {
    assert.equal(verifyWebToken(secret, 'login', junk, now).ok, false);
  }
});

test('the CSRF token belongs to one session: its own holds, another session\'s, none or a changed one does not', () => {
  const mine = csrfToken(secret, 'aa'.repeat(16));
  assert.equal(csrfHolds(secret, 'aa'.repeat(16), mine), true);
  assert.equal(csrfHolds(secret, 'bb'.repeat(16), mine), false);
  assert.equal(csrfHolds(secret, 'aa'.repeat(16), undefined), false);
  assert.equal(csrfHolds(secret, 'aa'.repeat(16), ''), false);
  assert.equal(csrfHolds(secret, 'aa'.repeat(16), mine.slice(0, -1) + (mine.endsWith('A') ? 'B' : 'A')), false);
  assert.equal(csrfHolds(secret, 'aa'.repeat(16), mine + 'A'), false);
  assert.equal(csrfHolds(randomBytes(32), 'aa'.repeat(16), mine), false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fileNameProblem } from '../../../../src/files/file-names.js';
import { pathText, resolveSftpPath, type SftpView } from '../../../../src/transports/ssh/sftp/sftp-paths.js';

const view: SftpView = new Map([
  ['general', { download: true, upload: true }],
  ['archive', { download: true, upload: false }],
]);

function resolved(raw: string): string {
  const r = resolveSftpPath(raw, view);
  assert.ok(r.ok, `${JSON.stringify(raw)}: ${r.ok ? '' : r.message}`);
  return `${r.path.kind} ${pathText(r.path)}`;
}

function refused(raw: string): string {
  const r = resolveSftpPath(raw, view);
  assert.ok(!r.ok, `${JSON.stringify(raw)} should be refused, got ${r.ok ? pathText(r.path) : ''}`);
  return r.status;
}

test('the tree: root, areas, files, upload/ and a new name in it', () => {
  assert.equal(resolved('/'), 'root /');
  assert.equal(resolved(''), 'root /');
  assert.equal(resolved('.'), 'root /');
  assert.equal(resolved('general'), 'area /general');
  assert.equal(resolved('/general/readme.txt'), 'file /general/readme.txt');
  assert.equal(resolved('/general/upload'), 'upload /general/upload');
  assert.equal(resolved('/general/upload/new file.zip'), 'upload-file /general/upload/new file.zip');
});

test('. and repeated slashes are normalised, and REALPATH text stays in the tree', () => {
  assert.equal(resolved('//general//./readme.txt'), 'file /general/readme.txt');
  assert.equal(resolved('./general/./upload/.'), 'upload /general/upload');
  assert.equal(resolved('general/'), 'area /general');
});

test('.. is refused wherever it stands, never resolved', () => {
  for (const p of ['..', '/..', '../etc/passwd', '/general/..', '/general/../general/readme.txt', '/general/upload/../x', 'general/./../..']) {
    assert.equal(refused(p), 'permission-denied', p);
  }
});

test('host paths and areas the account may not list are no such file', () => {
  for (const p of ['/etc/passwd', '/etc', '/root/.ssh/authorized_keys', '/private/secret.txt', '/General/readme.txt']) assert.equal(refused(p), 'no-such-file', p);
});

test('control characters, NUL, backslash and broken UTF-8 are refused', () => {
  for (const p of ['/general/a\x00b', '/general/a\x01b', '/gen\neral', '/general/a\x7fb', '/general/a\u0085b', '..\\..\\etc\\passwd', '/general\\readme.txt', '/general/\ufffd']) {
    assert.equal(refused(p), 'permission-denied', JSON.stringify(p));
  }
});

test('paths deeper than the tree are no such file; upload/ only where the account may upload', () => {
  assert.equal(refused('/general/readme.txt/more'), 'no-such-file');
  assert.equal(refused('/general/upload/a/b'), 'no-such-file');
  assert.equal(refused('/archive/upload/x.txt'), 'no-such-file');
  // Without the right to upload, "upload" is only a name a file could have.
  assert.equal(resolved('/archive/upload'), 'file /archive/upload');
});

test('a new name in upload/ must pass the strict check for names a client chose', () => {
  for (const name of ['.hidden', 'con', 'nul.txt', 'a:b', 'a*b', 'ends.', 'ends ', 'x'.repeat(101), 'e\u0301.txt']) {
    assert.ok(fileNameProblem(name));
    assert.equal(refused(`/general/upload/${name}`), 'permission-denied', name);
  }
});

test('an overlong path is refused before it is split', () => {
  assert.equal(refused('/general/' + 'a/'.repeat(600)), 'failure');
});

test('random bytes never resolve outside the tree and never throw', () => {
  for (let i = 0; i < 5000; i++) {
    const raw = randomBytes(1 + (i % 64)).toString(i % 2 ? 'utf8' : 'latin1');
    const r = resolveSftpPath(raw, view);
    if (!r.ok) continue;
    const text = pathText(r.path);
    assert.ok(text === '/' || /^\/(general|archive)(\/[^/]+){0,2}$/.test(text), JSON.stringify(raw));
    assert.ok(!text.split('/').includes('..'));
    assert.ok(!/[\x00-\x1f\\]/.test(text));
    if (r.path.kind === 'file' || r.path.kind === 'upload-file') assert.equal(fileNameProblem(r.path.name), null);
  }
});

test('random slashes, dots and names mixed never climb out', () => {
  const pieces = ['/', '//', '.', '..', '...', 'general', 'upload', 'archive', 'x.txt', '\\', '\x00', '%2e%2e'];
  for (let i = 0; i < 5000; i++) {
    const raw = Array.from({ length: 1 + (i % 8) }, (_, j) => pieces[(i * 7 + j * 13 + (i >> 3)) % pieces.length]).join('');
    const r = resolveSftpPath(raw, view);
    if (r.ok) assert.ok(!pathText(r.path).split('/').includes('..') && !raw.split('/').includes('..'), JSON.stringify(raw));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropFileText } from '../../../src/doors/drop-files.js';
import { writeDropFolder } from '../../../src/doors/drop-folder.js';
import { sampleDropInfo } from './drop-info-sample.js';

async function withParent(fn: (parent: string) => Promise<void>): Promise<void> {
  const parent = await mkdtemp(join(tmpdir(), 'bbs-drop-test-'));
  try {
    await fn(parent);
  } finally {
    await chmod(parent, 0o700).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
  }
}

test('the folder is private (0700), its files 0600 under their classic names, and their path lines name the folder', async () => {
  await withParent(async (parent) => {
    const info = sampleDropInfo({ folder: undefined });
    const folder = await writeDropFolder(['door32.sys', 'door.sys', 'chain.txt', 'dorinfo1.def'], info, parent);
    assert.equal((await stat(folder.path)).mode & 0o777, 0o700);
    assert.ok(folder.path.startsWith(parent));
    assert.deepEqual((await readdir(folder.path)).sort(), ['CHAIN.TXT', 'DOOR.SYS', 'DOOR32.SYS', 'DORINFO1.DEF', 'door32.sys']);
    assert.deepEqual(Object.keys(folder.files), ['door32.sys', 'door.sys', 'chain.txt', 'dorinfo1.def'], 'in the order asked');
    for (const [kind, file] of Object.entries(folder.files)) {
      assert.equal((await stat(file)).mode & 0o777, 0o600, kind);
      assert.equal(await readFile(file, 'latin1'), dropFileText(kind as keyof typeof folder.files, { ...info, folder: folder.path }));
    }
    assert.equal((await readFile(folder.files['door.sys']!, 'latin1')).split('\r\n')[32], folder.path);
    assert.equal(await readFile(join(folder.path, 'door32.sys'), 'latin1'), await readFile(folder.files['door32.sys']!, 'latin1'), 'the spec\'s lower-case name is the same file');
    await folder.remove();
  });
});

test('only the kinds asked are written, each once; a DOS folder given in the facts is what the files say', async () => {
  await withParent(async (parent) => {
    const folder = await writeDropFolder(['door.sys', 'door.sys'], sampleDropInfo({ folder: 'C:\\NODE3' }), parent);
    assert.deepEqual(await readdir(folder.path), ['DOOR.SYS']);
    assert.deepEqual(Object.keys(folder.files), ['door.sys']);
    assert.equal((await readFile(folder.files['door.sys']!, 'latin1')).split('\r\n')[32], 'C:\\NODE3');
    const empty = await writeDropFolder([], sampleDropInfo(), parent);
    assert.deepEqual(await readdir(empty.path), []);
    await folder.remove();
    await empty.remove();
  });
});

test('remove takes the folder with whatever the door left in it, can be called again, and never throws', async () => {
  await withParent(async (parent) => {
    const folder = await writeDropFolder(['chain.txt'], sampleDropInfo(), parent);
    await writeFile(join(folder.path, 'SCORES.DAT'), 'left by the door');
    await Promise.all([folder.remove(), folder.remove()]);
    await assert.rejects(stat(folder.path), { code: 'ENOENT' });
    await folder.remove();
  });
});

test('a folder that can not be made rejects with the reason and leaves nothing behind', async () => {
  await withParent(async (parent) => {
    const missing = join(parent, 'no-such-dir');
    await assert.rejects(writeDropFolder(['door.sys'], sampleDropInfo(), missing), { code: 'ENOENT' });
    await chmod(parent, 0o500);
    try {
      // Root ignores the mode bits; the test only holds for an ordinary user.
      if (process.getuid?.() !== 0) await assert.rejects(writeDropFolder(['door.sys'], sampleDropInfo(), parent), { code: 'EACCES' });
    } finally {
      await chmod(parent, 0o700);
    }
    assert.deepEqual(await readdir(parent), []);
  });
});

test('a failure after the folder is made removes the folder again', async () => {
  await withParent(async (parent) => {
    await assert.rejects(writeDropFolder(['door.sys', 'pcboard.sys' as 'door.sys'], sampleDropInfo(), parent));
    assert.deepEqual(await readdir(parent), []);
  });
});

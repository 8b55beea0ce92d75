import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileAreaDefinition } from '../../../src/config/file-areas.js';
import { FileLibrary } from '../../../src/files/file-library.js';
import type { HandoffRequest } from '../../../src/session/handoff.js';
import { boardHarness, type Harness } from '../../helpers/in-process-board.js';
import type { FakeCaller } from '../../helpers/fake-caller.js';
import { until } from '../../helpers/until.js';

const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } };

function area(name: string, extra: Partial<FileAreaDefinition> = {}): FileAreaDefinition {
  return { name, title: `${name[0]!.toUpperCase()}${name.slice(1)} files`, description: `All about ${name}.`, folder: null, list: 'new', download: 'new', upload: 'new', maxUpload: 0, quotaPerUser: 0, quotaPerArea: 0, ...extra };
}

async function filesBoard(areas: FileAreaDefinition[]): Promise<{ h: Harness; library: FileLibrary; dir: string; seed: (areaName: string, name: string, body: string, description?: string) => Promise<void>; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-file-flows-'));
  let library!: FileLibrary;
  const h = await boardHarness({ files: (store) => (library = new FileLibrary({ store, areas, data: dir, log: silent })) });
  await library.prepare();
  const seed = async (areaName: string, name: string, body: string, description?: string): Promise<void> => {
    const src = join(dir, name);
    writeFileSync(src, body);
    const accepted = await library.importFile(src, library.area(areaName)!, description);
    assert.ok(accepted.ok, JSON.stringify(accepted));
  };
  return { h, library, dir, seed, close: async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The next hand-off the caller's conversation asks for. */
async function handoffOf(c: FakeCaller): Promise<HandoffRequest> {
  return until('a handoff', () => {
    const ev = c.out.find((e) => e.type === 'handoff');
    if (ev?.type !== 'handoff') return undefined;
    c.out.splice(c.out.indexOf(ev), 1);
    return ev.request;
  });
}

void test('the F menu lists areas with counts, an area a page at a time, and a file whole', async () => {
  const b = await filesBoard([area('games'), area('secret', { list: 'sysop' })]);
  try {
    await b.h.register('Zed');
    await b.seed('games', 'doom.zip.txt', 'x'.repeat(2048), 'The classic shooter\nShareware episode\nThird line not in the list');
    await b.seed('secret', 'plans.txt', 'y');
    const ann = await b.h.register('Ann');
    ann.send('F');
    const list = await ann.expect('FILE AREAS');
    await ann.expect('Area number', 'prompt');
    const text = ann.text().slice(ann.text().lastIndexOf('FILE AREAS'));
    assert.match(text, /\[ 1\] Games files +1 +2\.0 KiB +upload/);
    assert.ok(!/Secret/.test(text), 'an area above the caller is not listed');
    assert.equal(list.type, 'screen');
    ann.send('1');
    await ann.expect('File number', 'prompt');
    const page = ann.text().slice(ann.text().lastIndexOf('GAMES FILES'));
    assert.match(page, /\[ 1\] doom\.zip\.txt +2\.0 KiB +\d{4}-\d\d-\d\d +sysop +0/);
    assert.match(page, /The classic shooter\n\s+Shareware episode/);
    assert.ok(!page.includes('Third line'), 'two lines of the description in the list');
    ann.send('1');
    await ann.expect(/D download, Enter to go back/, 'prompt');
    assert.match(ann.text(), /Third line not in the list/);
    assert.match(ann.text(), /2,048 bytes/);
  } finally {
    await b.close();
  }
});

void test('a download hands the terminal off with the file, and a file sent whole counts as a download', async () => {
  const b = await filesBoard([area('games')]);
  try {
    await b.h.register('Zed');
    await b.seed('games', 'a.bin', 'aaaa');
    const ann = await b.h.register('Ann', { transport: 'telnet' });
    ann.send('F');
    await ann.answer('Area number', '1');
    await ann.answer('File number', '1');
    await ann.answer('D download', 'D');
    await ann.answer('Protocol', 'Y');
    const request = await handoffOf(ann);
    assert.equal(request.kind, 'send');
    assert.ok(request.kind === 'send' && request.protocol === 'ymodem' && request.files.length === 1 && request.files[0]!.name === 'a.bin' && request.files[0]!.size === 4);
    assert.match(ann.text(), /Sending a\.bin \(4 B\) by YMODEM/);
    ann.handle.input({ type: 'handback', handback: { how: 'exit', seconds: 1, transfer: { sent: ['a.bin'], received: [], cancelled: false } } });
    await ann.expect('Sent: a.bin');
    await ann.expect('D download', 'prompt');
    assert.match(ann.text().slice(ann.text().lastIndexOf('Downloads')), /Downloads 1/);
  } finally {
    await b.close();
  }
});

void test('an upload lands in a private folder, is checked into its area, and the uploader may describe it', async () => {
  const b = await filesBoard([area('games', { maxUpload: 100 })]);
  try {
    await b.h.register('Zed');
    const ann = await b.h.register('Ann', { transport: 'ssh' });
    ann.send('F');
    await ann.answer('Area number', '1');
    await ann.answer('File number', 'U');
    await ann.answer('Protocol', '');
    const request = await handoffOf(ann);
    assert.ok(request.kind === 'receive' && request.protocol === 'zmodem' && request.maxBytes === 100);
    assert.match(ann.text(), /up to 100 B/);
    writeFileSync(join(request.folder, 'new.txt'), 'fresh');
    writeFileSync(join(request.folder, 'huge.bin'), 'z'.repeat(101));
    ann.handle.input({ type: 'handback', handback: { how: 'exit', seconds: 2, transfer: { sent: [], received: [{ name: 'new.txt', path: join(request.folder, 'new.txt'), size: 5 }, { name: 'huge.bin', path: join(request.folder, 'huge.bin'), size: 101 }], cancelled: false } } });
    await ann.expect('Added new.txt');
    await ann.answer(/ 1:/, 'My fresh file');
    await ann.answer(/ 2:/, '');
    await ann.expect('Description saved');
    await ann.expect(/huge\.bin is 101 B; files here may be at most 100 B/);
    await ann.expect('File number', 'prompt');
    const stored = await b.h.store.files.findByName('games', 'new.txt');
    assert.equal(stored?.description, 'My fresh file');
    assert.equal(stored?.uploaderName, 'Ann');
    assert.equal(existsSync(request.folder), false, 'the private folder is gone');
    assert.deepEqual(readdirSync(b.library.folderOf(b.library.area('games')!)).sort(), ['.incoming', 'new.txt']);
  } finally {
    await b.close();
  }
});

void test('the 2010 client is told transfers need a terminal; search shows matches; new files follow the new-scan', async () => {
  const b = await filesBoard([area('games')]);
  try {
    await b.h.register('Zed');
    await b.seed('games', 'doom.zip.txt', 'd', 'The classic shooter');
    await b.seed('games', 'tetris.txt', 't', 'Falling blocks');
    const ann = await b.h.register('Ann', { transport: 'tcpjson' });
    ann.send('F');
    await ann.answer('Area number', 'S');
    await ann.answer('Search file names', 'shoot');
    await ann.expect('FILES MATCHING "shoot"');
    assert.match(ann.text(), /The classic shooter/);
    assert.ok(!/tetris/.test(ann.text().slice(ann.text().lastIndexOf('FILES MATCHING'))));
    await ann.answer('File number', '1');
    await ann.answer('D download', 'D');
    await ann.expect('File transfers need a terminal program');
    await ann.answer('D download', '');
    await ann.answer('File number', '');
    await ann.answer('Area number', '');
    await ann.answer('MAIN MENU', 'N');
    await ann.expect(/NEW FILES.*2 files/);
  } finally {
    await b.close();
  }
});

void test('the sysop hides, re-describes, moves and deletes a file from the sysop menu', async () => {
  const b = await filesBoard([area('games'), area('archive')]);
  try {
    const zed = await b.h.register('Zed');
    await b.seed('games', 'old.txt', 'o', 'Old words');
    zed.send('!');
    await zed.answer('SYSOP MENU', 'F');
    await zed.answer('Area number to manage', '1');
    await zed.answer('File number', '1');
    await zed.answer('X delete', 'H');
    await zed.expect('hidden from callers now');
    await zed.answer('X delete', 'E');
    await zed.answer(/ 1:/, 'New words');
    await zed.answer(/ 2:/, '');
    await zed.answer('X delete', 'M');
    await zed.answer('Move old.txt to which area', 'archive');
    await zed.expect('Moved to Archive files as old.txt');
    const moved = await b.h.store.files.findByName('archive', 'old.txt');
    assert.ok(moved?.hidden && moved.description === 'New words');
    await zed.answer('X delete', 'X');
    await zed.answer('for good', 'y');
    await zed.expect('Deleted old.txt');
    assert.equal(await b.h.store.files.findByName('archive', 'old.txt'), null);
    assert.equal(existsSync(join(b.library.folderOf(b.library.area('archive')!), 'old.txt')), false);
  } finally {
    await b.close();
  }
});

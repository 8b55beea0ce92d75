import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScreenModel } from '../../../src/doors/screen-model.js';

/** A fresh model of the same size that was shown only the repaint of `model`. */
async function replayed(model: ScreenModel): Promise<ScreenModel> {
  const copy = new ScreenModel(model.size.cols, model.size.rows);
  copy.write(await model.repaint());
  await copy.written();
  return copy;
}

/** Every cell's text and attributes, the cursor and the text rows are the same on both screens. */
function assertSameScreen(got: ScreenModel, want: ScreenModel): void {
  assert.deepEqual(got.size, want.size);
  assert.deepEqual(got.text(), want.text());
  for (let row = 0; row < want.size.rows; row++) {
    for (let col = 0; col < want.size.cols; col++) assert.deepEqual(got.cell(col, row), want.cell(col, row), `cell ${col},${row}`);
  }
  assert.deepEqual(got.cursor(), want.cursor());
}

const GAME_SCREEN = [
  '\x1b[2J\x1b[H\x1b[1;33;44m╔══════════╗\x1b[0m',
  '\x1b[2;1H\x1b[1;33;44m║\x1b[0;31mred\x1b[32;1m bold\x1b[0m\x1b[2;12H\x1b[1;33;44m║',
  '\x1b[3;1H╚══════════╝\x1b[0m',
  '\x1b[5;3H\x1b[38;5;208morange\x1b[48;2;10;20;30m rgb \x1b[0m\x1b[7mrev\x1b[27m \x1b[4munder\x1b[24m \x1b[5mblink\x1b[0m',
  '\x1b[7;40Hright edge\x1b[8;1H\x1b[2mdim\x1b[22m \x1b[3mitalic\x1b[0m ░▒▓█ 中文',
  '\x1b[24;70H\x1b[36mstatus\x1b[10;20H\x1b[35m',
].join('');

test('a repaint drawn on a fresh terminal gives every cell the same text and colours, and the cursor the same place', async () => {
  const model = new ScreenModel(80, 24);
  model.write(Buffer.from(GAME_SCREEN, 'utf8'));
  const copy = await replayed(model);
  assertSameScreen(copy, model);
  assert.equal(model.text()[1], '║red bold  ║');
  assert.deepEqual(model.cursor(), { col: 19, row: 9, visible: true });
  const orange = model.cell(2, 4)!;
  assert.equal(orange.chars, 'o');
  assert.notDeepEqual(orange, model.cell(2, 5), 'coloured cells differ from blank ones, so the comparison means something');
  // The colour in force at the cursor came back too: what the door writes next looks the same on both.
  model.write('next');
  copy.write('next');
  await Promise.all([model.written(), copy.written()]);
  assertSameScreen(copy, model);
  model.dispose();
  copy.dispose();
});

test('a repaint reflects every byte written before it, however the bytes were split', async () => {
  const model = new ScreenModel(80, 24);
  const bytes = Buffer.from(GAME_SCREEN, 'utf8');
  for (let i = 0; i < bytes.length; i += 7) model.write(bytes.subarray(i, i + 7));
  const whole = new ScreenModel(80, 24);
  whole.write(bytes);
  await whole.written();
  // No wait between the writes and the repaint: the repaint waits for them itself.
  const copy = await replayed(model);
  assertSameScreen(copy, whole);
  for (const m of [model, whole, copy]) m.dispose();
});

test('a hidden cursor, a scroll region and line drawing survive a repaint, so the door goes on drawing the same', async () => {
  const model = new ScreenModel(40, 10);
  model.write('\x1b[?25l\x1b[1;1Htop status\x1b[10;1Hbottom status\x1b[2;9r\x1b(0\x1b[9;1Hlqqqk\x1b[5;7H');
  const copy = await replayed(model);
  assertSameScreen(copy, model);
  assert.equal(model.cursor().visible, false);
  // Lines scrolled inside the region must leave the status lines where they are, and 'q' must still draw ─.
  const more = '\r\nx\r\nqq\r\n\r\n\r\n\r\n\x1b(Bqq';
  model.write(more);
  copy.write(more);
  await Promise.all([model.written(), copy.written()]);
  assertSameScreen(copy, model);
  assert.equal(model.text()[0], 'top status');
  assert.equal(model.text()[9], 'bottom status');
  assert.ok(model.text().some((row) => row.startsWith('──')), model.text().join('\n'));
  model.dispose();
  copy.dispose();
});

test('a door on the alternate screen is repainted there, and the main screen is right when it leaves', async () => {
  const model = new ScreenModel(40, 8);
  model.write('\x1b[44mshell prompt $ \x1b[0m\x1b[?1049h\x1b[H\x1b[2J\x1b[31mfull-screen game\x1b[4;4H\x1b[42m@');
  const copy = await replayed(model);
  assertSameScreen(copy, model);
  model.write('\x1b[?1049l');
  copy.write('\x1b[?1049l');
  await Promise.all([model.written(), copy.written()]);
  assert.equal(model.text()[0], 'shell prompt $ ', 'a written space counts as text');
  assertSameScreen(copy, model);
  model.dispose();
  copy.dispose();
});

test('a resize applies after the output written before it, and a repaint of the new size replays exactly', async () => {
  const model = new ScreenModel(80, 24);
  model.write('\x1b[1;1Hfirst row\x1b[3;1H\x1b[32mthird row of a long line that will not fit in thirty columns');
  model.resize(30, 10);
  model.write('\x1b[10;1Hlast');
  await model.written();
  assert.deepEqual(model.size, { cols: 30, rows: 10 });
  assert.equal(model.text()[0], 'first row');
  assert.equal(model.text()[9], 'last');
  const copy = await replayed(model);
  assertSameScreen(copy, model);
  model.resize(100, 40);
  await model.written();
  assert.deepEqual(model.size, { cols: 100, rows: 40 });
  assertSameScreen(await replayed(model), model);
  model.dispose();
  copy.dispose();
});

test('nonsense sizes are clamped, a flood is parsed as it comes (never queued behind the event loop), and a disposed model takes anything', async () => {
  const model = new ScreenModel(Number.NaN, -3);
  assert.deepEqual(model.size, { cols: 80, rows: 1 });
  model.resize(1e9, 0.5);
  await model.written();
  assert.deepEqual(model.size, { cols: 500, rows: 1 });
  const flood = new ScreenModel(80, 24);
  assert.equal(flood.write(Buffer.alloc(300 * 1024, 0x41)), true, 'nothing waits to be parsed');
  assert.equal(flood.text()[23], 'A'.repeat(80), 'on the screen at once, before any turn of the event loop');
  assert.equal(flood.write('x'), true);
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
  flood.write(Buffer.from(Array.from({ length: 20000 }, random)));
  await flood.written();
  assert.equal(flood.text().length, 24, 'random bytes leave a 24-row screen, nothing kept above it');
  flood.dispose();
  flood.dispose();
  flood.write('after');
  flood.resize(10, 10);
  assert.equal(await flood.repaint(), '');
  model.dispose();
});

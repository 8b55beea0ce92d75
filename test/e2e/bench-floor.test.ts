import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { answerToQuestionMark, callToNamePrompt, captureFloorBytes } from '../../bench/floor/capture.js';
import { launchFloor } from '../../bench/floor/launch-floor.js';
import { telnetRegister } from '../callers/telnet.js';
import { startBoardProcess } from '../helpers/spawned-board.js';

/** What changes by itself between two calls: the clock on the menu's prompt line ("12:34 UTC")... */
const CLOCK = /\d\d:\d\d(?= UTC)/g;
const masked = (b: Buffer): string => b.toString('latin1').replace(CLOCK, '##:##');
const clocks = (b: Buffer): number => b.toString('latin1').match(CLOCK)?.length ?? 0;
/** ...and the line on the banner ("line 3"): a call is placed on a random free line. */
const LINE = /(?<=line \x1b\[[0-9;]*m)\d+/g;
const lineMasked = (b: Buffer): string => b.toString('latin1').replace(LINE, '#');
const lineNumbers = (b: Buffer): number => b.toString('latin1').match(LINE)?.length ?? 0;

/** A member's account, as the benchmark's load callers have (the board's first account is its sysop, whose menu has a line more). */
async function member(port: number): Promise<void> {
  for (const name of ['FloorSysop', 'FloorProbe']) await (await telnetRegister(port, name, 'password1')).logOff();
}

/** Two calls to the floor prepared from `dir`: the bytes to the name prompt, and the answer to `?` there. */
async function callFloor(t: TestContext, dir: string): Promise<{ negotiation: Buffer; banner: Buffer; menu: Buffer }> {
  const floor = await launchFloor(dir);
  t.after(() => floor.stop());
  const call = await callToNamePrompt(floor.ports.telnet!);
  try {
    return { negotiation: call.negotiation, banner: call.banner, menu: await answerToQuestionMark(call.caller) };
  } finally {
    call.caller.close();
  }
}

test('the floor sends the bytes the board sends: negotiation, banner and main menu', async (t) => {
  const board = await startBoardProcess({ t });
  const port = board.ports.telnet!;
  await member(port);
  const dir = await mkdtemp(join(tmpdir(), 'bbs-floor-'));
  t.after(() => rm(dir, { recursive: true, force: true }));

  // Two calls to the board: what differs between them by itself is what the comparison may mask, and only that.
  const first = await callToNamePrompt(port);
  first.caller.close();
  const captured = await captureFloorBytes(port, 'FloorProbe', 'password1', dir);
  const second = await callToNamePrompt(port);
  second.caller.close();
  assert.deepEqual(second.negotiation, first.negotiation, 'the board negotiates the same way on every call');
  assert.equal(lineMasked(second.banner), lineMasked(first.banner), 'the banner has nothing else that changes by itself');
  assert.equal(lineNumbers(first.banner), 1, 'the banner holds one line number, the only bytes masked there');
  assert.ok(captured.offer.length > 0 && first.negotiation.length > captured.offer.length, 'the board asks the terminal type after the offer');
  assert.equal(clocks(captured.menu), 1, 'the menu holds one clock, the only bytes masked');

  const floor = await callFloor(t, dir);
  assert.deepEqual(floor.negotiation, first.negotiation, 'the same negotiation, TTYPE SENDs and all');
  assert.equal(lineMasked(floor.banner), lineMasked(first.banner), 'the same banner and name prompt');
  assert.equal(masked(floor.menu), masked(captured.menu), 'the same main menu');
  assert.match(floor.menu.toString('utf8'), /MAIN MENU/);
});

test('a floor prepared from tampered bytes is told apart from the board', async (t) => {
  const board = await startBoardProcess({ t });
  const port = board.ports.telnet!;
  await member(port);
  const dir = await mkdtemp(join(tmpdir(), 'bbs-floor-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const captured = await captureFloorBytes(port, 'FloorProbe', 'password1', dir);
  const board2 = await callToNamePrompt(port);
  board2.caller.close();

  // One letter changed in the banner's text and one in the menu's: the comparison the test above makes must see each.
  const tampered = await mkdtemp(join(tmpdir(), 'bbs-floor-tampered-'));
  t.after(() => rm(tampered, { recursive: true, force: true }));
  await cp(dir, tampered, { recursive: true });
  const flip = async (file: string, needle: string): Promise<void> => {
    const bytes = await readFile(join(tampered, file));
    const at = bytes.indexOf(needle);
    assert.ok(at >= 0, `${needle} in ${file}`);
    bytes[at] = bytes[at]! ^ 0x20;
    await writeFile(join(tampered, file), bytes);
  };
  await flip('banner.bin', 'Welcome');
  await flip('menu.bin', 'Board info');
  const floor = await callFloor(t, tampered);
  assert.notEqual(lineMasked(floor.banner), lineMasked(board2.banner), 'told apart by more than the line number');
  assert.notEqual(masked(floor.menu), masked(captured.menu));
  assert.deepEqual(floor.negotiation, board2.negotiation, 'only what was tampered with differs');
});

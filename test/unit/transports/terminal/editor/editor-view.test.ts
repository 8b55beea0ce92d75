import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderEditor, TOO_SMALL } from '../../../../../src/transports/terminal/editor/editor-view.js';
import { HELP_FOOTER, HELP_KEYS, QUOTE_HINT } from '../../../../../src/transports/terminal/editor/editor-overlays.js';
import type { EditorFrame, EditorViewState } from '../../../../../src/transports/terminal/editor/editor-contract.js';
import { encodeCp437, isCp437Encodable } from '../../../../../src/screens/cp437.js';
import { textWidth } from '../../../../../src/screens/text-width.js';
import { emulate, type EmulatedScreen } from '../../../../helpers/emulated-screen.js';

const ESC = '\x1b';
const ANY_SGR = /\x1b\[[0-9;]*m/;
const MOVES = /\x1b\[(\d+);(\d+)H/g;

function state(over: Partial<EditorViewState> = {}): EditorViewState {
  return {
    cols: 80,
    rows: 24,
    header: {
      title: 'Post a message',
      fields: [
        ['To', 'All'],
        ['Subject', 'The meeting on Tuesday'],
        ['Area', 'General chat'],
      ],
    },
    lines: ['Hello everybody,', 'the meeting moves to Tuesday.', '', 'Bob'],
    top: 0,
    cursor: { line: 1, col: 11 },
    overwrite: false,
    caps: { maxLines: 50, maxLineLength: 79 },
    message: null,
    overlay: null,
    style: { colorLevel: 3, ansiBbs: false },
    ...over,
  };
}

/** What a caller's terminal shows after these draws, one after the other. */
function show(outs: readonly string[], cols: number, rows: number, ansiBbs = false): Promise<EmulatedScreen> {
  const text = outs.join('');
  const bytes = ansiBbs ? encodeCp437(text) : Buffer.from(text, 'utf8');
  return emulate(bytes, cols, rows, { cp437: ansiBbs });
}

const draw = (s: EditorViewState, previous: EditorFrame | null = null) => renderEditor(s, previous);

void describe('editor view: the layout as a terminal shows it', () => {
  void it('80x24: title, fields, rule, text, status, and the cursor where the model put it', async () => {
    const s = state();
    const screen = await show([draw(s).out], 80, 24);
    assert.match(screen.rows[0]!, /^ +Post a message$/);
    assert.equal(screen.rows[1], 'To:      All');
    assert.equal(screen.rows[2], 'Subject: The meeting on Tuesday');
    assert.equal(screen.rows[3], 'Area:    General chat');
    assert.equal(screen.rows[4], '─'.repeat(80));
    assert.deepEqual(screen.rows.slice(5, 9), s.lines);
    assert.deepEqual(screen.rows.slice(9, 23), Array(14).fill(''));
    assert.match(screen.rows[23]!, /^Ln 2\/50 {2}Col 12\/79 {2}INS +\^G help {2}\^Z save {2}\^C abort {2}\^Q quote$/);
    assert.deepEqual(screen.cursor, { row: 6, col: 11, visible: true });
  });

  void it('132x50: the text from `top`, a long value cut with an ellipsis, OVR', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => `line ${i + 1}`);
    const long = 'x'.repeat(200);
    const s = state({ cols: 132, rows: 50, lines, top: 30, cursor: { line: 40, col: 3 }, overwrite: true, header: { title: 'Reply', fields: [['Subject', long]] } });
    const screen = await show([draw(s).out], 132, 50);
    assert.equal(screen.rows[1], `Subject: ${'x'.repeat(132 - 10)}…`);
    assert.equal(screen.rows[3], 'line 31');
    assert.equal(screen.rows[48], 'line 76');
    assert.match(screen.rows[49]!, /^Ln 41\/50 {2}Col 4\/79 {2}OVR /);
    assert.deepEqual(screen.cursor, { row: 13, col: 3, visible: true });
  });

  void it('40x20: everything fits, the status keeps the position and the help key, nothing scrolls', async () => {
    const s = state({ cols: 40, rows: 20 });
    const screen = await show([draw(s).out], 40, 20);
    assert.match(screen.rows[0]!, /Post a message/);
    assert.equal(screen.rows[2], 'Subject: The meeting on Tuesday');
    assert.equal(screen.rows[19], 'Ln 2/50  Col 12/79  INS         ^G help');
    assert.deepEqual(screen.cursor, { row: 6, col: 11, visible: true });
  });

  void it('80x25 ANSI-BBS: CP437 bytes draw the same screen, bright as bold, no 9x SGR', async () => {
    const s = state({ rows: 25, style: { colorLevel: 1, ansiBbs: true }, message: 'Line cap reached' });
    const { out } = draw(s);
    assert.ok(isCp437Encodable(out), 'every character has a CP437 byte');
    assert.doesNotMatch(out, /\x1b\[(?:[0-9;]*;)?9[0-7](?:;[0-9;]*)?m/);
    assert.match(out, /\x1b\[1m/);
    const screen = await show([out], 80, 25, true);
    assert.equal(screen.rows[4], '─'.repeat(80));
    assert.equal(screen.rows[5], 'Hello everybody,');
    assert.equal(screen.rows[24], ' Line cap reached');
    assert.deepEqual(screen.cursor, { row: 6, col: 11, visible: true });
  });

  void it('a window below the layout says so in one row', async () => {
    for (const [cols, rows] of [
      [20, 24],
      [80, 7],
      [5, 1],
    ] as const) {
      const screen = await show([draw(state({ cols, rows })).out], cols, rows);
      assert.equal(screen.rows[0], TOO_SMALL.slice(0, rows === 1 ? cols - 1 : cols), `${cols}x${rows}`);
      assert.ok(screen.rows.slice(1).every((r) => r === ''), `${cols}x${rows}`);
    }
  });
});

void describe('editor view: the status row', () => {
  void it('is never longer than cols-1 at any width from 40 to 200, and keeps the position', () => {
    for (let cols = 40; cols <= 200; cols++) {
      for (const message of [null, 'A note that is rather long '.repeat(10)]) {
        const big = state({ cols, rows: 24, cursor: { line: 999, col: 199 }, caps: { maxLines: 1000, maxLineLength: 200 }, message, style: { colorLevel: 0, ansiBbs: false } });
        const last = draw(big).frame.screen[23]!;
        assert.ok(textWidth(last) <= cols - 1, `${cols}: ${last}`);
        if (!message) assert.match(last, /^Ln 1000\/1000 {2}Col 200\/200 {2}INS/);
      }
    }
  });

  void it('drops the least important keys first', () => {
    const at = (cols: number): string => draw(state({ cols, style: { colorLevel: 0, ansiBbs: false } })).frame.screen[23]!;
    assert.match(at(80), /\^Q quote$/);
    assert.match(at(60), /\^C abort$/);
    assert.match(at(40), /\^G help$/);
  });
});

void describe('editor view: only what changed is sent', () => {
  void it('a one-character change sends that row and the cursor, and the screen matches a full draw', async () => {
    const before = draw(state());
    const s2 = state({ lines: ['Hello everybody,', 'the meeting moves to Tuesday!', '', 'Bob'] });
    const after = draw(s2, before.frame);
    const moves = [...after.out.matchAll(MOVES)].map((m) => m[1]);
    assert.deepEqual(moves, ['7', '7'], 'row 7 drawn, then the cursor placed on it');
    assert.match(after.out, /\x1b\[K/);
    const incremental = await show([before.out, after.out], 80, 24);
    const fresh = await show([draw(s2).out], 80, 24);
    assert.deepEqual(incremental, fresh);
  });

  void it('a typed character sends its row and the status row, nothing else', async () => {
    const before = draw(state());
    const s2 = state({ lines: ['Hello everybody,', 'the meetingX moves to Tuesday.', '', 'Bob'], cursor: { line: 1, col: 12 } });
    const after = draw(s2, before.frame);
    assert.deepEqual([...after.out.matchAll(MOVES)].map((m) => m[1]), ['7', '24', '7']);
    assert.deepEqual(await show([before.out, after.out], 80, 24), await show([draw(s2).out], 80, 24));
  });

  void it('a cursor move alone sends only the move; no change sends nothing', () => {
    // With a note on the status row, moving the cursor changes no row.
    const before = draw(state({ message: 'Saved' }));
    assert.equal(draw(state({ message: 'Saved', cursor: { line: 2, col: 0 } }), before.frame).out, `${ESC}[8;1H`);
    assert.equal(draw(state({ message: 'Saved' }), before.frame).out, '');
  });

  void it('a new size, or no previous frame, clears and draws everything', () => {
    const before = draw(state());
    assert.ok(draw(state({ cols: 100 }), before.frame).out.includes(`${ESC}[2J${ESC}[H`));
    assert.ok(before.out.includes(`${ESC}[2J${ESC}[H`));
  });

  void it('a row that ends in a shorter one is cleared to its end', async () => {
    const before = draw(state({ lines: ['a long first line of text'] }));
    const after = draw(state({ lines: ['short'] }), before.frame);
    const screen = await show([before.out, after.out], 80, 24);
    assert.equal(screen.rows[5], 'short');
  });
});

void describe('editor view: overlays', () => {
  void it('the help names every key at 80x24 and 40x20, with the way back', async () => {
    for (const [cols, rows] of [
      [80, 24],
      [40, 20],
    ] as const) {
      const screen = await show([draw(state({ cols, rows, overlay: { kind: 'help' } })).out], cols, rows);
      const all = screen.rows.join('\n');
      for (const [key] of HELP_KEYS) assert.ok(all.includes(key), `${cols}x${rows}: ${key}`);
      assert.ok(all.includes(HELP_FOOTER));
      assert.match(screen.rows[1]!, /^To:/, 'the header stays');
      assert.match(screen.rows[rows - 1]!, /^Ln 2\/50/, 'the status stays');
    }
  });

  void it('at 80x24 the help shows each key with its whole description', async () => {
    const screen = await show([draw(state({ overlay: { kind: 'help' } })).out], 80, 24);
    const all = screen.rows.join('\n');
    for (const [key, what] of HELP_KEYS) assert.match(all, new RegExp(`${key.replace(/[\^]/g, '\\^')} +${what}`));
  });

  void it('a question sits in a box in the middle of the text, the text around it kept', async () => {
    const screen = await show([draw(state({ overlay: { kind: 'confirm', text: 'Save this message?' } })).out], 80, 24);
    const row = screen.rows.findIndex((r) => r.includes('Save this message?'));
    assert.ok(row > 5 && row < 23);
    assert.match(screen.rows[row - 1]!, /┌─+┐/);
    assert.match(screen.rows[row + 1]!, /└─+┘/);
    assert.equal(screen.rows[5], 'Hello everybody,');
  });

  void it('the quote window: numbered lines, marked ones highlighted, the cursor line inverse, the hint', async () => {
    const quoted = Array.from({ length: 30 }, (_, i) => `quoted ${i + 1}`);
    const s = state({ overlay: { kind: 'quote', title: 'Alice wrote', lines: quoted, top: 2, cursor: 4, marked: new Set([3]) } });
    const { out } = draw(s);
    const screen = await show([out], 80, 24);
    const all = screen.rows.join('\n');
    assert.match(all, /Alice wrote/);
    assert.match(all, /\* 4 quoted 4/);
    assert.match(all, / 3 quoted 3/);
    assert.ok(all.includes(QUOTE_HINT));
    assert.equal(screen.rows[5], 'Hello everybody,', 'the text above stays in view');
    assert.match(out, /\x1b\[7m[^\n]*quoted 5/, 'the cursor line in reverse video');
    assert.match(out, /\x1b\[93m[^\n]*quoted 4/, 'the marked line in bright yellow');
    assert.ok(screen.rows[screen.cursor.row]!.includes('quoted 5'), 'the cursor on the cursor line');
  });
});

void describe('editor view: colours, glyphs and bad text', () => {
  const overlays: EditorViewState['overlay'][] = [
    null,
    { kind: 'help' },
    { kind: 'confirm', text: 'Abort?' },
    { kind: 'quote', title: 'q', lines: ['a', 'b'], top: 0, cursor: 1, marked: new Set([0]) },
  ];

  void it('colour level 0 sends no SGR at all, and still marks the quote cursor and marked lines', () => {
    for (const overlay of overlays) {
      for (const message of [null, 'Saved']) {
        const { out } = draw(state({ overlay, message, style: { colorLevel: 0, ansiBbs: false } }));
        assert.doesNotMatch(out, ANY_SGR);
      }
    }
    const quote = draw(state({ overlay: overlays[3]!, style: { colorLevel: 0, ansiBbs: false } })).frame.screen.join('\n');
    assert.match(quote, /\| \*1 a/);
    assert.match(quote, /\|> 2 b/);
  });

  void it('ANSI-BBS: no 9x SGR and every glyph of the frame in CP437, whatever is drawn', () => {
    for (const overlay of overlays) {
      const { out } = draw(state({ overlay, style: { colorLevel: 3, ansiBbs: true }, header: { title: 'T', fields: [['Subject', 'y'.repeat(300)]] } }));
      assert.doesNotMatch(out, /\x1b\[[0-9;]*\b9[0-7]m/);
      assert.ok(isCp437Encodable(out), JSON.stringify([...out].filter((c) => !isCp437Encodable(c))));
      const questions = (text: string | Buffer): number => [...text].filter((c) => c === '?' || c === 0x3f).length;
      assert.equal(questions(encodeCp437(out)), questions(out), 'no ? stand-in in the frame');
    }
  });

  void it('ANSI-BBS: text a caller wrote never becomes a control byte', () => {
    const { out } = draw(state({ lines: ['notes ♪ and ☺'], style: { colorLevel: 1, ansiBbs: true } }));
    const bytes = encodeCp437(out);
    const controls = [...bytes].filter((b) => b < 0x20 && b !== 0x1b);
    assert.deepEqual(controls, []);
  });

  void it('escapes in the text are drawn as ? and never reach the terminal', async () => {
    const s = state({ lines: ['evil\x1b]0;title\x07\x1b[2J'], header: { title: 'bad\x1b[31m', fields: [['To', 'x\r\ny']] } });
    const { out } = draw(s);
    assert.ok(!out.includes('\x1b]'));
    assert.ok(!out.includes('\x07'));
    const screen = await show([out], 80, 24);
    assert.equal(screen.rows[3], 'evil?]0;title??[2J');
    assert.equal(screen.rows[1], 'To: x??y');
    assert.match(screen.rows[0]!, /bad\?\[31m/);
  });

  void it('wide characters are cut by width, never split', async () => {
    const s = state({ cols: 41, rows: 20, lines: ['あ'.repeat(30)], cursor: { line: 0, col: 40 } });
    const { out, frame } = draw(s);
    const screen = await show([out], 41, 20);
    assert.equal(screen.rows[5], 'あ'.repeat(20));
    assert.equal(frame.cursor.col, 40);
  });

  void it('a size that is no number gets the usual screen; a huge one is bounded', () => {
    assert.equal(draw(state({ cols: Number.NaN, rows: Number.POSITIVE_INFINITY })).frame.cols, 80);
    const huge = draw(state({ cols: 1e9, rows: 1e9 })).frame;
    assert.ok(huge.cols <= 500 && huge.rows <= 300);
  });
});

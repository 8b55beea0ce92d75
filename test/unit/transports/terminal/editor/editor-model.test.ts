import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EditorModel, type EditorMove } from '../../../../../src/transports/terminal/editor/editor-model.js';
import { textWidth } from '../../../../../src/screens/text-width.js';

const roomy = { maxLines: 100, maxLineLength: 79 };

function model(width: number, text?: string, caps = roomy): EditorModel {
  return new EditorModel({ width, caps, text });
}

/** Type one key at a time, as a caller does. */
function typeKeys(m: EditorModel, text: string): void {
  for (const ch of text) assert.equal(m.type(ch), true, `typing ${JSON.stringify(ch)}`);
}

function view(m: EditorModel): { lines: string[]; line: number; col: number } {
  const { lines, cursor } = m.display();
  return { lines, line: cursor.line, col: cursor.col };
}

void describe('editor model: typing and word wrap', () => {
  void it('wraps a word that passes the width to the next line as it is typed', () => {
    const m = model(10);
    typeKeys(m, 'hello world this is a test');
    assert.deepEqual(view(m), { lines: ['hello', 'world this', 'is a test'], line: 2, col: 9 });
    assert.equal(m.text(), 'hello\nworld this\nis a test');
    assert.equal(m.lineCount, 3);
  });

  void it('goes to the next line when a space is typed at the width', () => {
    const m = model(5);
    typeKeys(m, 'hello ');
    assert.deepEqual(view(m), { lines: ['hello', ''], line: 1, col: 0 });
    typeKeys(m, 'x');
    assert.deepEqual(view(m), { lines: ['hello', 'x'], line: 1, col: 1 });
  });

  void it('breaks a word longer than the width', () => {
    const m = model(5);
    typeKeys(m, 'abcdefghijk');
    assert.deepEqual(view(m), { lines: ['abcde', 'fghij', 'k'], line: 2, col: 1 });
  });

  void it('inserts in the middle and re-wraps what follows', () => {
    const m = model(10, 'aaa bbb ccc');
    m.move('right');
    typeKeys(m, 'XXXXXX');
    assert.deepEqual(m.display().lines, ['aXXXXXXaa', 'bbb ccc']);
  });

  void it('takes pasted text: CR LF and LF as new lines, tabs as spaces, control characters dropped', () => {
    const m = model(40);
    assert.equal(m.type('one\r\ntwo\nth\x07r\x1bee\tx\r4'), true);
    assert.deepEqual(m.display().lines, ['one', 'two', 'three   x', '4']);
  });

  void it('splits the line at Enter and joins it again with backspace', () => {
    const m = model(20, 'hello world');
    for (let i = 0; i < 5; i++) m.move('right');
    assert.equal(m.enter(), true);
    assert.deepEqual(view(m), { lines: ['hello', ' world'], line: 1, col: 0 });
    m.backspace();
    assert.deepEqual(view(m), { lines: ['hello world'], line: 0, col: 5 });
  });

  void it('overwrites in overwrite mode and inserts again after the toggle', () => {
    const m = model(20, 'abcdef');
    m.toggleOverwrite();
    assert.equal(m.overwrite, true);
    typeKeys(m, 'XY');
    assert.equal(m.text(), 'XYcdef');
    m.toggleOverwrite();
    typeKeys(m, 'Z');
    assert.equal(m.text(), 'XYZcdef');
  });
});

void describe('editor model: deleting', () => {
  void it('backspace at the start of a soft-wrapped line takes the space that broke it, joining the words', () => {
    const m = model(10, 'hello world');
    assert.deepEqual(m.display().lines, ['hello', 'world']);
    m.move('down');
    m.move('home');
    assert.equal(m.display().cursor.line, 1);
    m.backspace();
    assert.deepEqual(view(m), { lines: ['helloworld'], line: 0, col: 5 });
  });

  void it('delete at the end of a line joins the next one and re-wraps the soft-wrapped rest', () => {
    const m = model(10, 'aaaa\nbbbb cccc dddd');
    m.move('end');
    m.deleteForward();
    assert.deepEqual(view(m), { lines: ['aaaabbbb', 'cccc dddd'], line: 0, col: 4 });
    m.deleteForward();
    assert.equal(m.text(), 'aaaabbb\ncccc dddd');
  });

  void it('Ctrl-K, Ctrl-U, Ctrl-Y and Ctrl-W', () => {
    const m = model(40, 'first line here\nsecond line\nthird');
    for (let i = 0; i < 6; i++) m.move('right');
    m.killToEnd();
    assert.equal(m.text(), 'first \nsecond line\nthird');
    m.killToEnd();
    assert.equal(m.text(), 'first second line\nthird');
    m.killToStart();
    assert.deepEqual(view(m), { lines: ['second line', 'third'], line: 0, col: 0 });
    m.move('end');
    m.deleteWordBefore();
    assert.equal(m.text(), 'second \nthird');
    m.deleteWordBefore();
    assert.equal(m.text(), '\nthird');
    m.deleteLine();
    assert.deepEqual(view(m), { lines: ['third'], line: 0, col: 0 });
    m.deleteLine();
    assert.equal(m.empty, true);
    assert.deepEqual(view(m), { lines: [''], line: 0, col: 0 });
  });

  void it('Ctrl-Y on a soft-wrapped line lets the rest flow up into its place', () => {
    const m = model(10, 'aaa bbb ccc ddd eee fff');
    assert.deepEqual(m.display().lines, ['aaa bbb', 'ccc ddd', 'eee fff']);
    m.move('down');
    m.deleteLine();
    assert.deepEqual(view(m), { lines: ['aaa bbb', 'eee fff'], line: 1, col: 0 });
  });
});

void describe('editor model: wide characters and combining marks', () => {
  void it('gives CJK and emoji two columns, in wrapping and in the cursor column', () => {
    const m = model(6);
    typeKeys(m, '日本語日本');
    assert.deepEqual(view(m), { lines: ['日本語', '日本'], line: 1, col: 4 });
    m.move('left');
    assert.equal(m.display().cursor.col, 2);
    const e = model(10);
    typeKeys(e, 'a😀b');
    assert.deepEqual(view(e), { lines: ['a😀b'], line: 0, col: 4 });
  });

  void it('steps over a character with its combining marks whole and deletes it whole', () => {
    const m = model(20);
    typeKeys(m, 'cafe\u0301!');
    assert.equal(m.display().cursor.col, 5);
    m.move('left');
    m.move('left');
    assert.equal(m.display().cursor.col, 3);
    m.move('right');
    assert.equal(m.display().cursor.col, 4);
    m.backspace();
    assert.equal(m.text(), 'caf!');
  });

  void it('drops a combining mark with no character before it', () => {
    const m = model(20);
    assert.equal(m.type('\u0301x'), true);
    assert.equal(m.text(), 'x');
  });

  void it('keeps the display column on up and down, over a short line and back', () => {
    const m = model(40, 'abcdefgh\nab\n日本語日本');
    for (let i = 0; i < 6; i++) m.move('right');
    m.move('down');
    assert.deepEqual(m.display().cursor, { line: 1, col: 2 });
    m.move('down');
    assert.deepEqual(m.display().cursor, { line: 2, col: 6 });
    m.move('up');
    m.move('up');
    assert.deepEqual(m.display().cursor, { line: 0, col: 6 });
    m.move('right');
    m.move('down');
    m.move('down');
    // Column 7 is the second half of 日: the cursor stops before it.
    assert.deepEqual(m.display().cursor, { line: 2, col: 6 });
  });

  void it('moves by pages, to the ends of a line and to the top and bottom', () => {
    const m = model(20, Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'));
    m.move('pageDown', 10);
    assert.deepEqual(m.display().cursor, { line: 10, col: 0 });
    m.move('end');
    assert.deepEqual(m.display().cursor, { line: 10, col: 7 });
    m.move('pageUp', 25);
    assert.deepEqual(m.display().cursor, { line: 0, col: 6 });
    m.move('bottom');
    assert.deepEqual(m.display().cursor, { line: 29, col: 7 });
    m.move('home');
    assert.deepEqual(m.display().cursor, { line: 29, col: 0 });
    m.move('top');
    assert.deepEqual(m.display().cursor, { line: 0, col: 0 });
  });
});

void describe('editor model: caps', () => {
  void it('never makes a line longer than the line length cap, however wide the terminal', () => {
    const m = model(80, undefined, { maxLines: 10, maxLineLength: 6 });
    typeKeys(m, 'abcdefghij klm');
    assert.deepEqual(m.display().lines, ['abcdef', 'ghij', 'klm']);
  });

  void it('refuses what would pass the line cap: type and enter return false, what fits is kept', () => {
    const m = model(10, undefined, { maxLines: 2, maxLineLength: 79 });
    typeKeys(m, 'aaaa bbbb cccc');
    assert.equal(m.type('x'), true);
    assert.deepEqual(m.display().lines, ['aaaa bbbb', 'ccccx']);
    assert.equal(m.enter(), false);
    assert.equal(m.type(' dddddd'), false);
    assert.deepEqual(m.display().lines, ['aaaa bbbb', 'ccccx dddd']);
    assert.equal(m.type('y'), false);
    m.move('home');
    assert.equal(m.type('yyyyyyyyyy'), false);
    assert.deepEqual(m.display().lines, ['aaaa bbbb', 'ccccx dddd']);
    assert.equal(m.lineCount, 2);
  });

  void it('cuts an initial text longer than the caps', () => {
    const m = model(10, 'one\ntwo\nthree\nfour', { maxLines: 3, maxLineLength: 79 });
    assert.equal(m.text(), 'one\ntwo\nthree');
  });

  void it('keeps every cap and a valid cursor through any run of edits', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const caps = { maxLines: 8, maxLineLength: 12 };
    const pieces = ['a', 'bb ', ' ', 'word ', '日本', 'e\u0301', '😀', '\n', 'longlonglonglongword', '\t', '\x07', '  '];
    const moves: EditorMove[] = ['left', 'right', 'up', 'down', 'home', 'end', 'pageUp', 'pageDown', 'top', 'bottom'];
    for (let run = 0; run < 30; run++) {
      const m = model(16, undefined, caps);
      for (let step = 0; step < 300; step++) {
        const op = rand(12);
        if (op < 5) m.type(pieces[rand(pieces.length)]!);
        else if (op === 5) m.enter();
        else if (op === 6) m.backspace();
        else if (op === 7) m.deleteForward();
        else if (op === 8) m.move(moves[rand(moves.length)]!);
        else if (op === 9) [() => m.killToEnd(), () => m.killToStart(), () => m.deleteLine(), () => m.deleteWordBefore(), () => m.reflow()][rand(5)]!();
        else if (op === 10) m.setWidth(16 - rand(2) * 6 + 6);
        else m.toggleOverwrite();
        const { lines, cursor } = m.display();
        const width = (m as unknown as { width: number }).width;
        assert.ok(lines.length >= 1);
        for (const line of lines) {
          assert.ok(textWidth(line) <= width, `line ${JSON.stringify(line)} wider than ${width}`);
          assert.ok([...line].length <= caps.maxLineLength, `line ${JSON.stringify(line)} too long`);
          assert.doesNotMatch(line, /[\x00-\x1f\x7f]/);
        }
        assert.ok(cursor.line >= 0 && cursor.line < lines.length);
        assert.ok(cursor.col >= 0 && cursor.col <= textWidth(lines[cursor.line]!));
      }
    }
  });
});

void describe('editor model: re-flow and resize', () => {
  void it('re-flows the paragraph at the cursor up to a blank line, the cursor on the same character', () => {
    const m = model(20, 'one two\nthree\nfour five six seven\n\nnext para');
    m.move('down');
    m.move('right');
    assert.equal(m.reflow(), true);
    assert.deepEqual(view(m), { lines: ['one two three four', 'five six seven', '', 'next para'], line: 0, col: 9 });
    assert.equal(m.lineCount, 4);
    m.setWidth(12);
    assert.deepEqual(m.display().lines, ['one two', 'three four', 'five six', 'seven', '', 'next para']);
  });

  void it('re-flows quoted lines as their own paragraph with their prefix', () => {
    const m = model(20, 'my reply text\n AL> quoted one\n AL> two\n AL> three four five\nafter');
    m.move('down');
    assert.equal(m.reflow(), true);
    assert.deepEqual(m.display().lines, ['my reply text', ' AL> quoted one two', ' AL> three four five', 'after']);
    m.move('top');
    m.reflow();
    assert.deepEqual(m.display().lines, ['my reply text', ' AL> quoted one two', ' AL> three four five', 'after']);
  });

  void it('re-wraps soft-wrapped lines on a resize and keeps the cursor on its character', () => {
    const m = model(20);
    typeKeys(m, 'the quick brown fox jumps over the lazy dog');
    for (let i = 0; i < 8; i++) m.move('left');
    const at = (): string => {
      const { lines, cursor } = m.display();
      return lines[cursor.line]!.slice(cursor.col, cursor.col + 4);
    };
    assert.equal(at(), 'lazy');
    m.setWidth(10);
    assert.deepEqual(m.display().lines, ['the quick', 'brown fox', 'jumps over', 'the lazy', 'dog']);
    assert.equal(at(), 'lazy');
    m.setWidth(40);
    assert.deepEqual(m.display().lines, ['the quick brown fox jumps over the lazy', 'dog']);
    assert.equal(at(), 'lazy');
  });
});

void describe('editor model: text, quotes and emptiness', () => {
  void it('gives the text as shown, without blank lines at the end', () => {
    const m = model(20);
    assert.equal(m.empty, true);
    m.type('hi\n\n  \n');
    assert.equal(m.empty, false);
    assert.equal(m.text(), 'hi');
  });

  void it('puts quoted lines in at the cursor as hard lines, the cursor after them', () => {
    const m = model(20, 'Hello\nbye');
    m.move('end');
    assert.equal(m.insertQuote([' AL> first', '', ' AL> second']), true);
    assert.deepEqual(view(m), { lines: ['Hello', ' AL> first', '', ' AL> second', '', 'bye'], line: 4, col: 0 });
    const capped = model(20, 'x', { maxLines: 3, maxLineLength: 79 });
    assert.equal(capped.insertQuote([' AL> a', ' AL> b', ' AL> c']), false);
    assert.equal(capped.lineCount, 3);
  });
});

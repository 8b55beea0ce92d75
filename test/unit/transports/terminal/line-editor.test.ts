import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HARD_MAX_LENGTH, LineEditor } from '../../../../src/transports/terminal/line-editor.js';
import type { PromptMode } from '../../../../src/session/events.js';

/** An editor whose echo and lines are recorded; reopens a prompt after each line when asked to. */
function editor(mode: PromptMode = 'line', maxLength = 80, reopen = false) {
  const echo: string[] = [];
  const lines: string[] = [];
  const ed: LineEditor = new LineEditor({
    echo: (t) => echo.push(t),
    line: (t) => {
      lines.push(t);
      if (reopen) ed.open(mode, maxLength);
    },
  });
  ed.open(mode, maxLength);
  const type = (s: string): void => {
    for (const ch of s) ed.feed(ch.codePointAt(0)!);
  };
  return { ed, echo, lines, type, shown: () => echo.join('') };
}

void describe('line editor: typing and Enter', () => {
  void it('echoes each key and ends the line with CR LF', () => {
    const e = editor();
    e.type('abc\r');
    assert.deepEqual(e.echo, ['a', 'b', 'c', '\r\n']);
    assert.deepEqual(e.lines, ['abc']);
    assert.equal(e.ed.isOpen, false);
  });

  for (const [name, enter] of [
    ['CR LF', '\r\n'],
    ['CR NUL', '\r\0'],
    ['lone CR', '\r'],
    ['lone LF', '\n'],
  ] as const) {
    void it(`gives exactly one line per ${name}`, () => {
      const e = editor('line', 80, true);
      e.type(`one${enter}two${enter}${enter}three${enter}`);
      assert.deepEqual(e.lines, ['one', 'two', '', 'three']);
      assert.equal(e.shown(), 'one\r\ntwo\r\n\r\nthree\r\n');
    });
  }

  void it('swallows the LF of a CR LF that reaches the next prompt', () => {
    const e = editor();
    e.type('x\r');
    e.ed.open('line', 80);
    e.type('\ny\r');
    assert.deepEqual(e.lines, ['x', 'y']);
  });

  void it('reads LF CR as two Enters (no client sends it, but it must not merge)', () => {
    const e = editor('line', 80, true);
    e.type('\n\r');
    assert.deepEqual(e.lines, ['', '']);
  });

  void it('ignores keys while closed', () => {
    const e = editor();
    e.ed.close();
    e.type('abc\r');
    assert.deepEqual(e.lines, []);
    assert.deepEqual(e.echo, []);
  });
});

void describe('line editor: erasing', () => {
  void it('erases with BS and DEL as \\b \\b', () => {
    const e = editor();
    e.type('ab\x08c\x7f\x7fd\r');
    assert.equal(e.shown(), 'ab\b \bc\b \b\b \bd\r\n');
    assert.deepEqual(e.lines, ['d']);
  });

  void it('does nothing on backspace at the start of the line', () => {
    const e = editor();
    e.type('\x7f\x08a\r');
    assert.equal(e.shown(), 'a\r\n');
  });

  void it('erases whole characters, two columns for wide ones', () => {
    const e = editor();
    e.type('é漢😀\x7f\x7f\x7f\r');
    assert.equal(e.shown(), 'é漢😀\b\b  \b\b\b\b  \b\b\b \b\r\n');
    assert.deepEqual(e.lines, ['']);
  });

  void it('clears the line on Ctrl-U', () => {
    const e = editor();
    e.type('abc\x15de\r');
    assert.equal(e.shown(), 'abc\b\b\b   \b\b\bde\r\n');
    assert.deepEqual(e.lines, ['de']);
  });

  void it('Ctrl-U on an empty line echoes nothing', () => {
    const e = editor();
    e.type('\x15');
    assert.deepEqual(e.echo, []);
  });
});

void describe('line editor: length cap', () => {
  void it('ignores keys past maxLength with one bell per run', () => {
    const e = editor('line', 3);
    e.type('abcdef\x7fxy\r');
    assert.equal(e.shown(), 'abc\x07\b \bx\x07\r\n');
    assert.deepEqual(e.lines, ['abx']);
  });

  void it('counts the cap in UTF-16 units, so a line never exceeds it', () => {
    const e = editor('line', 3);
    e.type('ab😀c\r');
    assert.deepEqual(e.lines, ['abc']);
  });

  void it('bounds a prompt without a sane cap', () => {
    const e = editor('line', Number.NaN);
    e.type('x'.repeat(HARD_MAX_LENGTH + 10) + '\r');
    assert.equal(e.lines[0]!.length, HARD_MAX_LENGTH);
  });
});

void describe('line editor: secret', () => {
  void it('echoes a mask and returns the real text', () => {
    const e = editor('secret');
    e.type('pw\x7fé\r');
    assert.equal(e.shown(), '**\b \b*\r\n');
    assert.deepEqual(e.lines, ['pé']);
  });

  void it('never echoes the typed text', () => {
    const e = editor('secret');
    e.type('hunter2\x15x\r');
    assert.ok(!e.shown().includes('h'));
    assert.deepEqual(e.lines, ['x']);
    assert.equal(e.ed.display, '');
  });
});

void describe('line editor: key prompts', () => {
  void it('answers on one printable key, echoing it and CR LF', () => {
    const e = editor('key');
    e.type('y');
    assert.deepEqual(e.lines, ['y']);
    assert.equal(e.shown(), 'y\r\n');
    assert.equal(e.ed.isOpen, false);
  });

  void it('Enter alone gives an empty answer', () => {
    const e = editor('key');
    e.type('\r');
    assert.deepEqual(e.lines, ['']);
    assert.equal(e.shown(), '\r\n');
  });

  void it('arrow keys, backspace and controls do not answer', () => {
    const e = editor('key');
    e.type('\x1b[A\x1bOB\x7f\x08\x03\tq');
    assert.deepEqual(e.lines, ['q']);
    assert.equal(e.shown(), 'q\r\n');
  });

  void it('takes one whole non-ASCII key', () => {
    const e = editor('key');
    e.type('😀');
    assert.deepEqual(e.lines, ['😀']);
  });
});

void describe('line editor: escape sequences', () => {
  const cases: [string, string][] = [
    ['CSI arrow', '\x1b[A'],
    ['CSI with parameters', '\x1b[1;5C'],
    ['CSI function key', '\x1b[15~'],
    ['bracketed paste marker', '\x1b[200~'],
    ['SS3 function key', '\x1bOP'],
    ['SS3 up arrow', '\x1bOA'],
    ['SS3 with modifier', '\x1bO2Q'],
  ];
  for (const [name, seq] of cases) {
    void it(`swallows ${name}`, () => {
      const e = editor();
      e.type(`a${seq}b\r`);
      assert.deepEqual(e.lines, ['ab']);
      assert.equal(e.shown(), 'ab\r\n');
    });
  }

  void it('lets a control right after ESC act (ESC then Enter)', () => {
    const e = editor();
    e.type('a\x1b\r');
    assert.deepEqual(e.lines, ['a']);
  });

  void it('ESC ESC [ A is still one arrow key', () => {
    const e = editor();
    e.type('a\x1b\x1b[Ab\r');
    assert.deepEqual(e.lines, ['ab']);
  });

  void it('gives up on a runaway CSI and types what follows', () => {
    const e = editor('line', 200);
    e.type('\x1b[' + '1'.repeat(40) + '\r');
    assert.deepEqual(e.lines, ['1'.repeat(8)]);
  });

  void it('ends a CSI at a control byte, which then acts', () => {
    const e = editor();
    e.type('a\x1b[1\rb');
    assert.deepEqual(e.lines, ['a']);
  });
});

void describe('line editor: other controls', () => {
  void it('ignores C0 and C1 controls and line separators', () => {
    const e = editor();
    e.type('a\x00\x03\x04\t\x0c\x1a\x1c b\u0085\u009b\u2028c\r');
    assert.deepEqual(e.lines, ['a bc']);
    assert.equal(e.shown(), 'a bc\r\n');
  });
});

void describe('line editor: moving the cursor', () => {
  const LEFT = '\x1b[D';
  const RIGHT = '\x1b[C';

  void it('inserts where the cursor is: "helo wrld", Left x3, o gives "helo world"', () => {
    const e = editor();
    e.type(`helo wrld${LEFT.repeat(3)}o\r`);
    assert.deepEqual(e.lines, ['helo world']);
    // Each Left is one backspace; the o is drawn, then "rld" again, then back over "rld".
    assert.equal(e.shown(), 'helo wrld\b\b\b' + 'orld\b\b\b' + 'rld\r\n');
  });

  for (const [name, left, right] of [
    ['CSI', '\x1b[D', '\x1b[C'],
    ['SS3', '\x1bOD', '\x1bOC'],
    ['CSI with a modifier', '\x1b[1;5D', '\x1b[1;5C'],
    ['Ctrl-B and Ctrl-F', '\x02', '\x06'],
  ] as const) {
    void it(`moves left and right with ${name} keys`, () => {
      const e = editor();
      e.type(`ac${left}b${left}${left}${right}${right}${right}d\r`);
      assert.deepEqual(e.lines, ['abcd']);
    });
  }

  for (const [name, home, end] of [
    ['CSI H/F', '\x1b[H', '\x1b[F'],
    ['SS3 H/F', '\x1bOH', '\x1bOF'],
    ['ESC [ 1 ~ and ESC [ 4 ~', '\x1b[1~', '\x1b[4~'],
    ['ESC [ 7 ~ and ESC [ 8 ~', '\x1b[7~', '\x1b[8~'],
    ['Ctrl-A and Ctrl-E', '\x01', '\x05'],
  ] as const) {
    void it(`goes home and to the end with ${name}`, () => {
      const e = editor();
      e.type(`bc${home}a${end}d\r`);
      assert.deepEqual(e.lines, ['abcd']);
      assert.equal(e.shown(), 'bc\b\babc\b\bbcd\r\n');
    });
  }

  void it('stops at both ends without drawing anything', () => {
    const e = editor();
    e.type(`${LEFT}ab${RIGHT}${RIGHT}`);
    assert.equal(e.shown(), 'ab');
    e.type(`${LEFT}${LEFT}${LEFT}x\r`);
    assert.deepEqual(e.lines, ['xab']);
  });

  void it('moves two columns over a wide character and one over a narrow one', () => {
    const e = editor();
    e.type(`a漢😀${LEFT}${LEFT}${LEFT}`);
    assert.equal(e.shown(), 'a漢😀\b\b\b\b\b');
    e.type(`${RIGHT}${RIGHT}`);
    assert.equal(e.shown(), 'a漢😀\b\b\b\b\ba漢');
    e.type('\r');
    assert.deepEqual(e.lines, ['a漢😀']);
  });

  void it('Backspace in the middle closes the gap and blanks the last column', () => {
    const e = editor();
    e.type(`abcd${LEFT}${LEFT}\x7f\r`);
    assert.deepEqual(e.lines, ['acd']);
    assert.equal(e.shown(), 'abcd\b\b' + '\bcd \b\b\b' + 'cd\r\n');
  });

  void it('Backspace over a wide character in the middle blanks two columns', () => {
    const e = editor();
    e.type(`a漢b${LEFT}\x7f\r`);
    assert.deepEqual(e.lines, ['ab']);
    assert.equal(e.shown(), 'a漢b\b' + '\b\bb  \b\b\b' + 'b\r\n');
  });

  void it('Delete (ESC [ 3 ~) takes the character under the cursor', () => {
    const e = editor();
    e.type(`abc\x1b[H\x1b[3~`);
    assert.equal(e.shown(), 'abc\b\b\b' + 'bc \b\b\b');
    e.type(`\x1b[F\x1b[3~\r`);
    assert.deepEqual(e.lines, ['bc']);
  });

  void it('Ctrl-K cuts from the cursor to the end', () => {
    const e = editor();
    e.type(`hello world${LEFT.repeat(6)}\x0b`);
    assert.equal(e.shown(), 'hello world' + '\b'.repeat(6) + ' '.repeat(6) + '\b'.repeat(6));
    e.type('!\r');
    assert.deepEqual(e.lines, ['hello!']);
  });

  void it('Ctrl-W deletes the word before the cursor and the spaces after it', () => {
    const e = editor();
    e.type('one two  \x17');
    assert.equal(e.shown(), 'one two  ' + '\b'.repeat(5) + ' '.repeat(5) + '\b'.repeat(5));
    e.type(`x${LEFT}\x17\r`);
    assert.deepEqual(e.lines, ['x']);
  });

  void it('Ctrl-W in the middle keeps what follows the cursor', () => {
    const e = editor();
    e.type(`one two three${LEFT.repeat(5)}\x17\r`);
    assert.deepEqual(e.lines, ['one three']);
  });

  void it('Ctrl-U clears the whole line wherever the cursor is', () => {
    const e = editor();
    e.type(`abcd${LEFT}${LEFT}\x15`);
    assert.equal(e.shown(), 'abcd\b\b' + '\b\b' + '    ' + '\b\b\b\b');
    e.type('z\r');
    assert.deepEqual(e.lines, ['z']);
  });

  void it('Enter in the middle answers the whole line and draws it out to its end first', () => {
    const e = editor();
    e.type(`abc${LEFT}${LEFT}\r`);
    assert.deepEqual(e.lines, ['abc']);
    assert.ok(e.shown().endsWith('bc\r\n'));
  });

  void it('keeps the cap when inserting in the middle', () => {
    const e = editor('line', 3);
    e.type(`abc${LEFT}x\r`);
    assert.deepEqual(e.lines, ['abc']);
    assert.ok(e.shown().includes('\x07'));
  });

  void it('tells how far the cursor is from the end, in columns', () => {
    const e = editor();
    e.type(`a漢b${LEFT}${LEFT}`);
    assert.equal(e.ed.tailWidth, 3);
  });

  void it('moves over masks in a secret prompt and never shows the text', () => {
    const e = editor('secret');
    e.type(`pw漢${LEFT}${LEFT}x\x1b[3~\r`);
    assert.deepEqual(e.lines, ['px漢']);
    assert.equal(e.shown(), '***\b\b' + '***\b\b' + '* \b\b' + '*\r\n');
  });

  void it('arrows and editing keys do nothing at a key prompt', () => {
    const e = editor('key');
    e.type(`${LEFT}\x1b[H\x01\x05\x0b\x17\x1b[3~y`);
    assert.deepEqual(e.lines, ['y']);
    assert.equal(e.shown(), 'y\r\n');
  });
});

void describe('line editor: a lone ESC', () => {
  void it('drops the ESC and lets the next key type', () => {
    const e = editor();
    e.type('a\x1bxb\r');
    assert.deepEqual(e.lines, ['axb']);
  });

  void it('answers a key prompt with the key after it', () => {
    const e = editor('key');
    e.type('\x1by');
    assert.deepEqual(e.lines, ['y']);
  });

  void it('ESC then Enter still answers', () => {
    const e = editor();
    e.type('a\x1b\r');
    assert.deepEqual(e.lines, ['a']);
  });
});

void describe('line editor: an Enter right after a hot key', () => {
  for (const [name, enter] of [
    ['CR LF', '\r\n'],
    ['CR NUL', '\r\0'],
    ['lone CR', '\r'],
    ['lone LF', '\n'],
  ] as const) {
    void it(`drops one ${name} when told to, and only one`, () => {
      const e = editor('line', 80, true);
      e.ed.dropNextEnter();
      e.type(`${enter}${enter}`);
      assert.deepEqual(e.lines, ['']);
    });
  }

  void it('keeps the Enter when another key comes first', () => {
    const e = editor('line', 80, true);
    e.ed.dropNextEnter();
    e.type('x\r');
    assert.deepEqual(e.lines, ['x']);
  });

  void it('keeps the Enter once told to again', () => {
    const e = editor('line', 80, true);
    e.ed.dropNextEnter();
    e.ed.dropNextEnter(false);
    e.type('\r');
    assert.deepEqual(e.lines, ['']);
  });
});

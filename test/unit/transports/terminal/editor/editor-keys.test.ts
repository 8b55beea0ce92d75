import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EditorKeyDecoder, MAX_PASTE } from '../../../../../src/transports/terminal/editor/editor-keys.js';
import type { EditorKey } from '../../../../../src/transports/terminal/editor/editor-contract.js';

const key = (name: Extract<EditorKey, { k: 'key' }>['name']): EditorKey => ({ k: 'key', name });
const text = (t: string): EditorKey => ({ k: 'text', text: t });
const ctrl = (letter: string): EditorKey => ({ k: 'ctrl', letter });

/** Adjacent text keys as one: how a printable run is cut depends only on how the input was. */
function merged(keys: EditorKey[]): EditorKey[] {
  const out: EditorKey[] = [];
  for (const k of keys) {
    const last = out[out.length - 1];
    if (k.k === 'text' && last?.k === 'text') out[out.length - 1] = text(last.text + k.text);
    else out.push(k);
  }
  return out;
}

function decode(input: string): EditorKey[] {
  const d = new EditorKeyDecoder();
  return [...d.push(input), ...d.flush()];
}

/** Every terminal's bytes for each key, from the terminals' own key tables. */
const SEQUENCES: ReadonlyArray<readonly [string, string, EditorKey]> = [
  ['xterm up', '\x1b[A', key('up')],
  ['xterm down', '\x1b[B', key('down')],
  ['xterm right', '\x1b[C', key('right')],
  ['xterm left', '\x1b[D', key('left')],
  ['VT100 application up (SS3)', '\x1bOA', key('up')],
  ['VT100 application left (SS3)', '\x1bOD', key('left')],
  ['xterm home', '\x1b[H', key('home')],
  ['xterm end', '\x1b[F', key('end')],
  ['xterm application home', '\x1bOH', key('home')],
  ['VT220/PuTTY home', '\x1b[1~', key('home')],
  ['VT220/PuTTY end', '\x1b[4~', key('end')],
  ['rxvt home', '\x1b[7~', key('home')],
  ['rxvt end', '\x1b[8~', key('end')],
  ['insert', '\x1b[2~', key('insert')],
  ['delete', '\x1b[3~', key('delete')],
  ['page up', '\x1b[5~', key('pageUp')],
  ['page down', '\x1b[6~', key('pageDown')],
  ['xterm F1', '\x1bOP', key('f1')],
  ['PuTTY/rxvt F1', '\x1b[11~', key('f1')],
  ['Linux console F1', '\x1b[[A', key('f1')],
  ['xterm Ctrl-Right', '\x1b[1;5C', key('right')],
  ['xterm Shift-Up', '\x1b[1;2A', key('up')],
  ['xterm Ctrl-Delete', '\x1b[3;5~', key('delete')],
  ['rxvt Shift-Left', '\x1b[d', key('left')],
  ['rxvt Ctrl-Up', '\x1bOa', key('up')],
  ['SyncTERM end', '\x1b[K', key('end')],
  ['SyncTERM insert', '\x1b[@', key('insert')],
  ['CR', '\r', key('enter')],
  ['LF', '\n', key('enter')],
  ['CR LF', '\r\n', key('enter')],
  ['CR NUL', '\r\0', key('enter')],
  ['DEL', '\x7f', key('backspace')],
  ['BS', '\b', key('backspace')],
  ['Tab', '\t', key('tab')],
  ['Ctrl-A', '\x01', ctrl('a')],
  ['Ctrl-K', '\x0b', ctrl('k')],
  ['Ctrl-W', '\x17', ctrl('w')],
  ['Ctrl-Z', '\x1a', ctrl('z')],
];

void describe('editor key decoder: what terminals send', () => {
  for (const [name, input, want] of SEQUENCES) {
    void it(`${name} is ${JSON.stringify(want)}`, () => {
      assert.deepEqual(decode(input), [want]);
      assert.deepEqual(decode(`a${input}b`), [text('a'), want, text('b')]);
    });
  }

  void it('gives a printable run as one text key, wide characters and marks included', () => {
    const d = new EditorKeyDecoder();
    assert.deepEqual(d.push('héllo 日本 😀 e\u0301'), [text('héllo 日本 😀 e\u0301')]);
  });

  void it('swallows sequences it does not know whole, never typing them', () => {
    for (const unknown of ['\x1b[99~', '\x1b[?1;2c', '\x1b[12;5Z', '\x1bOx', '\x1b[201~', '\x1b[[B', '\x1bx', `\x1b[${'1;'.repeat(100)}q`]) {
      assert.deepEqual(merged(decode(`a${unknown}b`)), [text('ab')], JSON.stringify(unknown));
    }
  });

  void it('drops control characters that are no key', () => {
    assert.deepEqual(merged(decode('a\0\x1c\x1f\x85\x9bb')), [text('ab')]);
  });
});

void describe('editor key decoder: Escape', () => {
  void it('holds a lone ESC until flush, which gives escape', () => {
    const d = new EditorKeyDecoder();
    assert.deepEqual(d.push('x\x1b'), [text('x')]);
    assert.equal(d.pending, true);
    assert.deepEqual(d.flush(), [key('escape')]);
    assert.equal(d.pending, false);
    assert.deepEqual(d.flush(), []);
  });

  void it('reads ESC then a control key as Escape and that key', () => {
    assert.deepEqual(decode('\x1b\r'), [key('escape'), key('enter')]);
    assert.deepEqual(decode('\x1b\x1b[A'), [key('escape'), key('up')]);
  });

  void it('drops a half sequence on flush, and is not pending after a whole one', () => {
    const d = new EditorKeyDecoder();
    assert.deepEqual(d.push('\x1b[1;'), []);
    assert.equal(d.pending, true);
    assert.deepEqual(d.flush(), []);
    assert.deepEqual(d.push('\x1b[A'), [key('up')]);
    assert.equal(d.pending, false);
  });
});

void describe('editor key decoder: bracketed paste', () => {
  void it('gives a bracketed paste as one key, line breaks and all, controls and colour sequences out', () => {
    assert.deepEqual(decode('a\x1b[200~one\r\ntwo\tend\x1b[31m!\x07\x1b[201~b'), [
      text('a'),
      { k: 'paste', text: 'one\r\ntwo\tend[31m!' },
      text('b'),
    ]);
  });

  void it('keeps a false start of the end marker as pasted text', () => {
    assert.deepEqual(decode('\x1b[200~x\x1b[20y\x1b[201~'), [{ k: 'paste', text: 'x[20y' }]);
  });

  void it(`keeps at most ${MAX_PASTE} characters of a paste and drops the rest`, () => {
    const d = new EditorKeyDecoder();
    const keys = [...d.push('\x1b[200~'), ...d.push('x'.repeat(MAX_PASTE + 5000)), ...d.push('\x1b[201~z')];
    assert.deepEqual(keys, [{ k: 'paste', text: 'x'.repeat(MAX_PASTE) }, text('z')]);
  });

  void it('gives what came of a paste cut short when the line goes quiet', () => {
    const d = new EditorKeyDecoder();
    assert.deepEqual(d.push('\x1b[200~half'), []);
    assert.equal(d.pending, true);
    assert.deepEqual(d.flush(), [{ k: 'paste', text: 'half' }]);
  });
});

void describe('editor key decoder: any split, any input', () => {
  const stream = `ab\x1b[A\x1bOP\x1b[1;5C\r\nx\r\0y\x1b[[A\x1b[11~\x1b[200~p\r\nq\x1b[201~\x17\x7f日😀e\u0301\x1b[3~\x1b[99~z\t\x1b\r`;
  const whole = merged(decode(stream));

  void it('gives the same keys for input cut at any two places', () => {
    const chars = [...stream];
    for (let i = 0; i <= chars.length; i++) {
      for (let j = i; j <= chars.length; j++) {
        const d = new EditorKeyDecoder();
        const keys = [...d.push(chars.slice(0, i).join('')), ...d.push(chars.slice(i, j).join('')), ...d.push(chars.slice(j).join('')), ...d.flush()];
        assert.deepEqual(merged(keys), whole, `cut at ${i} and ${j}`);
      }
    }
  });

  void it('gives the same keys one character at a time', () => {
    const d = new EditorKeyDecoder();
    const keys: EditorKey[] = [];
    for (const ch of stream) keys.push(...d.push(ch));
    keys.push(...d.flush());
    assert.deepEqual(merged(keys), whole);
  });

  void it('never throws and never types a control character on random input', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['\x1b', '[', 'O', '~', '1', ';', '2', '0', 'A', 'P', '\r', '\n', '\0', '\x7f', 'a', '日', '\u0301', '\x9b', '\x05', '?'];
    for (let run = 0; run < 2000; run++) {
      const d = new EditorKeyDecoder();
      let input = '';
      const len = rand(40);
      for (let i = 0; i < len; i++) input += alphabet[rand(alphabet.length)]!;
      const keys = [...d.push(input), ...d.flush()];
      assert.equal(d.pending, false);
      for (const k of keys) {
        if (k.k === 'text') assert.doesNotMatch(k.text, /[\x00-\x1f\x7f-\x9f]/, JSON.stringify(input));
        if (k.k === 'paste') assert.doesNotMatch(k.text, /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/, JSON.stringify(input));
      }
    }
  });
});

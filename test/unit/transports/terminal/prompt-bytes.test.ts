import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodePrompt, PromptBytes } from '../../../../src/transports/terminal/prompt-bytes.js';
import { encodeText } from '../../../../src/transports/terminal/output-text.js';
import { seededRandom } from '../../../helpers/seeded-random.js';

/** The rule read plainly: every LF a CR LF (an existing CR LF kept), a last line closed, then the pchar. */
function plainPrompt(text: string, pchar: string): string {
  if (text === '') return pchar;
  const body = text.replace(/\r?\n/g, '\r\n');
  return body.endsWith('\n') ? body + pchar : `${body}\r\n${pchar}`;
}

const PIECES = ['\n', '\r\n', '\r', 'a', 'MAIN MENU ', '\x1b[1;33m', '═', '║', 'é', '😀', '\u2028', ' '];

function randomText(rand: (n: number) => number): string {
  let text = '';
  const pieces = rand(40);
  for (let i = 0; i < pieces; i++) text += PIECES[rand(PIECES.length)]!;
  return text;
}

/** Whether the bytes sit in memory of their own, not a slice of Node's shared pool. */
const ownsMemory = (b: Buffer): boolean => b.byteOffset === 0 && b.buffer.byteLength === b.length;

describe('encodePrompt', () => {
  it('writes the same bytes as the plain rule, for random texts in both encodings, pooled or own', () => {
    const rand = seededRandom(7);
    let multiline = 0;
    for (let n = 0; n < 3000; n++) {
      const text = randomText(rand);
      if (text.includes('\n')) multiline++;
      const pchar = ['> ', '', '\r\n║ > '][rand(3)]!;
      for (const encoding of ['utf8', 'cp437'] as const) {
        const want = encodeText(plainPrompt(text, pchar), encoding);
        assert.deepEqual(encodePrompt(text, pchar, encoding), want, JSON.stringify({ text, pchar, encoding }));
        const own = encodePrompt(text, pchar, encoding, true);
        assert.deepEqual(own, want);
        assert.ok(own.length === 0 || ownsMemory(own), 'kept bytes do not hold a pool block');
      }
    }
    assert.ok(multiline > 2000, 'most texts have several lines');
  });

  it('closes a last line and adds nothing to one already closed', () => {
    assert.equal(encodePrompt('Name', '> ', 'utf8').toString(), 'Name\r\n> ');
    assert.equal(encodePrompt('Name\n', '> ', 'utf8').toString(), 'Name\r\n> ');
    assert.equal(encodePrompt('a\r\nb\n', '', 'utf8').toString(), 'a\r\nb\r\n');
    assert.equal(encodePrompt('', '> ', 'utf8').toString(), '> ');
  });
});

describe('PromptBytes', () => {
  it('keeps the bytes of a prompt from its first asking and gives the same ones while it is asked again', () => {
    const kept = new PromptBytes();
    const menu = 'MAIN MENU\n║ 1 ║\n';
    const first = kept.get(menu, '> ', 'utf8');
    assert.equal(first.toString(), 'MAIN MENU\r\n║ 1 ║\r\n> ');
    assert.ok(ownsMemory(first));
    assert.equal(kept.get(menu, '> ', 'utf8'), first, 'the same buffer, not a fresh encoding');
    assert.equal(kept.get(`${menu.slice(0, 4)}${menu.slice(4)}`, '> ', 'utf8'), first, 'an equal copy of the text finds it too');
  });

  it('encodes again when the text, the pchar or the encoding changes, or after clear', () => {
    const kept = new PromptBytes();
    const first = kept.get('Menu ═', '> ', 'utf8');
    const changed = kept.get('Menu ═ 2', '> ', 'utf8');
    assert.notEqual(changed, first);
    assert.equal(changed.toString(), 'Menu ═ 2\r\n> ');
    assert.equal(kept.get('Menu ═ 2', ': ', 'utf8').toString(), 'Menu ═ 2\r\n: ');
    const cp437 = kept.get('Menu ═ 2', ': ', 'cp437');
    assert.deepEqual(cp437, encodeText('Menu ═ 2\r\n: ', 'cp437'));
    assert.ok(ownsMemory(cp437), 'a CP437 encoding is copied out of the pool to be kept');
    kept.clear();
    assert.notEqual(kept.get('Menu ═ 2', ': ', 'cp437'), cp437);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EscapeWatch } from '../../../src/doors/escape-watch.js';
import { LastWords } from '../../../src/doors/last-words.js';

const GS = '\x1d';

/** Every part through one watch: what passed, joined, and whether (and at which part) the caller escaped. */
function watch(parts: string[]): { pass: string; escapedAt: number | null } {
  const w = new EscapeWatch();
  let pass = '';
  for (let i = 0; i < parts.length; i++) {
    const r = w.push(Buffer.from(parts[i]!, 'latin1'));
    pass += r.pass.toString('latin1');
    if (r.escaped) return { pass, escapedAt: i };
  }
  return { pass, escapedAt: null };
}

void describe('escape watch: Ctrl-] then q', () => {
  void it('passes a read with no Ctrl-] untouched', () => {
    const bytes = Buffer.from([0, 1, 0x1c, 0x1e, 0xff, 0x71]);
    const r = new EscapeWatch().push(bytes);
    assert.equal(r.escaped, false);
    assert.deepEqual(r.pass, bytes);
  });

  void it('escapes on Ctrl-] q or Ctrl-] Q, passing what came before and nothing after', () => {
    assert.deepEqual(watch([`ab${GS}qcd`]), { pass: 'ab', escapedAt: 0 });
    assert.deepEqual(watch([`ab${GS}Q`]), { pass: 'ab', escapedAt: 0 });
  });

  void it('sends one Ctrl-] for two, and Ctrl-] with any other key as both', () => {
    assert.deepEqual(watch([`a${GS}${GS}b`]), { pass: `a${GS}b`, escapedAt: null });
    assert.deepEqual(watch([`a${GS}xb`]), { pass: `a${GS}xb`, escapedAt: null });
    assert.deepEqual(watch([`${GS}${GS}q`]), { pass: `${GS}q`, escapedAt: null }, 'a doubled Ctrl-] then q is no escape');
  });

  void it('holds a Ctrl-] that ends a read until the next one says what it was', () => {
    const w = new EscapeWatch();
    assert.equal(w.push(Buffer.from(`a${GS}`, 'latin1')).pass.toString('latin1'), 'a');
    const r = w.push(Buffer.from('q', 'latin1'));
    assert.deepEqual([r.pass.length, r.escaped], [0, true]);
  });

  void it('reads the same at every split of a stream', () => {
    const stream = `hello${GS}${GS}world${GS}Z${GS}`;
    const tail = 'q after';
    const full = stream + tail;
    for (let i = 0; i <= full.length; i++) {
      for (let j = i; j <= full.length; j++) {
        const got = watch([full.slice(0, i), full.slice(i, j), full.slice(j)]);
        assert.equal(got.pass, `hello${GS}world${GS}Z`, `split at ${i}, ${j}`);
        assert.notEqual(got.escapedAt, null, `split at ${i}, ${j}`);
      }
    }
  });
});

void describe('last words: what a far board said as it hung up', () => {
  void it('quotes the busy line of a busy screen, colours and 8-bit bytes taken out', () => {
    const w = new LastWords();
    w.hear(Buffer.from('\x1b[1;31mBUSY \u00b7 \x1b[0mOther BBS: both lines are in use right now.\r\n', 'utf8'));
    w.hear(Buffer.from('Try again later.\r\nNO CARRIER\r\n', 'utf8'));
    assert.equal(w.said(), 'BUSY Other BBS: both lines are in use right now.');
  });

  void it('quotes the last line with words when none says busy, and keeps only a bounded tail', () => {
    const w = new LastWords();
    w.hear(Buffer.alloc(100_000, 'x'));
    w.hear(Buffer.from('\r\nGo away.\r\n\x1b[0m\r\n'));
    assert.equal(w.said(), 'Go away.');
    assert.equal(new LastWords().said(), '');
  });
});

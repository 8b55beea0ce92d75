import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TERMINAL, type InputEvent, type OutputEvent, type PromptMode, type Terminal } from '../../../../src/session/events.js';
import { STRAY_ENTER_MS, TerminalSession, TYPEAHEAD_BYTES } from '../../../../src/transports/terminal/terminal-session.js';
import { fuzzTerminal, makeRng, mutate, randomSplit, randomStream } from '../../../../scripts/fuzz-terminal.js';
import { screenRows } from '../../../helpers/screen-model.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const prompt = (text: string, pchar = '> ', mode: PromptMode = 'line', maxLength = 80): OutputEvent => ({
  type: 'prompt',
  text,
  pchar,
  mode,
  maxLength,
});

/** A session whose writes and input events are recorded; `onLine` may answer synchronously. */
function harness(terminal: Partial<Terminal> = {}, onLine?: (text: string, s: TerminalSession) => void, now?: () => number) {
  const writes: Buffer[] = [];
  const events: InputEvent[] = [];
  const session: TerminalSession = new TerminalSession({
    terminal: { ...DEFAULT_TERMINAL, ...terminal },
    ...(now ? { now } : {}),
    wire: {
      write: (bytes) => writes.push(bytes),
      input: (event) => {
        events.push(event);
        if (event.type === 'line') onLine?.(event.text, session);
      },
    },
  });
  const output = (): Buffer => Buffer.concat(writes);
  /** Output since the last call, as a latin1 string for byte-exact comparison. */
  let seen = 0;
  const fresh = (): Buffer => {
    const all = output();
    const out = all.subarray(seen);
    seen = all.length;
    return out;
  };
  const lines = (): string[] => events.flatMap((e) => (e.type === 'line' ? [e.text] : []));
  return { session, writes, events, output, fresh, lines };
}

void describe('terminal session: output', () => {
  void it('turns every \\n into CR LF, keeps an existing CR LF single, and ends a screen with a line end', () => {
    const h = harness();
    h.session.deliver({ type: 'screen', text: 'a\nb\r\nc\r' });
    h.session.deliver({ type: 'screen', text: 'd\n' });
    assert.deepEqual(h.output(), b('a\r\nb\r\nc\r\r\nd\r\n'));
  });

  void it('draws a status line over the status just before it, and below anything else', () => {
    const h = harness();
    h.session.deliver({ type: 'screen', text: 'Checking, 3 ahead', status: true });
    assert.deepEqual(h.fresh(), b('Checking, 3 ahead\r\n'), 'the first is a plain line');
    h.session.deliver({ type: 'screen', text: 'Checking, 2 ahead', status: true });
    assert.deepEqual(h.fresh(), b('\x1b[A\r\x1b[KChecking, 2 ahead\r\n'), 'the next goes up a row and replaces it');
    h.session.deliver({ type: 'screen', text: 'A page from Zed' });
    h.session.deliver({ type: 'screen', text: 'Checking, 1 ahead', status: true });
    assert.deepEqual(h.fresh(), b('A page from Zed\r\nChecking, 1 ahead\r\n'), 'after another screen a status never overwrites it');
  });

  void it('clears the screen for a new view only when nothing was shown since the last answer, and never over an open prompt', () => {
    const h = harness();
    h.session.deliver(prompt('Menu', '> ', 'key', 8));
    h.session.deliver({ type: 'clear' });
    assert.deepEqual(h.fresh(), b('Menu\r\n> '), 'not while the prompt is open');
    h.session.receive(b('w'));
    h.fresh();
    h.session.deliver({ type: 'clear' });
    h.session.deliver({ type: 'screen', text: 'Who' });
    assert.deepEqual(h.fresh(), b('\x1b[2J\x1b[HWho\r\n'), 'after the answer: a clean screen first');
    h.session.deliver({ type: 'clear' });
    h.session.deliver(prompt('Menu', '> ', 'key', 8));
    assert.deepEqual(h.fresh(), b('Menu\r\n> '), 'the list shown since the answer stays; the menu goes below it');
  });

  void it('puts a prompt text on its own line above the pchar', () => {
    const h = harness();
    h.session.deliver(prompt('Name'));
    assert.deepEqual(h.output(), b('Name\r\n> '));
  });

  void it('does not add a line end after text that already ends with one', () => {
    const h = harness();
    h.session.deliver(prompt('Name\n', ': '));
    assert.deepEqual(h.output(), b('Name\r\n: '));
  });

  void it('writes only the pchar for an empty prompt text', () => {
    const h = harness();
    h.session.deliver(prompt('', '> '));
    assert.deepEqual(h.output(), b('> '));
  });

  void it('encodes CP437 for a CP437 terminal', () => {
    const h = harness({ encoding: 'cp437' });
    h.session.deliver({ type: 'screen', text: 'é─█\n☺' });
    assert.deepEqual(h.output(), Buffer.from([0x82, 0xc4, 0xdb, 0x0d, 0x0a, 0x01, 0x0d, 0x0a]));
  });

  void it('switches encoding on a terminal event', () => {
    const h = harness();
    h.session.deliver({ type: 'screen', text: 'é' });
    h.session.deliver({ type: 'terminal', terminal: { ...DEFAULT_TERMINAL, encoding: 'cp437', ansiBbs: true } });
    h.session.deliver({ type: 'screen', text: 'é' });
    assert.deepEqual(h.output(), Buffer.from([0xc3, 0xa9, 0x0d, 0x0a, 0x82, 0x0d, 0x0a]));
    assert.equal(h.session.terminal.encoding, 'cp437');
    assert.equal(h.session.terminal.ansiBbs, true);
  });

  void it('draws a menu asked again byte for byte as the first time, in the encoding and pchar of the moment', () => {
    const h = harness({}, (_text, s) => s.deliver(prompt('é menu\nline', 'Pick: ', 'key')));
    const menu = 'é menu\nline';
    h.session.deliver(prompt(menu, 'Pick: ', 'key'));
    const first = h.fresh();
    assert.deepEqual(first, b('é menu\r\nline\r\nPick: '));
    h.session.receive(b('?'));
    assert.deepEqual(h.fresh(), Buffer.concat([b('?\r\n'), first]), 'the echo, then the same menu again');
    h.session.deliver({ type: 'terminal', terminal: { ...DEFAULT_TERMINAL, encoding: 'cp437' } });
    h.session.receive(b('?'));
    assert.deepEqual(h.fresh(), Buffer.from([0x3f, 0x0d, 0x0a, 0x82, ...b(' menu\r\nline\r\nPick: ')]), 'the same text in the new encoding');
    h.session.deliver(prompt(menu, 'Other: ', 'key'));
    assert.deepEqual(h.fresh(), Buffer.from([0x0d, 0x0a, 0x82, ...b(' menu\r\nline\r\nOther: ')]), 'a new pchar after the unanswered one');
  });

  void it('writes the exit text, then ignores input and output', () => {
    const h = harness();
    h.session.deliver(prompt(''));
    h.session.receive(b('ab'));
    h.session.deliver({ type: 'exit', text: 'Bye\n' });
    h.session.receive(b('cd\r'));
    h.session.deliver({ type: 'screen', text: 'late' });
    h.session.resize(100, 40);
    assert.deepEqual(h.output(), b('> ab\r\nBye\r\n'));
    assert.deepEqual(h.events, []);
  });

  void it('moves a replaced, unanswered prompt to a new line', () => {
    const h = harness();
    h.session.deliver(prompt('', '> '));
    h.session.receive(b('ab'));
    h.session.deliver(prompt('Again', '? '));
    h.session.receive(b('c\r'));
    assert.deepEqual(h.output(), b('> ab\r\nAgain\r\n? c\r\n'));
    assert.deepEqual(h.lines(), ['c']);
  });
});

void describe('terminal session: input', () => {
  void it('echoes, edits and answers byte-exactly', () => {
    const h = harness();
    h.session.deliver(prompt('Name'));
    h.session.receive(b('Bobx\x7f\r\n'));
    assert.deepEqual(h.output(), b('Name\r\n> Bobx\b \b\r\n'));
    assert.deepEqual(h.events, [{ type: 'line', text: 'Bob' }]);
  });

  void it('sends the echo of one packet as one write', () => {
    const h = harness();
    h.session.deliver(prompt(''));
    h.writes.length = 0;
    h.session.receive(b('hello'));
    assert.deepEqual(h.writes, [b('hello')]);
  });

  void it('decodes a UTF-8 character split over two packets and erases it whole', () => {
    const h = harness();
    h.session.deliver(prompt(''));
    h.fresh();
    h.session.receive(Buffer.from([0xc3]));
    assert.deepEqual(h.fresh(), Buffer.alloc(0));
    h.session.receive(Buffer.from([0xa9, 0xe2, 0x82]));
    h.session.receive(Buffer.from([0xac, 0x7f, 0x0d]));
    assert.deepEqual(h.fresh(), b('é€\b \b\r\n'));
    assert.deepEqual(h.lines(), ['é']);
  });

  void it('drops malformed UTF-8 without losing the byte that follows', () => {
    const h = harness();
    h.session.deliver(prompt(''));
    h.session.receive(Buffer.from([0xc3, 0x41, 0xff, 0xed, 0xa0, 0x80, 0x42, 0x0d]));
    assert.deepEqual(h.lines(), ['AB']);
  });

  void it('reads CP437 keys for a CP437 terminal and echoes the same byte', () => {
    const h = harness({ encoding: 'cp437' });
    h.session.deliver(prompt(''));
    h.fresh();
    h.session.receive(Buffer.from([0x82, 0x61, 0x0d]));
    assert.deepEqual(h.lines(), ['éa']);
    assert.deepEqual(h.fresh(), Buffer.from([0x82, 0x61, 0x0d, 0x0a]));
  });

  void it('masks a secret prompt and never writes the secret', () => {
    const h = harness();
    h.session.deliver(prompt('Password', ': ', 'secret'));
    h.session.receive(b('s3cret\r'));
    assert.deepEqual(h.output(), b('Password\r\n: ******\r\n'));
    assert.deepEqual(h.lines(), ['s3cret']);
  });

  void it('answers a key prompt on one key', () => {
    const h = harness();
    h.session.deliver(prompt('Continue? (Y/n)', ' ', 'key'));
    h.session.receive(b('n'));
    assert.deepEqual(h.output(), b('Continue? (Y/n)\r\n n\r\n'));
    assert.deepEqual(h.lines(), ['n']);
  });

  void it('gives one line for CR and LF in different packets', () => {
    const h = harness({}, (_t, s) => s.deliver(prompt('')));
    h.session.deliver(prompt(''));
    h.session.receive(b('a\r'));
    h.session.receive(b('\n'));
    h.session.receive(b('b\r'));
    h.session.receive(b('\0'));
    h.session.receive(b('c\n'));
    assert.deepEqual(h.lines(), ['a', 'b', 'c']);
  });

  void it('gives one line when the LF arrives before the next prompt opens', () => {
    const h = harness();
    h.session.deliver(prompt(''));
    h.session.receive(b('a\r'));
    h.session.receive(b('\n'));
    h.session.deliver(prompt(''));
    h.session.receive(b('b\r\n'));
    assert.deepEqual(h.lines(), ['a', 'b']);
  });

  void it('emits resize with sane sizes and updates the caps', () => {
    const h = harness();
    h.session.resize(132, 50);
    h.session.resize(0, 0);
    assert.deepEqual(h.events, [
      { type: 'resize', cols: 132, rows: 50 },
      { type: 'resize', cols: 80, rows: 24 },
    ]);
    assert.equal(h.session.terminal.cols, 80);
  });

  void it('does not share the caller-supplied terminal object', () => {
    const terminal = { ...DEFAULT_TERMINAL };
    const s = new TerminalSession({ terminal, wire: { write: () => {}, input: () => {} } });
    s.resize(100, 30);
    assert.equal(terminal.cols, 80);
    assert.equal(s.terminal.cols, 100);
  });
});

void describe('terminal session: a screen while typing', () => {
  void it('clears the input line, prints, and redraws pchar plus the typed text', () => {
    const h = harness();
    h.session.deliver(prompt('Say'));
    h.session.receive(b('hel'));
    h.fresh();
    h.session.deliver({ type: 'screen', text: 'Page from sysop' });
    assert.deepEqual(h.fresh(), b('\r\x1b[KPage from sysop\r\n> hel'));
    h.session.receive(b('lo\r'));
    assert.deepEqual(h.lines(), ['hello']);
  });

  void it('puts the cursor back where it was inside the line, two columns for a wide character', () => {
    const h = harness();
    h.session.deliver(prompt('Say'));
    h.session.receive(b('a漢bc\x1b[D\x1b[D\x1b[D'));
    h.fresh();
    h.session.deliver({ type: 'screen', text: 'Page from sysop' });
    assert.deepEqual(h.fresh(), b('\r\x1b[KPage from sysop\r\n> a漢bc\b\b\b\b'));
    h.session.receive(b('X\r'));
    assert.deepEqual(h.lines(), ['aX漢bc']);
  });

  void it('typing on after the redraw lands where the caller left off', () => {
    const h = harness();
    h.session.deliver(prompt('Say'));
    h.session.receive(b('helo wrld\x1b[D\x1b[D\x1b[D'));
    h.session.deliver({ type: 'screen', text: 'Page from sysop' });
    h.session.receive(b('o'));
    assert.deepEqual(screenRows(h.output().toString('utf8')), ['Say', 'Page from sysop', '> helo world']);
    h.session.receive(b('\r'));
    assert.deepEqual(h.lines(), ['helo world']);
  });

  void it('puts back only the row the caller types on when the pchar spans rows (a footer over it)', () => {
    const h = harness();
    h.session.deliver(prompt('MENU', ' zed · 10:00\n> '));
    h.session.receive(b('hel'));
    h.fresh();
    h.session.deliver({ type: 'screen', text: 'Page from sysop' });
    assert.deepEqual(h.fresh(), b('\r\x1b[KPage from sysop\r\n> hel'));
    h.session.receive(b('lo'));
    assert.deepEqual(screenRows(h.output().toString('utf8')), ['MENU', ' zed · 10:00', 'Page from sysop', '> hello']);
    h.session.receive(b('\r'));
    assert.deepEqual(h.lines(), ['hello']);
  });

  void it('redraws a secret line masked', () => {
    const h = harness();
    h.session.deliver(prompt('', ': ', 'secret'));
    h.session.receive(b('pw'));
    h.fresh();
    h.session.deliver({ type: 'screen', text: 'chat: hi\n' });
    assert.deepEqual(h.fresh(), b('\r\x1b[Kchat: hi\r\n: **'));
  });

  void it('a prompt after a screen starts on a fresh line, so a later screen can clear it', () => {
    const h = harness();
    h.session.deliver({ type: 'screen', text: 'Menu: ' });
    h.session.deliver(prompt('', ''));
    h.session.receive(b('1'));
    h.fresh();
    h.session.deliver({ type: 'screen', text: 'x' });
    assert.deepEqual(h.fresh(), b('\r\x1b[Kx\r\n1'));
  });
});

void describe('terminal session: a transient prompt (the board shows the answer its own way)', () => {
  const transient = (pchar: string, mode: PromptMode = 'line', maxLength = 240): OutputEvent => ({ type: 'prompt', text: '', pchar, mode, maxLength, transient: true });

  void it('takes the pchar and the answer off the row on Enter, and what comes next takes its place', () => {
    const h = harness();
    h.session.deliver(transient('\x1b[1m[Ann]\x1b[0m '));
    h.session.receive(b('hello\r'));
    assert.deepEqual(h.output(), b('\x1b[1m[Ann]\x1b[0m hello\r\x1b[K'), 'no line end: the row is blanked and the cursor left at its start');
    assert.deepEqual(h.lines(), ['hello']);
    h.session.deliver({ type: 'screen', text: '12:00 Ann: hello' });
    h.session.deliver(transient('[Ann] '));
    assert.deepEqual(screenRows(h.output().toString('utf8')), ['12:00 Ann: hello', '[Ann]']);
  });

  void it('blanks every row a long answer wrapped onto, and a row filled to its last column as one', () => {
    const h = harness({ cols: 20 });
    h.session.deliver({ type: 'screen', text: 'earlier line' });
    h.session.deliver(transient('[Ann] '));
    h.session.receive(b(`${'x'.repeat(40)}\r`));
    assert.match(h.output().toString('latin1'), /x\r\x1b\[K\x1b\[A\x1b\[K\x1b\[A\x1b\[K$/, 'three rows: back up two');
    h.session.deliver(transient('[Ann] '));
    h.session.receive(b(`${'y'.repeat(14)}\r`));
    assert.match(h.output().toString('latin1'), /y\r\x1b\[K$/, 'exactly 20 columns is still one row');
    h.session.deliver({ type: 'screen', text: 'Ann: said' });
    h.session.deliver(transient('[Ann] '));
    assert.deepEqual(screenRows(h.output().toString('utf8'), 20), ['earlier line', 'Ann: said', '[Ann]', ''], 'nothing of either answer is left');
  });

  void it('when a line from the room arrives after the next prompt opened, it still lands where the answer was', () => {
    const h = harness();
    h.session.deliver({ type: 'screen', text: 'Ben: hi' });
    h.session.deliver(transient('[Ann] '));
    h.session.receive(b('hello\r'));
    h.session.deliver(transient('[Ann] '));
    h.session.receive(b('wai'));
    h.session.deliver({ type: 'screen', text: 'Ann: hello' });
    assert.deepEqual(screenRows(h.output().toString('utf8')), ['Ben: hi', 'Ann: hello', '[Ann] wai']);
  });

  void it('keeps the answer when the pchar spans rows, whose start it cannot be sure of', () => {
    const h = harness();
    h.session.deliver(transient('Say something\n> '));
    h.session.receive(b('1\r'));
    assert.deepEqual(h.output(), b('Say something\r\n> 1\r\n'));
  });

  void it('ordinary prompts keep the answer on screen, as before', () => {
    const h = harness();
    h.session.deliver(prompt('', '[Ann] '));
    h.session.receive(b('hello\r'));
    assert.deepEqual(h.output(), b('[Ann] hello\r\n'));
  });
});

void describe('terminal session: an Enter right after a hot key', () => {
  /** A clock the test moves by hand. */
  const clock = (): { now: () => number; advance: (ms: number) => void } => {
    let t = 1000;
    return { now: () => t, advance: (ms) => (t += ms) };
  };

  for (const [name, tail] of [
    ['CR LF', '\r\n'],
    ['CR NUL', '\r\0'],
    ['lone CR', '\r'],
  ] as const) {
    void it(`drops the ${name} that came in the same packet as the key`, () => {
      const c = clock();
      const h = harness({}, undefined, c.now);
      h.session.deliver(prompt('Menu', '> ', 'key'));
      h.session.receive(b(`s${tail}`));
      h.session.deliver(prompt('Settings', '> ', 'key'));
      assert.deepEqual(h.lines(), ['s']);
      h.session.receive(b('q'));
      assert.deepEqual(h.lines(), ['s', 'q']);
    });
  }

  void it('drops an Enter that arrives before the next prompt opens, however late', () => {
    const c = clock();
    const h = harness({}, undefined, c.now);
    h.session.deliver(prompt('Menu', '> ', 'key'));
    h.session.receive(b('s'));
    c.advance(5000);
    h.session.receive(b('\r'));
    h.session.deliver(prompt('Settings', '> ', 'key'));
    assert.deepEqual(h.lines(), ['s']);
  });

  void it(`drops an Enter typed within ${STRAY_ENTER_MS} ms of the key, after the next prompt is shown`, () => {
    const c = clock();
    const h = harness({}, undefined, c.now);
    h.session.deliver(prompt('Menu', '> ', 'key'));
    h.session.receive(b('s'));
    h.session.deliver(prompt('Settings', '> ', 'key'));
    c.advance(250);
    h.session.receive(b('\r\n'));
    assert.deepEqual(h.lines(), ['s']);
    c.advance(1000);
    h.session.receive(b('\r'));
    assert.deepEqual(h.lines(), ['s', ''], 'a later Enter answers');
  });

  void it('keeps an Enter pressed after the window: the caller means it', () => {
    const c = clock();
    const h = harness({}, undefined, c.now);
    h.session.deliver(prompt('Menu', '> ', 'key'));
    h.session.receive(b('s'));
    h.session.deliver(prompt('Settings', '> ', 'key'));
    c.advance(STRAY_ENTER_MS + 1);
    h.session.receive(b('\r'));
    assert.deepEqual(h.lines(), ['s', '']);
  });

  void it('drops only the first Enter, and none when another key comes first', () => {
    const c = clock();
    const h = harness({}, undefined, c.now);
    h.session.deliver(prompt('Menu', '> ', 'key'));
    h.session.receive(b('1'));
    h.session.deliver(prompt('', '01: '));
    h.session.receive(b('\r\r'));
    assert.deepEqual(h.lines(), ['1', ''], 'the second Enter is a blank line');
    h.session.deliver(prompt('Menu', '> ', 'key'));
    h.session.receive(b('1'));
    h.session.deliver(prompt('', '01: '));
    h.session.receive(b('hi\r'));
    assert.deepEqual(h.lines(), ['1', '', '1', 'hi']);
  });

  void it('keeps the Enter after a line prompt and after Enter at a key prompt', () => {
    const c = clock();
    const h = harness({}, undefined, c.now);
    h.session.deliver(prompt('Name'));
    h.session.receive(b('bob\r'));
    h.session.deliver(prompt('Go on?', '> ', 'key'));
    h.session.receive(b('\r'));
    h.session.deliver(prompt('Menu', '> ', 'key'));
    h.session.receive(b('\r'));
    assert.deepEqual(h.lines(), ['bob', '', '']);
  });
});

void describe('terminal session: typeahead', () => {
  void it('buffers keys typed with no prompt open and replays them into the next one', () => {
    const h = harness();
    h.session.receive(b('alice\rsecret\r'));
    assert.deepEqual(h.output(), Buffer.alloc(0));
    h.session.deliver(prompt('Name'));
    assert.deepEqual(h.lines(), ['alice']);
    h.session.deliver(prompt('Password', ': ', 'secret'));
    assert.deepEqual(h.lines(), ['alice', 'secret']);
    assert.deepEqual(h.output(), b('Name\r\n> alice\r\nPassword\r\n: ******\r\n'));
  });

  void it('replays in the mode of the prompt that opens: one key per key prompt', () => {
    const h = harness();
    h.session.receive(b('yn'));
    h.session.deliver(prompt('', '? ', 'key'));
    h.session.deliver(prompt('', '? ', 'key'));
    assert.deepEqual(h.lines(), ['y', 'n']);
  });

  void it('keeps what follows a finished line for the next prompt', () => {
    const h = harness();
    h.session.deliver(prompt(''));
    h.session.receive(b('one\rtwo\r'));
    assert.deepEqual(h.lines(), ['one']);
    h.session.deliver(prompt(''));
    assert.deepEqual(h.lines(), ['one', 'two']);
  });

  void it(`holds at most ${TYPEAHEAD_BYTES} bytes and drops the overflow`, () => {
    const h = harness();
    h.session.receive(b('x'.repeat(TYPEAHEAD_BYTES + 500) + '\r'));
    h.session.deliver(prompt('', '> ', 'line', 4096));
    h.session.receive(b('\r'));
    assert.deepEqual(
      h.lines().map((l) => l.length),
      [TYPEAHEAD_BYTES],
    );
  });

  void it('answers synchronously re-opened prompts from one packet', () => {
    const h = harness({}, (_t, s) => s.deliver(prompt('', '> ')));
    h.session.deliver(prompt('', '> '));
    h.session.receive(b('a\rb\rc\r'));
    assert.deepEqual(h.lines(), ['a', 'b', 'c']);
    assert.deepEqual(h.output(), b('> a\r\n> b\r\n> c\r\n> '));
  });
});

/** Feed `parts` to a session that re-prompts synchronously (cycling modes), return everything observable. */
function transcript(parts: Uint8Array[], encoding: 'utf8' | 'cp437' = 'utf8'): { out: string; events: InputEvent[] } {
  const modes: PromptMode[] = ['line', 'secret', 'key', 'line'];
  let n = 0;
  const next = (s: TerminalSession): void => s.deliver(prompt('', '> ', modes[n++ % modes.length], 8));
  const h = harness({ encoding }, (_t, s) => next(s));
  next(h.session);
  for (const p of parts) h.session.receive(p);
  return { out: h.output().toString('latin1'), events: h.events };
}

void describe('terminal session: input split at every byte boundary', () => {
  const script = b('hé\x1b[Allo wörld€\x7f\r\n\x1bOPpw\x1b[1;5C\r\0y\rtoo long a line\x15ok\n\x1b\x1b[B😀z\r');

  void it('gives the same events and bytes for every two-way split', () => {
    const whole = transcript([script]);
    assert.ok(whole.events.length >= 4);
    for (let i = 1; i < script.length; i++) {
      assert.deepEqual(transcript([script.subarray(0, i), script.subarray(i)]), whole, `split at ${i}`);
    }
  });

  void it('gives the same events and bytes one byte at a time', () => {
    const whole = transcript([script]);
    const bytes = Array.from(script, (x) => Uint8Array.of(x));
    assert.deepEqual(transcript(bytes), whole);
  });

  void it('gives the same events and bytes for random streams under random splits', () => {
    const rng = makeRng(20240601);
    for (let n = 0; n < 3000; n++) {
      const stream = n % 2 ? randomStream(rng, 64) : mutate(rng, script);
      const encoding = n % 3 === 0 ? 'cp437' : 'utf8';
      const whole = transcript([stream], encoding);
      assert.deepEqual(transcript(randomSplit(rng, stream), encoding), whole, Buffer.from(stream).toString('hex'));
    }
  });
});

void describe('terminal session: fuzz', () => {
  void it('survives 100,000 random and mutated streams within every cap', () => {
    const stats = fuzzTerminal(100_000, 0x5eed);
    assert.equal(stats.streams, 100_000);
    assert.ok(stats.lines > 10_000, `only ${stats.lines} lines: the generator stopped reaching Enter`);
  });
});

void describe('terminal session: the first prompt after the call moved to another node', () => {
  const moved = (where: 'same' | 'other', pchar = ' 4: ', mode: PromptMode = 'line'): OutputEvent => ({ type: 'prompt', text: '', pchar, mode, maxLength: 80, moved: where });

  void it('the same prompt keeps the half line: drawn once in place of the old row, and Enter sends all of it', () => {
    const h = harness();
    h.session.deliver(prompt('', ' 4: '));
    h.session.receive(b('fourth li'));
    h.session.deliver({ type: 'screen', text: 'Line restored.' });
    h.fresh();
    h.session.deliver(moved('same'));
    assert.equal(h.fresh().toString('latin1'), '\r\x1b[K 4: fourth li');
    h.session.receive(b('ne\r'));
    assert.deepEqual(h.lines(), ['fourth line']);
  });

  void it('the same prompt keeps keys typed ahead for it', () => {
    const h = harness();
    h.session.deliver(prompt(''));
    h.session.receive(b('said\rnext'));
    assert.deepEqual(h.lines(), ['said']);
    h.session.deliver(moved('same'));
    h.session.receive(b('\r'));
    assert.deepEqual(h.lines(), ['said', 'next']);
  });

  void it('another prompt drops the half line and the keys typed ahead, so none runs as a menu key', () => {
    const h = harness();
    h.session.deliver(prompt('', '[Chatter] '));
    h.session.receive(b('hello th'));
    h.session.deliver(moved('other', '> ', 'key'));
    assert.deepEqual(h.lines(), []);
    const key = harness();
    key.session.deliver(prompt(''));
    key.session.receive(b('line\rnce'));
    key.session.deliver(moved('other', '> ', 'key'));
    assert.deepEqual(key.lines(), ['line'], 'the n, c and e typed for the old screen never reach the menu');
    key.session.receive(b('w'));
    assert.deepEqual(key.lines(), ['line', 'w']);
  });
});

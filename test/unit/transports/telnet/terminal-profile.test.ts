import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TERMINAL } from '../../../../src/session/events.js';
import { classifyTermType, terminalFor } from '../../../../src/transports/telnet/terminal-profile.js';

void describe('terminal profile: ANSI-BBS', () => {
  for (const name of ['syncterm', 'SyncTERM', 'ansi', 'ANSI-BBS', 'pcansi', 'scoansi', 'ansi.sys', 'cterm']) {
    void it(`${name} is CP437, 16 colours, 80 columns`, () => {
      const t = terminalFor([name]);
      assert.deepEqual(t, { cols: 80, rows: 24, colorLevel: 1, encoding: 'cp437', ansiBbs: true, termType: name.toLowerCase() });
    });
  }
});

void describe('terminal profile: modern', () => {
  const cases: [string, 0 | 1 | 2 | 3][] = [
    ['xterm', 1],
    ['XTERM', 1],
    ['vt100', 1],
    ['vt220', 1],
    ['linux', 1],
    ['putty', 1],
    ['screen', 1],
    ['tmux', 1],
    ['XTERM-256COLOR', 2],
    ['screen-256color', 2],
    ['ansi-256color', 2],
    ['xterm-truecolor', 3],
    ['xterm-direct', 3],
    ['ansi-truecolor', 3],
    ['dumb', 0],
  ];
  for (const [name, level] of cases) {
    void it(`${name} is UTF-8 at colour level ${level}`, () => {
      const t = terminalFor([name]);
      assert.equal(t.encoding, 'utf8');
      assert.equal(t.ansiBbs, false);
      assert.equal(t.colorLevel, level);
      assert.equal(t.termType, name.toLowerCase());
    });
  }

  void it('reads an MTTS report (UTF-8 and truecolour bits)', () => {
    assert.deepEqual(classifyTermType('MTTS 2349'), { encoding: 'utf8', colorLevel: 3, ansiBbs: false });
    assert.deepEqual(classifyTermType('MTTS 13'), { encoding: 'utf8', colorLevel: 2, ansiBbs: false });
  });
});

void describe('terminal profile: choosing among names', () => {
  void it('defaults to 80x24 plain ANSI UTF-8 when nothing is known', () => {
    assert.deepEqual(terminalFor([]), DEFAULT_TERMINAL);
    assert.deepEqual(terminalFor(['network', 'unknown']), { ...DEFAULT_TERMINAL, termType: 'network' });
  });

  void it("takes the client's first known name (Windows telnet: ANSI, VT100, VT52, VTNT)", () => {
    assert.equal(terminalFor(['ansi', 'vt100', 'vt52', 'vtnt']).encoding, 'cp437');
  });

  void it('skips names it does not know', () => {
    const t = terminalFor(['tintin++', 'xterm-256color']);
    assert.equal(t.termType, 'xterm-256color');
    assert.equal(t.colorLevel, 2);
  });

  void it('gives a modern terminal the deepest colour any of its names promised', () => {
    assert.equal(terminalFor(['xterm', 'xterm-256color']).colorLevel, 2);
  });

  void it('lets an MTTS report decide the caps', () => {
    const t = terminalFor(['mudlet', 'ansi', 'mtts 2349']);
    assert.equal(t.encoding, 'utf8');
    assert.equal(t.colorLevel, 3);
    assert.equal(t.ansiBbs, false);
  });

  void it('takes the window size, keeping defaults for an unknown (0) report', () => {
    assert.deepEqual([terminalFor(['xterm'], { cols: 132, rows: 43 }).cols, terminalFor(['xterm'], { cols: 132, rows: 43 }).rows], [132, 43]);
    assert.equal(terminalFor(['xterm'], { cols: 0, rows: 0 }).cols, 80);
    assert.equal(terminalFor(['xterm'], { cols: 9999, rows: 9999 }).cols, 500);
  });
});

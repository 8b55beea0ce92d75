import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TERMINAL, type InputEvent } from '../../../../../src/session/events.js';
import type { EditRequest } from '../../../../../src/session/edit.js';
import { draftIsDue } from '../../../../../src/transports/terminal/editor/editor-session.js';
import { TerminalSession } from '../../../../../src/transports/terminal/terminal-session.js';

const REQUEST: EditRequest = {
  header: { title: 'New message', fields: [['To', 'All']] },
  caps: { maxLines: 50, maxLineLength: 200 },
  text: '',
};

/** A terminal session with the full-screen editor open, its input events recorded. */
function editing(): { session: TerminalSession; events: InputEvent[] } {
  const events: InputEvent[] = [];
  const session = new TerminalSession({
    terminal: { ...DEFAULT_TERMINAL, cols: 80, rows: 24 },
    wire: { write: () => undefined, input: (event) => events.push(event) },
  });
  session.deliver({ type: 'edit', request: REQUEST });
  return { session, events };
}

void describe('full-screen editor: drafts', () => {
  void it('a draft is due once the caller pauses two seconds, or after ten seconds of typing on', () => {
    assert.equal(draftIsDue(1_000, 0, 500), false, 'typing, half a second since the last key');
    assert.equal(draftIsDue(2_500, 0, 500), true, 'two seconds since the last key');
    assert.equal(draftIsDue(9_999, 0, 9_900), false, 'still typing, not yet ten seconds');
    assert.equal(draftIsDue(10_000, 0, 9_900), true, 'ten seconds of typing without a pause');
  });

  void it('a dropped line hands over the text typed since the last draft, once', () => {
    const { session, events } = editing();
    assert.equal(session.lastInput(), null, 'nothing typed, nothing to hand over');
    session.receive(Buffer.from('Half a thought'));
    assert.deepEqual(session.lastInput(), { type: 'edit-draft', text: 'Half a thought' });
    assert.equal(session.lastInput(), null, 'handed over already');
    session.receive(Buffer.from(', and more'));
    assert.deepEqual(session.lastInput(), { type: 'edit-draft', text: 'Half a thought, and more' });
    assert.equal(events.filter((e) => e.type === 'edit-draft').length, 0, 'no draft went while typing: the pause has not come');
  });

  void it('a saved message leaves nothing to hand over', () => {
    const { session, events } = editing();
    session.receive(Buffer.from('Done\x1a'));
    assert.deepEqual(events.at(-1), { type: 'edited', text: 'Done' });
    assert.equal(session.lastInput(), null);
  });
});

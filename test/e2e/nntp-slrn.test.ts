import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { TmuxTerminal } from '../helpers/tmux-terminal.js';
import { findTool, requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

/**
 * A real newsreader, slrn, in a terminal (tmux): it lists the board's
 * groups, reads a message, and posts a follow-up through its own editor
 * step, logged in by its nnrpaccess line; the follow-up is a reply in the
 * message's thread on the board.
 */
test('slrn lists the groups, reads a message and posts a follow-up that lands in its thread', { timeout: 90_000 }, async (t) => {
  const slrn = findTool('slrn');
  if (!requireTool(t, slrn, 'slrn', 'apt-get install slrn')) return;
  const board = await startBoardProcess({ t, args: ['--name', 'Slrn Test'] });
  const store = openSqliteStore(join(board.data, 'bbs.db'), {}, { threads: 1 });
  t.after(() => store.close());
  const made = await store.users.create('alice', 'password1');
  assert.ok(made.ok);
  const root = await store.publicMessages.postMessage({ authorId: made.user.id, area: 'general', subject: 'Hello from the board', body: 'The first message.', at: new Date() });

  const home = await mkdtemp(join(tmpdir(), 'bbs-slrn-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  // slrn's editor step: the follow-up's text below the headers and quote slrn prepared.
  const editor = join(home, 'editor.sh');
  await writeFile(editor, `#!/bin/sh\nprintf '\\nA follow-up written in slrn.\\n' >> "$1"\n`);
  await chmod(editor, 0o755);
  const rc = join(home, 'slrnrc');
  await writeFile(rc, ['set hostname "example.org"', 'set username "alice"', 'set realname "Alice"', `set editor_command "${editor} '%s'"`, 'set confirm_actions 0', 'set show_article 1', 'nnrpaccess "127.0.0.1" "alice" "password1"', ''].join('\n'));
  await writeFile(join(home, 'newsrc'), '');

  const term = TmuxTerminal.open(t, ['env', `HOME=${home}`, 'TERM=xterm', slrn, '--nntp', '-h', '127.0.0.1', '-p', String(board.ports.nntp), '-f', join(home, 'newsrc'), '--create', '-i', rc, '-k'], { cols: 100, rows: 30 });
  if (!term) return;
  // slrn outlives its terminal (it spins on the lost tty), so it is ended by its process id, whatever the test found.
  const pid = term.pid();
  t.after(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  });
  await term.waitFor(/1\s+slrntest\.general/);
  assert.match(term.screen(), /slrntest\.retro/);
  assert.doesNotMatch(term.screen(), /slrntest\.sysop/, 'the sysop area is not listed');
  term.keys(' ');
  await term.waitFor('The first message.');
  assert.match(term.screen(), /Subject: Hello from the board/);
  term.keys('f');
  await term.waitFor('Post the message?');
  term.keys('y');
  await term.waitFor('Posting...done.');
  // Leaving slrn is the newsreader's business, not the board's: it is ended after the test (above).
  const thread = await until(
    () => 'the follow-up in the thread',
    async () => {
      const messages = await store.publicMessages.thread(root.id);
      return messages.length === 2 ? messages : null;
    },
    10_000,
  );
  const reply = thread[1]!;
  assert.equal(reply.parentId, root.id);
  assert.equal(reply.area, 'general');
  assert.equal(reply.authorId, made.user.id);
  assert.equal(reply.subject, 'Re: Hello from the board');
  assert.match(reply.body, /> The first message\.\n\nA follow-up written in slrn\.$/);
});

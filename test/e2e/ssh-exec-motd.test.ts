import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { MOTD_KEY } from '../../src/flows/motd.js';
import { silentLogger } from '../../src/logger.js';
import { startBoard } from '../../src/main.js';
import { identity, run, SSH, SSH_INSTALL, sshOptions } from '../helpers/ssh-client.js';
import { requireTool } from '../helpers/tools.js';

test("ssh bbs@host motd shows the MOTD callers see: the sysop's edit on the board, else the config file's, as plain words", { timeout: 60_000 }, async (t) => {
  if (!requireTool(t, SSH(), 'the ssh client', SSH_INSTALL)) return;
  const data = await mkdtemp(join(tmpdir(), 'bbs-ssh-motd-'));
  const flags = { data, host: '127.0.0.1', 'json-port': 'off', 'telnet-port': 'off', 'ssh-port': '0', 'http-port': 'off', 'nntp-port': 'off' };
  const config = await loadConfig({ flags, env: { BBS_MOTD: 'From the config file.' } });
  const board = await startBoard(config, silentLogger);
  try {
    const port = board.listeners.find((l) => l.transport === 'ssh')!.address.port;
    const motd = () => run('ssh', [...sshOptions(port, identity(null)), 'bbs@127.0.0.1', 'motd']);

    assert.deepEqual(await motd(), { code: 0, stdout: 'From the config file.\n', stderr: '' }, 'nothing edited: the config file');
    // What the sysop's "edit the MOTD" on the board saves.
    await board.store.boardSettings.set(MOTD_KEY, 'Edited on the board.\nTwo lines.');
    assert.deepEqual(await motd(), { code: 0, stdout: 'Edited on the board.\nTwo lines.\n', stderr: '' }, 'the edit, without a restart');
    // Pipe codes and variables are the sysop's markup: a reader with no terminal gets the words.
    await board.store.boardSettings.set(MOTD_KEY, '|14Welcome to {{board}}, {{user}}.\n|07Ask {{sysop}}.');
    assert.equal((await motd()).stdout, `Welcome to ${config.board.name}, guest.\nAsk ${config.board.sysop}.\n`, 'colours dropped, variables filled in');
    await board.store.boardSettings.set(MOTD_KEY, null);
    assert.equal((await motd()).stdout, 'From the config file.\n', 'restored to the config file');
  } finally {
    await board.stop();
    await rm(data, { recursive: true, force: true });
  }
});

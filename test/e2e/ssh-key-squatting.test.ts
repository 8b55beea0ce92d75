import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PtyProcess } from '../helpers/pty.js';
import { dialSsh, keygenFingerprint, SSH, SSH_INSTALL, SSH_KEYGEN, SSHPASS, sshKeygen } from '../helpers/ssh-client.js';
import { startSshBoard, type SshBoard } from '../helpers/ssh-board.js';
import { requireTool } from '../helpers/tools.js';

/**
 * Someone else's public key is no secret (it sits in authorized_keys files
 * and on code forges). Offering it lets a client ask "would this key do?"
 * without a signature; only a signature proves the caller holds the key.
 * The board must offer to link a key only after a signature, or an attacker
 * with a password of their own could link the victim's key to their account
 * and lock the victim's real key out.
 */

let board: SshBoard;
let keys: string;
const clients: PtyProcess[] = [];

before(async () => {
  board = await startSshBoard({ passwordBackoff: false });
  keys = await mkdtemp(join(tmpdir(), 'bbs-squat-'));
  await board.store.users.create('Victim', 'victim-pass');
  await board.store.users.create('Mallory', 'mallory-pass');
});
after(async () => {
  for (const c of clients) c.kill();
  await board.stop();
  await rm(keys, { recursive: true, force: true });
});

function needClients(t: TestContext): boolean {
  return (
    requireTool(t, SSH(), 'the ssh client', SSH_INSTALL) &&
    requireTool(t, SSHPASS(), 'sshpass', SSH_INSTALL) &&
    requireTool(t, SSH_KEYGEN(), 'ssh-keygen', SSH_INSTALL)
  );
}

function caller(c: PtyProcess): PtyProcess {
  clients.push(c);
  return c;
}

/** OpenSSH offering exactly this identity file: with only a .pub it can ask about the key, never sign. */
const onlyIdentity = (path: string): string[] => ['-o', 'IdentitiesOnly=yes', '-o', 'PreferredAuthentications=publickey,password', '-i', path];

test("an attacker holding only the victim's public key is never offered to link it; the victim, who can sign, is", { timeout: 60_000 }, async (t) => {
  if (!needClients(t)) return;
  const victimKey = join(keys, 'victim');
  await sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'victim', '-f', victimKey]);
  const fingerprint = await keygenFingerprint(`${victimKey}.pub`);
  // The attacker's folder holds the public half only.
  await mkdir(join(keys, 'attacker'));
  const stolen = join(keys, 'attacker', 'stolen.pub');
  await copyFile(`${victimKey}.pub`, stolen);

  const attacker = caller(dialSsh(board.port, 'Mallory', { password: 'mallory-pass', extra: onlyIdentity(stolen) }));
  await attacker.expect('go on?', 10_000);
  assert.doesNotMatch(attacker.text(), /Link this key/, 'a key the client could not sign with is not offered for linking');
  attacker.send('y');
  await attacker.expect('MAIN MENU');
  attacker.send('q');
  await attacker.expect('Log off?');
  attacker.send('y');
  await attacker.expect('So long, Mallory');
  assert.equal(await attacker.exited, 0);
  assert.equal(await board.store.sshKeys.findByFingerprint(fingerprint), null, 'the key is linked to nobody');

  // The key's owner offers the same key and signs with it: after the password it is offered, and linked to them.
  const owner = caller(dialSsh(board.port, 'Victim', { password: 'victim-pass', extra: onlyIdentity(victimKey) }));
  await owner.expect('Link this key to your account', 10_000);
  assert.ok(owner.text().includes(fingerprint));
  owner.send('y');
  await owner.expect('Key linked');
  await owner.expect('go on?');
  owner.send('y');
  await owner.expect('MAIN MENU');
  owner.send('q');
  await owner.expect('Log off?');
  owner.send('y');
  await owner.expect('So long, Victim');
  const victim = (await board.store.users.findByName('Victim'))!;
  assert.equal((await board.store.sshKeys.findByFingerprint(fingerprint))?.userId, victim.id);
});

test('a signed key that is linked to another account is neither offered nor moved', { timeout: 60_000 }, async (t) => {
  if (!needClients(t)) return;
  const shared = join(keys, 'shared');
  await sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'shared', '-f', shared]);
  const fingerprint = await keygenFingerprint(`${shared}.pub`);
  const victim = (await board.store.users.findByName('Victim'))!;
  const owned = await board.store.sshKeys.listForUser(victim.id);
  const parsed = ssh2.utils.parseKey(await readFile(`${shared}.pub`));
  assert.ok(!(parsed instanceof Error) && !Array.isArray(parsed));
  const added = await board.store.sshKeys.add({ userId: victim.id, algo: parsed.type, fingerprint, keyBlob: parsed.getPublicSSH(), at: new Date() });
  assert.ok(added.ok);

  // Even a client holding the private key gets no offer to move it to Mallory.
  const other = caller(dialSsh(board.port, 'Mallory', { password: 'mallory-pass', extra: onlyIdentity(shared) }));
  await other.expect('go on?', 10_000);
  assert.doesNotMatch(other.text(), /Link this key/);
  other.send('y');
  await other.expect('MAIN MENU');
  other.send('q');
  await other.expect('Log off?');
  other.send('y');
  await other.expect('So long, Mallory');
  assert.equal((await board.store.sshKeys.findByFingerprint(fingerprint))?.userId, victim.id);
  assert.equal((await board.store.sshKeys.listForUser(victim.id)).length, owned.length + 1);
});

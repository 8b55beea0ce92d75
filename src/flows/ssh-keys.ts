import type { SessionIO } from '../session/io.js';
import type { SshKey, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { formatWhen } from './format.js';
import { zoneOf } from '../screens/zone-clock.js';

/**
 * SSH keys from the caller's side. A key is linked only by its owner, after
 * they proved who they are with a password on this very connection: the
 * board never turns an unknown key into an account.
 */

/**
 * Right after a password login over SSH: if the caller's client proved it
 * holds a key nobody has linked (it signed with it on this connection), ask once whether to link it, so next time the key
 * alone lets them in. Asked at most once per call.
 */
export async function offerKeyLink(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  const offered = io.session.offeredKey;
  if (!offered) return;
  io.session.offeredKey = null;
  // The transport hands on only a key the client signed for on this connection; still, a key
  // that is anybody's already (linked since, on another call) is never offered: linking is
  // never a way to take a key from its owner. The store's unique fingerprint backs this up.
  const holder = await deps.store.sshKeys.findByFingerprint(offered.fingerprint);
  if (holder) {
    if (holder.userId !== user.id) deps.log.warn('ssh key offered that belongs to another account', { user: user.name, fingerprint: offered.fingerprint, remote: io.session.remote });
    return;
  }
  io.enter('ssh-key-link', 'linking an SSH key');
  const answer = await io.prompt('ssh_key_offer', { mode: 'key', maxLength: 3, vars: { algo: offered.algo, fingerprint: offered.fingerprint } });
  if (!answer.trim().toLowerCase().startsWith('y')) {
    io.screen('ssh_key_not_linked');
    return;
  }
  const added = await deps.store.sshKeys.add({
    userId: user.id,
    algo: offered.algo,
    fingerprint: offered.fingerprint,
    keyBlob: Buffer.from(offered.blob, 'base64'),
    comment: `linked at login from ${io.session.remote}`,
    at: io.now(),
  });
  if (!added.ok) {
    io.screen('ssh_key_taken');
    return;
  }
  deps.log.info('ssh key linked', { user: user.name, fingerprint: offered.fingerprint, remote: io.session.remote });
  io.screen('ssh_key_linked', { fingerprint: offered.fingerprint });
}

/** User settings: list the caller's keys and remove one by its number, until they press Enter. */
export async function manageKeys(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('ssh-keys', 'looking at SSH keys');
  for (;;) {
    const keys = await deps.store.sshKeys.listForUser(user.id);
    if (keys.length === 0) {
      io.screen('ssh_key_none');
      return;
    }
    io.screen('ssh_key_list_intro', { count: keys.length });
    for (const [i, key] of keys.entries()) io.print(renderRow(io, i + 1, key));
    const choice = (await io.prompt('ssh_key_remove_ask', { maxLength: 6 })).trim();
    if (choice === '') return;
    const key = /^\d{1,3}$/.test(choice) ? keys[Number(choice) - 1] : undefined;
    if (!key) {
      io.screen('ssh_key_bad_choice', { choice });
      continue;
    }
    const sure = await io.prompt('ssh_key_remove_confirm', { mode: 'key', maxLength: 3, vars: { fingerprint: key.fingerprint } });
    if (!sure.trim().toLowerCase().startsWith('y')) continue;
    if (await deps.store.sshKeys.remove(user.id, key.id)) {
      deps.log.info('ssh key removed', { user: user.name, fingerprint: key.fingerprint });
      io.screen('ssh_key_removed', { fingerprint: key.fingerprint });
    }
  }
}

function renderRow(io: SessionIO, num: number, key: SshKey): string {
  return io.render('ssh_key_row', {
    num,
    fingerprint: key.fingerprint,
    algo: key.algo,
    comment: key.comment ?? 'no comment',
    added: formatWhen(key.createdAt, zoneOf(io.session)),
  });
}

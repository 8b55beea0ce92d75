import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { PgPrivateMessageRepository } from '../../../src/store/postgres/pg-private-messages.js';
import { SqlitePrivateMessageRepository } from '../../../src/store/private-messages.js';
import type { PrivateMessageRepository } from '../../../src/store/types/private-messages.js';
import { engineDb, seedUser } from '../../helpers/engine-db.js';
import { engineTest, type Engine } from '../../helpers/store-engines.js';

async function setup(t: TestContext, engine: Engine): Promise<{ mail: PrivateMessageRepository; alice: number; bob: number }> {
  const db = await engineDb(t, engine);
  const mail = db.engine === 'sqlite' ? new SqlitePrivateMessageRepository(db.sqlite) : new PgPrivateMessageRepository(db.pg);
  return { mail, alice: await seedUser(db, 'Alice'), bob: await seedUser(db, 'Bob') };
}

engineTest('send returns the message with both names, unread', async (t, engine) => {
  const { mail, alice, bob } = await setup(t, engine);
  const sent = await mail.send(alice, bob, 'hi bob', new Date(7));
  assert.equal(sent.senderName, 'Alice');
  assert.equal(sent.recipientName, 'Bob');
  assert.equal(sent.read, false);
  assert.deepEqual(sent.createdAt, new Date(7));
  assert.equal(await mail.countUnread(bob), 1);
  assert.equal(await mail.countUnread(alice), 0);
});

engineTest('inbox lists unread oldest first, then read newest first', async (t, engine) => {
  const { mail, alice, bob } = await setup(t, engine);
  const ids: number[] = [];
  for (let i = 1; i <= 5; i++) ids.push((await mail.send(alice, bob, `m${i}`, new Date(i))).id);
  await mail.markRead(bob, [ids[0]!, ids[2]!]);
  const inbox = await mail.inbox(bob, 10);
  assert.deepEqual(inbox.map((m) => m.body), ['m2', 'm4', 'm5', 'm3', 'm1']);
  assert.deepEqual(inbox.map((m) => m.read), [false, false, false, true, true]);
  assert.equal(await mail.countUnread(bob), 3);
  assert.deepEqual((await mail.inbox(bob, 2)).map((m) => m.body), ['m2', 'm4']);
  assert.deepEqual(await mail.inbox(alice, 10), []);
});

engineTest("markRead cannot touch someone else's mail", async (t, engine) => {
  const { mail, alice, bob } = await setup(t, engine);
  const sent = await mail.send(alice, bob, 'private', new Date(1));
  await mail.markRead(alice, [sent.id]);
  assert.equal(await mail.countUnread(bob), 1);
  await mail.markRead(bob, [sent.id]);
  assert.equal(await mail.countUnread(bob), 0);
});

engineTest('subjects are kept, findById returns any message', async (t, engine) => {
  const { mail, alice, bob } = await setup(t, engine);
  const withSubject = await mail.send(alice, bob, 'body', new Date(1), 'Lunch?');
  const without = await mail.send(alice, bob, 'body', new Date(2));
  assert.equal(withSubject.subject, 'Lunch?');
  assert.equal(without.subject, null);
  assert.deepEqual(await mail.findById(withSubject.id), withSubject);
  assert.equal(await mail.findById(without.id + 10), null);
});

engineTest('deleting hides a message from the recipient only, once', async (t, engine) => {
  const { mail, alice, bob } = await setup(t, engine);
  const keep = await mail.send(alice, bob, 'keep', new Date(1));
  const gone = await mail.send(alice, bob, 'gone', new Date(2));
  assert.equal(await mail.deleteForRecipient(alice, gone.id), false);
  assert.equal(await mail.countUnread(bob), 2);
  assert.equal(await mail.deleteForRecipient(bob, gone.id), true);
  assert.equal(await mail.deleteForRecipient(bob, gone.id), false);
  assert.deepEqual((await mail.inbox(bob, 10)).map((m) => m.id), [keep.id]);
  assert.equal(await mail.countUnread(bob), 1);
  assert.equal((await mail.findById(gone.id))?.deletedByRecipient, true);
  assert.equal((await mail.findById(keep.id))?.deletedByRecipient, false);
});

engineTest('mail to an account that does not exist is refused', async (t, engine) => {
  const { mail, alice } = await setup(t, engine);
  await assert.rejects(mail.send(alice, 9999, 'nobody home', new Date(1)), /foreign key/i);
  assert.deepEqual(await mail.inbox(9999, 10), []);
});

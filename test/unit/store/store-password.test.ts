import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PasswordHasher } from '../../../src/store/password.js';

const hasher = new PasswordHasher();
after(() => hasher.close());
const hashPassword = (password: string): Promise<string> => hasher.hash(password);
const verifyPassword = (password: string, encoded: string): Promise<boolean> => hasher.verify(password, encoded);
const spendVerifyTime = (password: string): Promise<void> => hasher.spendVerifyTime(password);

void test('hash is scrypt$N$r$p$salt$hash with the agreed parameters and no clear password', async () => {
  const hash = await hashPassword('correct horse battery');
  const parts = hash.split('$');
  assert.equal(parts.length, 6);
  assert.deepEqual(parts.slice(0, 4), ['scrypt', '16384', '8', '1']);
  assert.equal(Buffer.from(parts[4] ?? '', 'base64').length, 16);
  assert.equal(Buffer.from(parts[5] ?? '', 'base64').length, 32);
  assert.ok(!hash.includes('correct horse battery'));
  assert.ok(!hash.includes(Buffer.from('correct horse battery').toString('base64')));
});

void test('the same password gets a different salt each time', async () => {
  const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
  assert.notEqual(a, b);
});

void test('verify accepts the password and rejects anything else', async () => {
  const hash = await hashPassword('s3cret');
  assert.equal(await verifyPassword('s3cret', hash), true);
  assert.equal(await verifyPassword('s3cret ', hash), false);
  assert.equal(await verifyPassword('S3cret', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

void test('malformed hashes never verify', async () => {
  const hash = await hashPassword('pw');
  assert.equal(await verifyPassword('pw', 'plain'), false);
  assert.equal(await verifyPassword('pw', hash.replace('scrypt$', 'bcrypt$')), false);
  assert.equal(await verifyPassword('pw', hash.replace('$16384$', '$3$')), false);
});

void test('hashing does not block the event loop', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    await Promise.all([hashPassword('a'), hashPassword('b'), hashPassword('c'), hashPassword('d')]);
  } finally {
    clearInterval(timer);
  }
  // A synchronous scrypt would leave the interval no chance to run at all.
  assert.ok(ticks > 0, `timer ran ${ticks} times during hashing`);
});

void test('checking an unknown name costs a real scrypt run', async () => {
  const hash = await hashPassword('pw');
  const time = async (work: () => Promise<unknown>): Promise<number> => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 3; i++) await work();
    return Number(process.hrtime.bigint() - start);
  };
  const real = await time(() => verifyPassword('pw', hash));
  const dummy = await time(() => spendVerifyTime('pw'));
  // Without the dummy hash this ratio would be near zero.
  assert.ok(dummy > real * 0.3, `dummy ${dummy}ns vs real ${real}ns`);
});

void test('hashes stored by earlier versions still verify', async () => {
  // Made by the libuv-pool implementation, before hashing moved to worker threads.
  const stored = 'scrypt$16384$8$1$MiXHhznACq1io8W1GwXG2Q==$gU/1BoaD70iIBXfQAF/mdtrRuazHLlKBQVA0S12hD6Y=';
  assert.equal(await verifyPassword('stored before the move', stored), true);
  assert.equal(await verifyPassword('stored before the move!', stored), false);
  // Other parameters and key length, as written by crypto.scryptSync itself.
  const older = 'scrypt$1024$4$2$c2FsdHNhbHRzYWx0$/4HyWdZ3s8uBFYV77W57/YpnVyRLtvjk+ifZO0s70jQBeUHs1z8b7u9s1LiHFbVR';
  assert.equal(await verifyPassword('older params', older), true);
  assert.equal(await verifyPassword('older param', older), false);
});

void test('a password matches however its accents were composed', async () => {
  // Stored from 'Ame\u0301lie' (e plus a combining accent); typed here precomposed.
  const stored = 'scrypt$16384$8$1$QvW6XoRA9CnQfOHfYjqQSQ==$azN6HQ3yduFWOv7cqCthkcaMIa40Ka5vtjFdymcsPzc=';
  assert.equal(await verifyPassword('Am\u00e9lie', stored), true);
  assert.equal(await verifyPassword('Ame\u0301lie', stored), true);
  assert.equal(await verifyPassword('Amelie', stored), false);
});

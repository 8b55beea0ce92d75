import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { parsePublicKeys, runKeyCommand } from '../../../src/cli/key.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { sshFingerprint } from '../../../src/transports/ssh/fingerprint.js';
import { generateEd25519 } from '../../../src/transports/ssh/host-keys.js';

let data: string;
before(async () => {
  data = await mkdtemp(join(tmpdir(), 'bbs-keycli-'));
  const store = openSqliteStore(join(data, 'bbs.db'));
  await store.users.create('Alice', 'alice-pass');
  await store.users.create('Bob', 'bob-pass');
  await store.close();
});
after(async () => {
  await rm(data, { recursive: true, force: true });
});

/** A public key line as ssh-keygen writes one, with its fingerprint. */
function publicKey(comment: string): { line: string; fingerprint: string; privatePem: string } {
  const privatePem = generateEd25519().toString();
  const parsed = ssh2.utils.parseKey(privatePem) as ParsedKey;
  const blob = parsed.getPublicSSH();
  return { line: `ssh-ed25519 ${blob.toString('base64')} ${comment}`, fingerprint: sshFingerprint(blob), privatePem };
}

async function bbsKey(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKeyCommand([...args, '--data', data], { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: () => Promise.resolve(stdin) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('add from a file and from stdin, list, and remove by fingerprint or id', async () => {
  const one = publicKey('alice@laptop');
  const two = publicKey('alice@desk');
  const file = join(data, 'one.pub');
  await writeFile(file, one.line + '\n');

  const added = await bbsKey(['add', 'alice', file]);
  assert.equal(added.code, 0, added.err);
  assert.match(added.out, new RegExp(`linked ${one.fingerprint.replace(/[+/]/g, '\\$&')} \\(ssh-ed25519\\) to Alice as key \\d+`));
  assert.equal((await bbsKey(['add', 'Alice', '-'], `# a comment\n\n${two.line}\n`)).code, 0);

  const list = await bbsKey(['list', 'Alice']);
  assert.equal(list.code, 0);
  const rows = list.out.split('\n');
  assert.match(rows[0]!, /^ID +TYPE +FINGERPRINT +ADDED \(UTC\) +COMMENT$/);
  assert.ok(rows[1]!.includes(one.fingerprint) && rows[1]!.endsWith('alice@laptop'));
  assert.ok(rows[2]!.includes(two.fingerprint) && rows[2]!.endsWith('alice@desk'));

  assert.equal((await bbsKey(['remove', 'Alice', one.fingerprint])).code, 0);
  const id = rows[2]!.trim().split(/\s+/)[0]!;
  const byId = await bbsKey(['remove', 'Alice', id]);
  assert.equal(byId.code, 0, byId.err);
  assert.match((await bbsKey(['list', 'Alice'])).out, /Alice has no SSH keys/);
});

test('one key logs in one account: linking it to a second is refused, to the same one is a no-op', async () => {
  const key = publicKey('shared');
  assert.equal((await bbsKey(['add', 'Alice', '-'], key.line)).code, 0);
  const again = await bbsKey(['add', 'Alice', '-'], key.line);
  assert.equal(again.code, 0);
  assert.match(again.out, /already linked to Alice/);
  const other = await bbsKey(['add', 'Bob', '-'], key.line);
  assert.equal(other.code, 1);
  assert.match(other.err, /already linked to Alice/);
});

test('mistakes get a clear message and a non-zero status', async () => {
  const key = publicKey('x');
  const cases: Array<[string[], string, number, RegExp]> = [
    [['add', 'Nobody', '-'], key.line, 1, /no user named 'Nobody'/],
    [['add', 'Alice', '-'], key.privatePem, 1, /holds a private key/],
    [['add', 'Alice', '-'], 'hello world\n', 1, /line 1 is not an SSH public key/],
    [['add', 'Alice', '-'], '\n# only comments\n', 1, /no public key found/],
    [['add', 'Alice', join(data, 'missing.pub')], '', 1, /cannot read/],
    [['remove', 'Alice', 'SHA256:nope'], '', 1, /Alice has no key 'SHA256:nope'/],
    [['add', 'Alice'], '', 2, /expected USER and KEYFILE/],
    [['frobnicate'], '', 2, /unknown subcommand 'frobnicate'/],
    [[], '', 2, /Usage: bbs key add/],
  ];
  for (const [args, stdin, code, message] of cases) {
    const r = await bbsKey(args, stdin);
    assert.equal(r.code, code, args.join(' '));
    assert.match(r.err, message, args.join(' '));
  }
  const noBoard = await runKeyCommand(['list', 'Alice', '--data', join(data, 'nowhere')], { out: () => {}, err: (l) => assert.match(l, /no board database at/), readStdin: () => Promise.resolve('') }, {});
  assert.equal(noBoard, 1);
});

test('every subcommand has --help, and BBS_DATA picks the folder like serve', async () => {
  for (const sub of [[], ['add'], ['list'], ['remove']]) {
    const out: string[] = [];
    assert.equal(await runKeyCommand([...sub, '--help'], { out: (l) => out.push(l), err: () => {}, readStdin: () => Promise.resolve('') }, {}), 0);
    assert.match(out.join('\n'), /^Usage: bbs key/);
    assert.match(out.join('\n'), /--data DIR/);
  }
  const out: string[] = [];
  const code = await runKeyCommand(['list', 'Bob'], { out: (l) => out.push(l), err: (l) => out.push(l), readStdin: () => Promise.resolve('') }, { BBS_DATA: data });
  assert.equal(code, 0, out.join('\n'));
  assert.match(out.join('\n'), /Bob has no SSH keys/);
});

test('authorized_keys lines with options in front are read', () => {
  const key = publicKey('with options');
  const parsed = parsePublicKeys(`no-pty,command="echo hi" ${key.line}\r\n`);
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.keys.map((k) => [k.algo, k.fingerprint, k.comment]), [['ssh-ed25519', key.fingerprint, 'with options']]);
});

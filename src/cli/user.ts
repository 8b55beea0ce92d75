import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type BoardConfig } from '../config/config.js';
import { plural } from '../flows/format.js';
import { vetNewName, type NameVerdict } from '../rules/names.js';
import { neutralizeLine } from '../screens/neutralize.js';
import type { Store } from '../store/types.js';
import { describeStore } from '../store/board-store.js';
import { storeForCommand } from './command-store.js';
import { SECURITY_LEVELS, type SecurityLevel, type User } from '../store/types.js';
import { askBoard } from '../control/client.js';

const OPTIONS = `Options:
  --data DIR   the board's data folder [./data]; env BBS_DATA
  --help       show this help`;

type Sub = 'add' | 'list' | 'passwd' | 'ban' | 'unban' | 'level';

const HELP: Record<Sub | 'user', string> = {
  user: `Usage: bbs user add NAME [--level LEVEL]
       bbs user list
       bbs user passwd NAME
       bbs user ban NAME
       bbs user unban NAME
       bbs user level NAME (new|member|sysop)

Look after the board's accounts from the shell, also while the board runs.
Passwords are read from standard input (the first line) or, at a terminal,
asked for without echo; they are never taken from the command line, where
other users of the machine could see them in the process list.

${OPTIONS}`,
  add: `Usage: bbs user add NAME [--level LEVEL]

Make an account, as registering on the board does: the same rules for names
(no look-alikes of existing ones) and passwords. The first account on a board,
or the one board.sysop names while the board has no sysop, is the sysop;
--level (new, member or sysop) says otherwise. The password comes from standard input or a prompt.

${OPTIONS}
  --level L    new, member or sysop`,
  list: `Usage: bbs user list

Every account: id, name, level, calls, last call, and whether it is banned.

${OPTIONS}`,
  passwd: `Usage: bbs user passwd NAME

Set a new password for NAME (read from standard input, or asked for twice at
a terminal). The old one stops working at once.

${OPTIONS}`,
  ban: `Usage: bbs user ban NAME

Close the account: NAME is refused at login. If the board is running, their
calls end now too.

${OPTIONS}`,
  unban: `Usage: bbs user unban NAME

Open a banned account again.

${OPTIONS}`,
  level: `Usage: bbs user level NAME LEVEL

Set the security level: new, member or sysop.

${OPTIONS}`,
};

const ARITY: Record<Sub, number> = { add: 1, list: 0, passwd: 1, ban: 1, unban: 1, level: 2 };

/** Where the command talks; the real terminal unless a test says otherwise. */
export interface UserCommandIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** A password: the first line of standard input, or typed at a terminal without echo (twice when `confirm`). */
  readPassword: (prompt: string, confirm: boolean) => Promise<string>;
  /** End a banned user's calls on the running board; how many ended, or null when no board answers. */
  endCalls: (data: string, userId: number, by: string) => Promise<number | null>;
}

type Refusal = Extract<NameVerdict, { ok: false }>;

const NAME_PROBLEMS: Record<Refusal['problem'], (vars: Refusal['vars']) => string> = {
  empty: () => 'is empty',
  short: () => 'is too short',
  long: () => 'is too long',
  invisible: () => 'holds invisible characters',
  characters: () => 'may hold only letters, digits, single spaces, dots, dashes and underscores, starting with a letter or digit',
  reserved: () => 'belongs to the board',
  mixed: (v) => `mixes the ${String(v.scripts)} scripts`,
  taken: () => 'is taken',
  lookalike: (v) => `looks too much like the existing account '${neutralizeLine(String(v.twin))}'`,
};

/** `bbs user ...`: exit status 0 on success, 1 when the board says no, 2 for a usage mistake. */
export function user(argv: string[]): Promise<number> {
  return runUserCommand(argv, terminalIO, process.env);
}

export async function runUserCommand(argv: string[], io: UserCommandIO, env: NodeJS.ProcessEnv): Promise<number> {
  const cmd = parseUserCommand(argv, io);
  if (typeof cmd === 'number') return cmd;
  const { sub, args } = cmd;
  let config: BoardConfig;
  try {
    config = await loadConfig({ flags: { data: cmd.data }, env });
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`bbs user: ${err.message}`);
      return 2;
    }
    throw err;
  }
  // Only "add" may start a board's database (accounts before the first start); elsewhere a missing one is a mistyped --data.
  if (sub === 'add' && config.database === null && !existsSync(config.data)) {
    io.err(`bbs user: no board database at ${describeStore(config)} (start the board once, or pass --data)`);
    return 1;
  }
  const store = await storeForCommand('user', config, (line) => io.err(line), { mayCreate: sub === 'add' });
  if (!store) return 1;
  try {
    if (sub === 'list') return await list(store, io);
    if (sub === 'add') return await add(store, config, args[0]!, cmd.level, io);
    const target = await store.users.findByName(args[0]!);
    if (!target) {
      io.err(`bbs user ${sub}: no user named '${neutralizeLine(args[0]!)}'`);
      return 1;
    }
    if (sub === 'passwd') return await passwd(store, config, target, io);
    if (sub === 'level') {
      await store.users.setLevel(target.id, cmd.level!);
      io.out(`${target.name} is ${cmd.level} now`);
      return 0;
    }
    return await setBanned(store, config, target, sub === 'ban', io);
  } finally {
    await store.close();
  }
}

interface UserCommand {
  sub: Sub;
  args: string[];
  data: string | undefined;
  /** The level asked for: `add --level`, or `level NAME LEVEL`. */
  level: SecurityLevel | undefined;
}

/** The command line as a subcommand with the right number of words and a real level, or the exit status after saying what is wrong. */
function parseUserCommand(argv: string[], io: UserCommandIO): UserCommand | number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { data: { type: 'string' }, level: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`bbs user: ${(err as Error).message}\n\n${HELP.user}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [word, ...args] = positionals;
  const sub = word !== undefined && word in ARITY ? (word as Sub) : null;
  if (values.help) {
    io.out(HELP[sub ?? 'user']);
    return 0;
  }
  if (!sub) {
    io.err(word ? `bbs user: unknown subcommand '${neutralizeLine(word)}'\n\n${HELP.user}` : HELP.user);
    return 2;
  }
  if (args.length !== ARITY[sub]) {
    io.err(`bbs user ${sub}: expected ${ARITY[sub] === 0 ? 'nothing more' : ARITY[sub] === 1 ? 'NAME' : 'NAME and LEVEL'}\n\n${HELP[sub]}`);
    return 2;
  }
  if (values.level !== undefined && sub !== 'add') {
    io.err(`bbs user ${sub}: --level is for "add"; use "bbs user level NAME LEVEL"`);
    return 2;
  }
  const wanted = sub === 'level' ? args[1] : values.level;
  if (wanted !== undefined && !isLevel(wanted)) {
    io.err(`bbs user ${sub}: '${neutralizeLine(wanted)}' is not a level (new, member or sysop)`);
    return 2;
  }
  return { sub, args, data: values.data, level: wanted };
}

/** Ban or unban; a ban also ends the user's calls on the running board, if one answers. */
async function setBanned(store: Store, config: BoardConfig, target: User, banned: boolean, io: UserCommandIO): Promise<number> {
  await store.users.setBanned(target.id, banned);
  if (!banned) {
    io.out(`${target.name} may call again`);
    return 0;
  }
  const ended = await io.endCalls(config.data, target.id, 'sysop').catch(() => null);
  io.out(`${target.name} is banned${ended ? `; ${plural(ended, 'call')} on the running board ended` : ''}`);
  return 0;
}

function isLevel(s: string): s is SecurityLevel {
  return (SECURITY_LEVELS as readonly string[]).includes(s);
}

async function add(store: Store, config: BoardConfig, typed: string, level: SecurityLevel | undefined, io: UserCommandIO): Promise<number> {
  const vetted = await vetNewName(store.users, typed, config.board.sysop);
  if (!vetted.ok) {
    io.err(`bbs user add: the name '${neutralizeLine(typed)}' ${NAME_PROBLEMS[vetted.problem](vetted.vars)}`);
    return 1;
  }
  const name = vetted.name;
  const password = await readNewPassword(config, io, `Password for ${name}: `);
  if (password === null) return 1;
  // An explicit --level is the sysop's own choice; otherwise the board's rule for who becomes sysop.
  const created = await store.users.create(name, password, { claim: level ? 'none' : vetted.claim });
  if (!created.ok) {
    io.err(`bbs user add: the name '${name}' ${NAME_PROBLEMS[created.reason]({})}`);
    return 1;
  }
  const made = level ? await store.users.setLevel(created.user.id, level) : created.user;
  io.out(`made ${made.name} (${made.level}) as user ${made.id}`);
  return 0;
}

async function passwd(store: Store, config: BoardConfig, target: User, io: UserCommandIO): Promise<number> {
  const password = await readNewPassword(config, io, `New password for ${target.name}: `);
  if (password === null) return 1;
  await store.users.setPassword(target.id, password);
  io.out(`password for ${target.name} changed`);
  return 0;
}

async function readNewPassword(config: BoardConfig, io: UserCommandIO, prompt: string): Promise<string | null> {
  let password: string;
  try {
    password = await io.readPassword(prompt, true);
  } catch (err) {
    io.err(`bbs user: ${(err as Error).message}`);
    return null;
  }
  const min = config.limits.minPasswordLength;
  if ([...password].length < min) {
    io.err(`bbs user: passwords need at least ${min} characters`);
    return null;
  }
  if ([...password].length > 128) {
    io.err('bbs user: passwords may have at most 128 characters');
    return null;
  }
  return password;
}

async function list(store: Store, io: UserCommandIO): Promise<number> {
  const users = await store.users.list();
  if (users.length === 0) {
    io.out('No accounts yet.');
    return 0;
  }
  const nameWidth = Math.max(4, ...users.map((u) => [...u.name].length));
  const idWidth = Math.max(2, ...users.map((u) => String(u.id).length));
  const day = (d: Date | null): string => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : 'never');
  const row = (id: string, name: string, level: string, calls: string, last: string, state: string): string =>
    `${id.padStart(idWidth)}  ${name.padEnd(nameWidth)}  ${level.padEnd(6)}  ${calls.padStart(5)}  ${last.padEnd(16)}  ${state}`.trimEnd();
  // A column of its own with a heading, and a word in every row: a ban must not read as a blank at the end of a line.
  io.out(row('ID', 'NAME', 'LEVEL', 'CALLS', 'LAST CALL (UTC)', 'STATUS'));
  for (const u of users) io.out(row(String(u.id), neutralizeLine(u.name), u.level, String(u.calls), day(u.lastCallAt), u.banned ? 'BANNED' : 'active'));
  return 0;
}

const terminalIO: UserCommandIO = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readPassword: (prompt, confirm) => (process.stdin.isTTY ? askTwice(prompt, confirm) : firstLine(process.stdin)),
  endCalls: async (data, userId, by) => {
    const who = await askBoard(data, { cmd: 'who' }, 3000);
    if (!who.ok) return null;
    const calls = (who.callers ?? []).filter((c) => c.userId === userId);
    for (const c of calls) await askBoard(data, { cmd: 'kick', sessionId: c.sessionId, by }, 3000);
    return calls.length;
  },
};

/** The first line of a piped standard input: `echo secret | bbs user passwd zed`. */
async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.includes('\n') || text.length > 4096) break;
  }
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (!line) throw new Error('no password on standard input');
  return line;
}

async function askTwice(prompt: string, confirm: boolean): Promise<string> {
  const first = await askHidden(prompt);
  if (confirm && (await askHidden('Once more to confirm: ')) !== first) throw new Error('the two passwords did not match');
  return first;
}

/** Read one line at the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (err: Error | null): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

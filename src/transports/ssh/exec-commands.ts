/**
 * What `ssh bbs@host COMMAND` may run: a few read-only commands that answer
 * and exit, for scripts and status bars, and `ssh NAME@host web`, an
 * account's one-time link to the web reader. Nothing here changes the
 * board's messages, and nothing reaches a shell: the command line is only
 * ever compared to names.
 */

export interface ExecContext {
  /** Callers online on the whole board, already formatted as plain text: other hosts may have to be asked. */
  who: () => string | Promise<string>;
  /** The message of the day callers see now, as plain text: the board may have to read it from its store. */
  motd: () => string | Promise<string>;
  /** A one-time web login link for this account, as a whole URL; null when the board has no web port. Absent: no web reader. */
  webLogin?: (userId: number) => Promise<string | null>;
}

/** Who runs the command: the front-door user, or an account that logged in with its password or key. */
export type ExecCaller = { kind: 'anonymous' } | { kind: 'user'; userId: number; name: string };

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit status the client's `ssh` returns: 0 ok, 2 bad usage, 127 unknown command (as a shell says). */
  code: number;
}

interface ExecCommand {
  summary: string;
  run: (ctx: ExecContext, caller: ExecCaller) => string | ExecResult | Promise<string | ExecResult>;
}

export const EXEC_COMMANDS: ReadonlyMap<string, ExecCommand> = new Map<string, ExecCommand>([
  ['who', { summary: 'who is on the board right now', run: (ctx) => ctx.who() }],
  ['motd', { summary: 'the message of the day', run: (ctx) => ctx.motd() }],
  ['web', { summary: 'a link that logs your account in to the web reader once (ssh NAME@HOST web)', run: (ctx, caller) => webLink(ctx, caller) }],
  ['help', { summary: 'this list', run: () => execHelp() }],
]);

/** The longest command line worth reading; anything longer is not one of ours. */
const MAX_COMMAND = 200;

function execHelp(): string {
  const lines = [...EXEC_COMMANDS].map(([name, c]) => `  ${name.padEnd(6)} ${c.summary}`);
  return `Commands (ssh bbs@HOST COMMAND):\n${lines.join('\n')}\nWithout a command, ssh takes you to the board itself.\n`;
}

/** Exit status of a command refused to this caller (as `sudo` and `ssh` use 1). */
const REFUSED = 1;

/** The front-door user is nobody in particular: a link for it would log in no one, so it is told how to ask as itself. */
async function webLink(ctx: ExecContext, caller: ExecCaller): Promise<string | ExecResult> {
  if (caller.kind !== 'user') return { stdout: '', stderr: 'bbs: web logs your own account in: connect as it (ssh NAME@HOST web), not as the front-door user\n', code: REFUSED };
  const url = ctx.webLogin ? await ctx.webLogin(caller.userId) : null;
  if (url === null) return { stdout: '', stderr: 'bbs: this board has no web reader\n', code: REFUSED };
  return `Open this link in your browser to read the board as ${caller.name}.\nIt works once, within 10 minutes:\n\n  ${url}\n`;
}

/** Rejects only when what the command reads fails (the store); the caller then answers with an error status. */
export async function runExecCommand(commandLine: string, ctx: ExecContext, caller: ExecCaller = { kind: 'anonymous' }): Promise<ExecResult> {
  const words = commandLine.length > MAX_COMMAND ? null : commandLine.trim().split(/\s+/).filter(Boolean);
  const name = words?.[0]?.toLowerCase() ?? '';
  const command = EXEC_COMMANDS.get(name);
  if (!words || !command) {
    const shown = printable(commandLine);
    return { stdout: '', stderr: `bbs: ${shown === '' ? 'empty command' : `unknown command '${shown}'`}; try 'help'\n`, code: 127 };
  }
  if (words.length > 1) return { stdout: '', stderr: `bbs: ${name} takes no arguments\n`, code: 2 };
  const answer = await command.run(ctx, caller);
  if (typeof answer !== 'string') return answer;
  const text = answer;
  return { stdout: text.endsWith('\n') || text === '' ? text : text + '\n', stderr: '', code: 0 };
}

/** What was typed, short and with control characters made harmless, for a message or a log line. */
export function printable(s: string): string {
  const cut = [...s.trim()].slice(0, 40).join('');
  return cut.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
}

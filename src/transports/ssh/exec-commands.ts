/**
 * What `ssh bbs@host COMMAND` may run: a few read-only commands that answer
 * and exit, for scripts and status bars. Nothing here changes the board, and
 * nothing reaches a shell: the command line is only ever compared to names.
 */

export interface ExecContext {
  /** Callers online on the whole board, already formatted as plain text: other hosts may have to be asked. */
  who: () => string | Promise<string>;
  /** The message of the day callers see now, as plain text: the board may have to read it from its store. */
  motd: () => string | Promise<string>;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit status the client's `ssh` returns: 0 ok, 2 bad usage, 127 unknown command (as a shell says). */
  code: number;
}

interface ExecCommand {
  summary: string;
  run: (ctx: ExecContext) => string | Promise<string>;
}

export const EXEC_COMMANDS: ReadonlyMap<string, ExecCommand> = new Map<string, ExecCommand>([
  ['who', { summary: 'who is on the board right now', run: (ctx) => ctx.who() }],
  ['motd', { summary: 'the message of the day', run: (ctx) => ctx.motd() }],
  ['help', { summary: 'this list', run: () => execHelp() }],
]);

/** The longest command line worth reading; anything longer is not one of ours. */
const MAX_COMMAND = 200;

function execHelp(): string {
  const lines = [...EXEC_COMMANDS].map(([name, c]) => `  ${name.padEnd(6)} ${c.summary}`);
  return `Commands (ssh bbs@HOST COMMAND):\n${lines.join('\n')}\nWithout a command, ssh takes you to the board itself.\n`;
}

/** Rejects only when what the command reads fails (the store); the caller then answers with an error status. */
export async function runExecCommand(commandLine: string, ctx: ExecContext): Promise<ExecResult> {
  const words = commandLine.length > MAX_COMMAND ? null : commandLine.trim().split(/\s+/).filter(Boolean);
  const name = words?.[0]?.toLowerCase() ?? '';
  const command = EXEC_COMMANDS.get(name);
  if (!words || !command) {
    const shown = printable(commandLine);
    return { stdout: '', stderr: `bbs: ${shown === '' ? 'empty command' : `unknown command '${shown}'`}; try 'help'\n`, code: 127 };
  }
  if (words.length > 1) return { stdout: '', stderr: `bbs: ${name} takes no arguments\n`, code: 2 };
  const text = await command.run(ctx);
  return { stdout: text.endsWith('\n') || text === '' ? text : text + '\n', stderr: '', code: 0 };
}

/** What was typed, short and with control characters made harmless, for a message or a log line. */
export function printable(s: string): string {
  const cut = [...s.trim()].slice(0, 40).join('');
  return cut.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
}

export const MAIN_HELP = `Usage: bbs <command> [options]

A classic bulletin board for today's internet: telnet, SSH, a browser, and
the original Mongrel2 JSON-socket client.

Commands:
  serve        start the board (bbs serve --help for every setting)
  backup       copy the database safely while the board runs
  restore      put a backup back (the board must be stopped)
  health       check that the board on this machine answers (exit 0/1)
  key          link, list and unlink users' SSH public keys
  who          list every caller on the running board
  nodes        list, drain, undrain or restart the running board's nodes
  broadcast    show a line to every caller online
  user         add, list, ban, unban or re-level accounts; set passwords
  door         play one of the board's doors here, to try it out
  files        list the file areas, import a folder of files, delete a file
  help         show this help

Run "bbs COMMAND --help" for a command's options.`;

type Command = (argv: string[]) => Promise<number>;

/**
 * Each command's module is loaded when it runs: `bbs serve` has no use for
 * what `bbs key` needs (ssh2, megabytes of it), and a long-running board
 * should not hold it.
 */
const COMMANDS: Record<string, Command> = {
  serve: async (argv) => (await import('./serve.js')).serve(argv),
  backup: async (argv) => (await import('./backup.js')).backup(argv),
  restore: async (argv) => (await import('./restore.js')).restore(argv),
  health: async (argv) => (await import('./health.js')).health(argv),
  key: async (argv) => (await import('./key.js')).key(argv),
  who: async (argv) => (await import('./board-commands.js')).who(argv),
  nodes: async (argv) => (await import('./board-commands.js')).nodes(argv),
  broadcast: async (argv) => (await import('./board-commands.js')).broadcast(argv),
  user: async (argv) => (await import('./user.js')).user(argv),
  door: async (argv) => (await import('./door.js')).door(argv),
  files: async (argv) => (await import('./files.js')).files(argv),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(MAIN_HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`bbs: unknown command '${name}'\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`bbs ${name}: ${err.message}\nRun "bbs ${name} --help" for the options.`);
      return 2;
    }
    throw err;
  }
}

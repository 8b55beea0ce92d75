/**
 * The dosbox.conf a DOS door runs under: no window, no sound, COM1 wired to
 * the board, the door's folder as C:, and an autoexec that runs the door and
 * then leaves, so DOSBox ends when the door does. Written for DOSBox 0.74
 * (Debian's `dosbox`); every path and word that lands in the autoexec is
 * checked here, since one stray line break would run a command of its own.
 */

interface DosboxConfigInput {
  /** Loopback port the board listens on; DOSBox's COM1 connects to it. */
  port: number;
  /** Host folder mounted as C:, holding the door. */
  doorFolder: string;
  /** Host folder holding this call's drop files, mounted as D: (dos-drive.ts tells the door so); absent: no D:. */
  dropFolder?: string;
  /** Host folder with the board's own DOS helpers (PAUSE.COM), mounted as E:. */
  toolFolder: string;
  /** The door's DOS command line, run from C:\ (e.g. `GAME.EXE /N1`). */
  commandLine: string;
  /** DOSBox's `cycles` setting. */
  cycles: string;
}

/** Longest command line DOS accepts (the PSP's tail holds 127 bytes). */
const DOS_COMMAND_MAX = 126;

/**
 * Why `path` cannot be mounted, or null. DOSBox reads the autoexec line by
 * line and splits `mount` arguments on spaces unless quoted: a quote or a
 * control character in a path would end it early or start a new command.
 */
export function mountPathProblem(path: string): string | null {
  if (!path.startsWith('/')) return `the folder ${JSON.stringify(path)} is not an absolute path`;
  if (/[\x00-\x1f\x7f"]/.test(path)) return `the folder ${JSON.stringify(path)} holds a quote or a control character`;
  return null;
}

/**
 * The door's command line for DOS, or why it cannot be one. Redirection and
 * pipe characters are refused too: arguments may carry a caller's name, and a
 * name with `>` in it must not make the door's shell write a file.
 */
export function dosCommandLine(command: string, args: readonly string[]): { line: string } | { problem: string } {
  const line = [command, ...args].join(' ');
  if (command.trim() === '') return { problem: 'the door names no DOS program' };
  if (/[^\x20-\x7e]/.test(line)) return { problem: 'the DOS command line holds a character DOS cannot take (a control character or non-ASCII)' };
  if (/[<>|]/.test(line)) return { problem: 'the DOS command line holds <, > or |, which the DOS shell would take as redirection' };
  if (line.length > DOS_COMMAND_MAX) return { problem: `the DOS command line is ${line.length} characters; DOS takes at most ${DOS_COMMAND_MAX}` };
  return { line };
}

/** The whole dosbox.conf text. Inputs must have passed the checks above. */
export function dosboxConfig(input: DosboxConfigInput): string {
  const mounts = [`mount c "${input.doorFolder}"`];
  if (input.dropFolder !== undefined) mounts.push(`mount d "${input.dropFolder}"`);
  mounts.push(`mount e "${input.toolFolder}"`);
  return [
    '[sdl]',
    // SDL's dummy video driver (set in the environment) draws nowhere; surface is the cheapest output to feed it.
    'fullscreen=false',
    'output=surface',
    '[dosbox]',
    'machine=svga_s3',
    'memsize=16',
    '[render]',
    'frameskip=0',
    'aspect=false',
    'scaler=none',
    '[cpu]',
    'core=normal',
    `cycles=${input.cycles}`,
    '[mixer]',
    'nosound=true',
    '[midi]',
    // Without these DOSBox opens the ALSA sequencer at start and complains on stderr when there is none.
    'mpu401=none',
    'mididevice=none',
    '[speaker]',
    'pcspeaker=false',
    'tandy=off',
    'disney=false',
    '[sblaster]',
    'sbtype=none',
    '[gus]',
    'gus=false',
    '[joystick]',
    'joysticktype=none',
    '[serial]',
    // DOSBox connects out to the board rather than listening: its nullmodem server
    // listens on every interface, where anyone could take the door's line first.
    // transparent:1 passes every byte (0xFF too) without DOSBox's own handshake escapes;
    // txdelay:1 sends what the door wrote after 1 ms instead of gathering it for 12.
    `serial1=nullmodem server:127.0.0.1 port:${input.port} transparent:1 txdelay:1`,
    'serial2=disabled',
    'serial3=disabled',
    'serial4=disabled',
    '[dos]',
    'xms=true',
    'ems=true',
    'umb=true',
    'keyboardlayout=none',
    '[ipx]',
    'ipx=false',
    '[autoexec]',
    '@echo off',
    ...mounts,
    'c:',
    'cd \\',
    input.commandLine,
    // DOSBox sends COM1's bytes on its own timer and drops what is still
    // waiting when it exits: a door's last words would be lost without a pause.
    'e:\\pause.com',
    'exit',
    '',
  ].join('\n');
}

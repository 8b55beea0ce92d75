import { setFlagsFromString } from 'node:v8';

/**
 * Start-up runs a lot of code once and never again: Node resolving and
 * linking some 150 modules, the theme being read. V8 sees some of it grow
 * hot and hands it to TurboFan, its optimizing compiler, whose own machine
 * code (about 3.5 MiB of it) is then paged in and stays resident in an idle
 * board, all to optimize functions that will not run again.
 *
 * So `bbs serve` holds the optimizer back while the board starts and lets it
 * go once the board is ready: from then on whatever grows hot serving
 * callers is optimized exactly as before. V8 reads this flag each time it
 * considers a function, and no other flag follows from it. Flags the sysop
 * gave node about its compilers are left alone.
 */
let held = false;

export function holdOptimizer(): void {
  if (held || compilerFlagsGiven()) return;
  setFlagsFromString('--no-opt');
  held = true;
}

export function releaseOptimizer(): void {
  if (!held) return;
  held = false;
  setFlagsFromString('--opt');
}

function compilerFlagsGiven(): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((flag) => /^--(no-)?(opt|turbofan|jitless|max-opt|lite-mode)\b/.test(flag.replace(/_/g, '-')));
}

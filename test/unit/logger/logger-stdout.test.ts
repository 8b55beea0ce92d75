import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type StdioOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOGGER = fileURLToPath(new URL('../../../src/logger.ts', import.meta.url));

/** Runs a script; `fd`, when given, takes both standard output and standard error. */
function run(script: string, fd?: number): { stdout: string; stderr: string; status: number | null } {
  const stdio: StdioOptions = fd === undefined ? 'pipe' : ['ignore', fd, fd];
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, stdio });
  return { stdout: child.stdout ?? '', stderr: child.stderr ?? '', status: child.status };
}

void test('log lines reach standard output in order, also when the process exits in the same tick', () => {
  const out = run(`
    import { createLogger } from ${JSON.stringify(LOGGER)};
    const log = createLogger({ format: 'json', clock: () => new Date(0) });
    for (let i = 0; i < 5; i++) log.info('line', { i });
    setImmediate(() => {
      log.warn('later');
      log.error('last words');
      process.exit(3);
    });
  `);
  assert.equal(out.status, 3);
  const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; i?: number });
  assert.deepEqual(
    lines.map((l) => `${l.msg}${l.i ?? ''}`),
    ['line0', 'line1', 'line2', 'line3', 'line4', 'later', 'last words'],
  );
});

void test('a thrown error still leaves the lines logged before it', () => {
  const out = run(`
    import { createLogger } from ${JSON.stringify(LOGGER)};
    const log = createLogger({ format: 'text', clock: () => new Date(0) });
    log.info('before the crash');
    throw new Error('boom');
  `);
  assert.equal(out.status, 1);
  assert.match(out.stdout, /before the crash/);
});

void test('the exit hook belongs to a logger with lines waiting, not to the module or an idle logger', () => {
  const out = run(`
    const exits = () => process.listenerCount('exit');
    const before = exits();
    const { createLogger } = await import(${JSON.stringify(LOGGER)});
    const imported = exits() - before;
    const log = createLogger({ format: 'json' });
    const other = createLogger({ format: 'json' });
    const captured = createLogger({ format: 'json', write: () => {} });
    const created = exits() - before;
    log.info('one');
    log.child({ part: 'x' }).info('two');
    other.info('three');
    captured.info('four');
    const waiting = exits() - before;
    // The lines wait a few milliseconds for others to share their write, then go and take their hooks with them.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const written = exits() - before;
    console.error(JSON.stringify({ imported, created, waiting, written }));
  `);
  assert.equal(out.status, 0, out.stderr);
  // One hook for each stdout logger with lines waiting (a child shares its parent's), none for one that writes elsewhere.
  assert.deepEqual(JSON.parse(out.stderr) as unknown, { imported: 0, created: 0, waiting: 2, written: 0 });
  assert.deepEqual(out.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg), ['one', 'two', 'three']);
});

void test('flushLog writes every logger\'s waiting lines before a fatal error on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-log-'));
  const file = join(dir, 'out');
  const fd = openSync(file, 'w');
  try {
    // One file behind both streams, as on a terminal or under a service manager: the order is what a sysop reads.
    run(
      `
      import { createLogger, flushLog } from ${JSON.stringify(LOGGER)};
      const clock = () => new Date(0);
      createLogger({ format: 'text', clock }).info('leading up');
      createLogger({ format: 'text', clock }).warn('from another logger');
      flushLog();
      console.error('bbs: fatal');
      process.exitCode = 1;
    `,
      fd,
    );
  } finally {
    closeSync(fd);
  }
  const text = readFileSync(file, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(
    text.trim().split('\n').map((l) => l.replace(/^\S+ \S+\s+/, '')),
    ['leading up', 'from another logger', 'bbs: fatal'],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOGGER = fileURLToPath(new URL('../../src/logger.ts', import.meta.url));

function run(script: string): { stdout: string; status: number | null } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  return { stdout: child.stdout, status: child.status };
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

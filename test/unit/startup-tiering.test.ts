import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MODULE = fileURLToPath(new URL('../../src/cli/startup-tiering.ts', import.meta.url));

/** A hot function run while the optimizer is held, then after it is let go; what V8 says it optimized, split at the release. */
function probe(nodeFlags: string[]): { held: string; released: string } {
  const script = `
    import { holdOptimizer, releaseOptimizer } from ${JSON.stringify(MODULE)};
    function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
    holdOptimizer();
    for (let i = 0; i < 300; i++) work(10000);
    await new Promise((r) => setTimeout(r, 100));
    console.log('RELEASED');
    releaseOptimizer();
    for (let i = 0; i < 300; i++) work(10000);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 50; i++) work(10000);
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--trace-opt', ...nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  const [held = '', released = ''] = run.stdout.split('RELEASED');
  return { held, released };
}

const optimizedWork = /completed optimizing .*<JSFunction work /;

test('while the board starts nothing is optimized, and once it is ready hot code is optimized as always', { timeout: 60_000 }, () => {
  const { held, released } = probe([]);
  assert.doesNotMatch(held, optimizedWork);
  assert.match(released, optimizedWork);
});

test("a sysop's own choice about the optimizer is left as it is", { timeout: 60_000 }, () => {
  const { held, released } = probe(['--no-opt']);
  assert.doesNotMatch(held + released, optimizedWork, '--no-opt stays off after the board is ready');
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FUZZERS } from '../../../scripts/fuzz/targets.js';

/** A short, fixed-seed pass of every fuzzer; `npm run fuzz` runs a million inputs each. */
const INPUTS = 3000;

void describe('fuzz: every untrusted-input parser, short run', () => {
  for (const [name, run] of Object.entries(FUZZERS)) {
    it(`${name}: ${INPUTS} inputs break no rule`, () => {
      const report = run(INPUTS, 0xf00d);
      assert.equal(report.inputs, INPUTS);
      assert.deepEqual(report.failures, [], `${name} failures:\n${report.failures.map((f) => `${f.message}\n${f.input}`).join('\n')}`);
    });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALLOCATOR_ENV, withAllocatorEnv } from '../../../src/nodes/allocator-env.js';

const ROOT = new URL('../../../', import.meta.url);

test('the allocator setting is added, and a value already set wins', () => {
  assert.equal(withAllocatorEnv({ PATH: '/bin' }).MALLOC_TRIM_THRESHOLD_, '131072');
  assert.equal(withAllocatorEnv({ PATH: '/bin' }).PATH, '/bin');
  assert.equal(withAllocatorEnv({ MALLOC_TRIM_THRESHOLD_: '65536' }).MALLOC_TRIM_THRESHOLD_, '65536');
});

test('the Docker image and npm start run the board with the same allocator setting', () => {
  const dockerfile = readFileSync(new URL('Dockerfile', ROOT), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const start = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  for (const [name, value] of Object.entries(ALLOCATOR_ENV)) {
    assert.match(runtime, new RegExp(`^\\s*(ENV )?${name}=${value}\\b`, 'm'), `the runtime stage sets ${name}`);
    assert.ok(start.includes(`${name}=\${${name}:-${value}}`), `npm start sets ${name} unless the sysop did`);
  }
});

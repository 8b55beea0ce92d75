import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { ROOT } from '../../helpers/spawned-board.js';

const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** Every check the linter has, as an error: a warning nobody reads is no check. */
const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

function lint(text: string): string[] {
  return validate(text, STRICT).map((d) => `line ${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`);
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** The Dockerfile as instructions per stage, continuation lines joined. */
function stages(text: string): Instruction[][] {
  const out: Instruction[][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i]!;
    if (/^\s*(#|$)/.test(logical)) continue;
    while (logical.endsWith('\\') && i + 1 < lines.length) logical = logical.slice(0, -1) + ' ' + lines[++i]!;
    const m = /^\s*(\w+)\s+([\s\S]*)$/.exec(logical);
    if (!m) continue;
    const instruction = { keyword: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start + 1 };
    if (instruction.keyword === 'FROM') out.push([]);
    out.at(-1)?.push(instruction);
  }
  return out;
}

void test('the linter itself reports a broken Dockerfile', () => {
  const problems = lint('from node:20-bookworm-slim\nEXPOSE port\nWORKDIR app\nCMD ["a"]\nCMD ["b"]\n');
  assert.ok(problems.length >= 3, problems.join('\n'));
});

void test('the Dockerfile passes dockerfile-utils with every check as an error', () => {
  assert.deepEqual(lint(DOCKERFILE), []);
});

void test('the image is built from the pinned Node 20 slim base, in more than one stage', () => {
  const all = stages(DOCKERFILE);
  assert.ok(all.length >= 2, 'a build stage and a runtime stage');
  for (const stage of all) assert.match(stage[0]!.args, /^node:20-bookworm-slim(\s+AS\s+\w+)?$/i, `line ${stage[0]!.line}`);
});

void test('the runtime stage runs as a non-root user and holds no compilers', () => {
  const runtime = stages(DOCKERFILE).at(-1)!;
  const user = runtime.filter((i) => i.keyword === 'USER').at(-1);
  assert.ok(user, 'USER in the runtime stage');
  assert.doesNotMatch(user.args, /^(root|0)(:|$)/);
  for (const i of runtime.filter((i) => i.keyword === 'RUN')) assert.doesNotMatch(i.args, /apt-get install|npm (ci|install)/, `line ${i.line} installs in the runtime stage`);
});

void test('the runtime stage keeps state in /data, exposes the five ports, stops on SIGTERM and checks health', () => {
  const runtime = stages(DOCKERFILE).at(-1)!;
  const args = (keyword: string): string => runtime.filter((i) => i.keyword === keyword).map((i) => i.args).join(' ');
  assert.match(args('VOLUME'), /\/data\b/);
  assert.match(args('ENV'), /BBS_DATA=\/data\b/);
  assert.match(args('ENV'), /BBS_LOG_FORMAT=json\b/);
  assert.deepEqual(args('EXPOSE').split(/\s+/).sort(), ['1119', '2222', '2323', '6767', '8080']);
  assert.equal(args('STOPSIGNAL'), 'SIGTERM');
  assert.match(args('HEALTHCHECK'), /CMD .*\bhealth\b/);
  assert.match(args('CMD'), /\bserve\b/);
});

void test('apt-get installs skip recommends and leave no package lists behind; nothing is fetched with ADD', () => {
  for (const i of stages(DOCKERFILE).flat()) {
    assert.notEqual(i.keyword, 'ADD', `line ${i.line}: COPY, not ADD`);
    if (i.keyword === 'RUN' && /apt-get install/.test(i.args)) {
      assert.match(i.args, /--no-install-recommends/, `line ${i.line}`);
      assert.match(i.args, /rm -rf \/var\/lib\/apt\/lists/, `line ${i.line}`);
    }
  }
});

void test('.dockerignore keeps node_modules, data, .git and tests out of the build context', () => {
  const rules = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  assert.equal(rules[0], '*', 'everything is left out unless listed');
  const included = rules.filter((r) => r.startsWith('!')).map((r) => r.slice(1).replace(/\/$/, ''));
  for (const kept of ['node_modules', 'data', '.git', 'test', 'dist']) assert.ok(!included.includes(kept), `${kept} must stay out`);
  for (const needed of ['package.json', 'package-lock.json', 'src', 'bin', 'art', 'config', 'web']) assert.ok(included.includes(needed), `${needed} must be in`);
});

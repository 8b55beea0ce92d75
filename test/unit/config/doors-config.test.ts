import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

async function withConfig(yaml: string): Promise<ReturnType<typeof loadConfig>> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-doors-'));
  try {
    await writeFile(join(data, 'bbs.yaml'), yaml);
    return await loadConfig({ flags: { data } });
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}

test('doors: the board\'s own Lunar Lander by default; a listed door with every default filled in', async () => {
  const fresh = await loadConfig({ flags: { data: '/tmp/none' } });
  assert.deepEqual(fresh.doors.map((d) => [d.name, d.command, d.detachMinutes]), [['lander', '{nodejs}', 10]]);
  assert.deepEqual(fresh.gateways, []);
  const c = await withConfig('doors:\n  - name: trek\n    command: /usr/games/trek\n');
  assert.deepEqual(c.doors, [
    {
      name: 'trek',
      title: 'trek',
      description: '',
      kind: 'program',
      command: '/usr/games/trek',
      args: [],
      env: {},
      dropFiles: ['door32.sys'],
      encoding: 'utf8',
      tty: 'program',
      level: 'new',
      maxPlayers: 0,
      minutesPerCall: 0,
      minutesPerDay: 0,
      lineBased: false,
      detachMinutes: 0,
    },
  ]);
  const g = await withConfig('gateways:\n  - name: far\n    host: bbs.example.org\n    port: 23\n');
  assert.deepEqual(g.gateways, [{ name: 'far', title: 'far', description: '', host: 'bbs.example.org', port: 23, protocol: 'telnet', level: 'new' }]);
});

test('doors and gateways: every mistake is named with the setting, the entry and the field', async () => {
  const cases: Array<[string, RegExp]> = [
    ['doors: trek\n', /setting doors .*expected a list of doors/],
    ['doors:\n  - name: Trek\n    command: x\n', /door 1: name must be 1-20 lower-case/],
    ['doors:\n  - name: a\n', /door 1 \(a\): command must be text/],
    ['doors:\n  - name: a\n    command: x\n  - name: a\n    command: y\n', /door 2 \(a\): the name is used twice/],
    ['doors:\n  - name: a\n    command: x\n    args: ["{door33}"]\n', /door 1 \(a\): args 1: unknown door variable \{door33\}/],
    ['doors:\n  - name: a\n    command: x\n    env: { "BAD-NAME": "1" }\n', /env: 'BAD-NAME' is not a variable name/],
    ['doors:\n  - name: a\n    command: x\n    drop_files: [exitinfo.bbs]\n', /drop_files must be one of door\.sys, door32\.sys, dorinfo1\.def, chain\.txt/],
    ['doors:\n  - name: a\n    command: x\n    encoding: latin1\n', /encoding must be one of utf8, cp437/],
    ['doors:\n  - name: a\n    command: x\n    level: admin\n', /level must be one of new, member, sysop/],
    ['doors:\n  - name: a\n    command: x\n    max_players: -1\n', /max_players must be a whole number from 0/],
    ['doors:\n  - name: a\n    command: x\n    colour: red\n', /door 1: unknown field 'colour'/],
    ['doors:\n  - name: a\n    kind: dosbox\n    command: GAME.EXE\n', /a dosbox door needs cwd/],
    ['gateways:\n  - name: far\n    host: "evil host"\n    port: 23\n', /gateway 1 \(far\): host must be a host name or an address/],
    ['gateways:\n  - name: far\n    host: example.org\n    port: 70000\n', /port must be 1-65535/],
    ['gateways:\n  - name: far\n    host: example.org\n    port: 23\n    protocol: ssh\n', /protocol must be one of telnet, raw/],
  ];
  for (const [yaml, message] of cases) {
    await assert.rejects(withConfig(yaml), (err: Error) => err instanceof ConfigError && message.test(err.message), yaml);
  }
});

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import type { GatewayDefinition } from '../../../src/config/door-settings.js';
import { DoorDesk } from '../../../src/doors/door-desk.js';
import { silentLogger } from '../../../src/logger.js';
import type { RawTerminal } from '../../../src/session/caller.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';
import type { Handback } from '../../../src/session/handoff.js';
import { until } from '../../helpers/until.js';

/**
 * The desk dials only the boards the config lists: a gateway request names a
 * board, never an address, and a name that is not in `gateways:` is refused
 * before the caller's terminal is touched or any connection is made.
 */

/** A far board on loopback that only counts who connects. */
async function farBoard(t: TestContext): Promise<{ port: number; connections: () => number }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => void sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { port: address.port, connections: () => sockets.length };
}

/** A call at the desk with a raw-capable terminal that records whether it was opened and what came back. */
function fakeCall(id: string) {
  const backs: Handback[] = [];
  let opened = 0;
  const terminal: RawTerminal = { terminal: { ...DEFAULT_TERMINAL }, write: () => true, writable: true, close: () => {} };
  const call = {
    id,
    caller: {
      transport: 'telnet',
      remote: '127.0.0.1',
      terminal: { ...DEFAULT_TERMINAL },
      deliver: () => {},
      openRaw: () => {
        opened++;
        return terminal;
      },
    },
    back: (handback: Handback) => void backs.push(handback),
  };
  return { call, backs, opened: () => opened };
}

function desk(gateways: GatewayDefinition[]): DoorDesk {
  return new DoorDesk({ doors: [], gateways, log: silentLogger, board: { name: 'Test', sysop: null }, data: '/nonexistent' });
}

test('a gateway request naming a board not in the config is refused: no terminal taken, no connection made', async (t) => {
  const far = await farBoard(t);
  const gateway: GatewayDefinition = { name: 'far', title: 'Far Board', description: '', host: '127.0.0.1', port: far.port, protocol: 'telnet', level: 'new' };
  const d = desk([gateway]);
  t.after(() => d.stopAll(1000));

  // An unknown name, and names shaped like the address of a real listener: none is an address to the desk.
  for (const name of ['elsewhere', `127.0.0.1:${far.port}`, `127.0.0.1 ${far.port}`, 'FAR']) {
    const c = fakeCall(`call-${name}`);
    d.begin(c.call, { kind: 'gateway', gateway: name });
    await until(`an answer for ${name}`, () => c.backs.length > 0, 2000);
    assert.deepEqual(c.backs, [{ how: 'refused', seconds: 0, note: 'There is no such board in the list.' }], name);
    assert.equal(c.opened(), 0, `${name}: the caller's terminal stays with the conversation`);
    assert.equal(d.holds(c.call.id), false);
  }
  assert.equal(far.connections(), 0, 'nothing was dialled');

  // The board the config names is reached: the same listener would have counted a stray connection above.
  const ok = fakeCall('call-far');
  d.begin(ok.call, { kind: 'gateway', gateway: 'far' });
  await until('the configured board to be dialled', () => far.connections() === 1, 2000);
  assert.equal(ok.opened(), 1);
  assert.equal(d.holds(ok.call.id), true);
  d.hangup(ok.call.id);
  assert.equal(d.holds(ok.call.id), false);
});

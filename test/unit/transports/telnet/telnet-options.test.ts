import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TelnetOptions, type OptionPolicy } from '../../../../src/transports/telnet/telnet-options.js';
import { DO, DONT, IAC, OPT_BINARY, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE, WILL, WONT, type Verb } from '../../../../src/transports/telnet/telnet-codes.js';

const SERVER: OptionPolicy = {
  us: new Set([OPT_ECHO, OPT_SGA, OPT_BINARY]),
  him: new Set([OPT_SGA, OPT_NAWS, OPT_TTYPE, OPT_BINARY]),
};

void describe('telnet options: our requests', () => {
  void it('asks once and does not ask again while waiting', () => {
    const o = new TelnetOptions(SERVER);
    assert.deepEqual(o.request('us', OPT_ECHO, true), [IAC, WILL, OPT_ECHO]);
    assert.deepEqual(o.request('us', OPT_ECHO, true), []);
    assert.deepEqual(o.request('him', OPT_NAWS, true), [IAC, DO, OPT_NAWS]);
    assert.equal(o.enabled('us', OPT_ECHO), false);
  });

  void it('takes an agreement silently and reports it', () => {
    const o = new TelnetOptions(SERVER);
    o.request('him', OPT_TTYPE, true);
    assert.deepEqual(o.receive(WILL, OPT_TTYPE), { reply: [], change: { side: 'him', option: OPT_TTYPE, enabled: true } });
    assert.equal(o.enabled('him', OPT_TTYPE), true);
  });

  void it('takes a refusal silently and reports it as off', () => {
    const o = new TelnetOptions(SERVER);
    o.request('him', OPT_NAWS, true);
    assert.deepEqual(o.receive(WONT, OPT_NAWS), { reply: [], change: { side: 'him', option: OPT_NAWS, enabled: false } });
    o.request('us', OPT_ECHO, true);
    assert.deepEqual(o.receive(DONT, OPT_ECHO), { reply: [], change: { side: 'us', option: OPT_ECHO, enabled: false } });
  });

  void it('disables with the queue of RFC 1143 (change of mind while waiting)', () => {
    const o = new TelnetOptions(SERVER);
    o.request('him', OPT_SGA, true);
    assert.deepEqual(o.request('him', OPT_SGA, false), []);
    // The WILL answering our DO arrives after we changed our mind: say DONT, once.
    assert.deepEqual(o.receive(WILL, OPT_SGA), { reply: [IAC, DONT, OPT_SGA], change: null });
    assert.deepEqual(o.receive(WONT, OPT_SGA), { reply: [], change: { side: 'him', option: OPT_SGA, enabled: false } });
    assert.equal(o.enabled('him', OPT_SGA), false);
  });
});

void describe('telnet options: peer requests', () => {
  void it('agrees to what we support', () => {
    const o = new TelnetOptions(SERVER);
    assert.deepEqual(o.receive(DO, OPT_SGA).reply, [IAC, WILL, OPT_SGA]);
    assert.deepEqual(o.receive(WILL, OPT_BINARY).reply, [IAC, DO, OPT_BINARY]);
  });

  void it('refuses what we do not support', () => {
    const o = new TelnetOptions(SERVER);
    assert.deepEqual(o.receive(WILL, OPT_ECHO).reply, [IAC, DONT, OPT_ECHO]);
    assert.deepEqual(o.receive(DO, OPT_TTYPE).reply, [IAC, WONT, OPT_TTYPE]);
    assert.deepEqual(o.receive(DO, 39).reply, [IAC, WONT, 39]);
    assert.equal(o.enabled('him', OPT_ECHO), false);
  });

  void it('answers a turn-off of an enabled option and ignores one of a disabled option', () => {
    const o = new TelnetOptions(SERVER);
    o.receive(DO, OPT_ECHO);
    assert.deepEqual(o.receive(DONT, OPT_ECHO), { reply: [IAC, WONT, OPT_ECHO], change: { side: 'us', option: OPT_ECHO, enabled: false } });
    assert.deepEqual(o.receive(DONT, OPT_ECHO).reply, []);
    assert.deepEqual(o.receive(WONT, OPT_NAWS).reply, []);
  });

  void it('keeps every option the same once a peer names one past the first 64', () => {
    const o = new TelnetOptions({ us: new Set([OPT_ECHO]), him: new Set([OPT_NAWS, 200]) });
    assert.deepEqual(o.receive(DO, OPT_ECHO).reply, [IAC, WILL, OPT_ECHO]);
    assert.deepEqual(o.request('him', OPT_NAWS, true), [IAC, DO, OPT_NAWS]);
    assert.deepEqual(o.receive(WILL, 200).reply, [IAC, DO, 200]);
    assert.deepEqual(o.receive(DO, 255).reply, [IAC, WONT, 255]);
    assert.deepEqual(o.receive(DO, 255).reply, [], 'a repeated refusal stays silent');
    assert.equal(o.enabled('him', 200), true);
    assert.equal(o.enabled('us', OPT_ECHO), true, 'what was agreed below 64 is kept');
    assert.deepEqual(o.receive(WILL, OPT_NAWS), { reply: [], change: { side: 'him', option: OPT_NAWS, enabled: true } }, 'a request made below 64 is still waiting');
  });

  void it('answers a flood of requests only on state change', () => {
    const o = new TelnetOptions(SERVER);
    const verbs: Verb[] = [WILL, WONT, DO, DONT];
    const replies: number[][] = [];
    for (let round = 0; round < 1000; round++) {
      for (const option of [OPT_ECHO, OPT_SGA, OPT_NAWS, 77]) {
        // The same request many times in a row: only the first can change anything.
        const verb = verbs[round % 4]!;
        for (let k = 0; k < 5; k++) {
          const { reply } = o.receive(verb, option);
          if (reply.length) replies.push(reply);
          if (k > 0) assert.deepEqual(reply, [], `repeat ${k} of ${verb}/${option} answered`);
        }
      }
    }
    // Unsupported: each refusal said once per option and side, however often asked.
    assert.equal(replies.filter((r) => r[2] === 77).length, 2);
    assert.ok(replies.length < 4 * 1000 * 2);
  });

  void it('two negotiators talking to each other settle without looping', () => {
    const a = new TelnetOptions(SERVER);
    const b = new TelnetOptions({ us: new Set([OPT_NAWS, OPT_TTYPE, OPT_SGA]), him: new Set([OPT_ECHO, OPT_SGA]) });
    let toB = [
      ...a.request('us', OPT_ECHO, true),
      ...a.request('us', OPT_SGA, true),
      ...a.request('him', OPT_SGA, true),
      ...a.request('him', OPT_NAWS, true),
      ...a.request('him', OPT_TTYPE, true),
      ...a.request('us', OPT_BINARY, true),
      ...a.request('him', OPT_BINARY, true),
    ];
    let toA: number[] = [...b.request('us', OPT_SGA, true), ...b.request('him', OPT_BINARY, true)];
    let rounds = 0;
    while (toA.length || toB.length) {
      assert.ok(++rounds < 10, 'negotiation loops');
      const nextA: number[] = [];
      const nextB: number[] = [];
      for (let i = 0; i < toB.length; i += 3) nextA.push(...b.receive(toB[i + 1] as Verb, toB[i + 2]!).reply);
      for (let i = 0; i < toA.length; i += 3) nextB.push(...a.receive(toA[i + 1] as Verb, toA[i + 2]!).reply);
      toA = nextA;
      toB = nextB;
    }
    assert.equal(a.enabled('us', OPT_ECHO), true);
    assert.equal(a.enabled('us', OPT_SGA), true);
    assert.equal(a.enabled('him', OPT_SGA), true);
    assert.equal(a.enabled('him', OPT_NAWS), true);
    assert.equal(a.enabled('him', OPT_TTYPE), true);
    assert.equal(a.enabled('us', OPT_BINARY), true);
    assert.equal(a.enabled('him', OPT_BINARY), false);
    assert.equal(b.enabled('him', OPT_ECHO), true);
  });
});

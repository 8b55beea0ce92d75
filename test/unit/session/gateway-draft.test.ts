import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Gateway } from '../../../src/nodes/gateway.js';
import { localLinkPair } from '../../../src/nodes/local-link.js';
import type { CallOffer, CallState, FromNode, ToNode } from '../../../src/nodes/link-protocol.js';
import type { CallerPort } from '../../../src/session/caller.js';
import { DRAFT_MAX_LINES, type Draft } from '../../../src/session/draft.js';
import { DEFAULT_TERMINAL, type OutputEvent } from '../../../src/session/events.js';
import { createLogger } from '../../../src/logger.js';

/**
 * The gateway's side of a node restart: it keeps the latest draft a node
 * synced, hands it to the node that takes the call over, and holds lines
 * typed meanwhile for the resumed prompt only. Nodes here are bare link
 * ends the test speaks for.
 */

/** Logs go nowhere: the test reads what the gateway does, not what it says. */
const newGateway = (): Gateway => new Gateway({ log: createLogger({ format: 'text', write: () => {} }), busyText: () => 'BUSY', redialText: () => 'Redialing' });

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A node the test plays: what the gateway sent it, and a way to answer. */
function fakeNode(gateway: Gateway, node: number) {
  const [gatewaySide, nodeSide] = localLinkPair<ToNode, FromNode>();
  const got: ToNode[] = [];
  nodeSide.onMessage((m) => got.push(m));
  gateway.attach(node, 4, gatewaySide);
  const offers = (): CallOffer[] => got.flatMap((m) => (m.t === 'claim' ? [m.offer] : []));
  const inputs = (): string[] => got.flatMap((m) => (m.t === 'input' && m.event.type === 'line' ? [m.event.text] : []));
  return { link: nodeSide, got, offers, inputs };
}

function caller() {
  const seen: OutputEvent[] = [];
  const port: CallerPort = { transport: 'telnet', remote: '127.0.0.1', terminal: { ...DEFAULT_TERMINAL }, deliver: (ev) => seen.push(ev) };
  return { port, seen };
}

const DRAFT: Draft = { kind: 'post', area: 'general', subject: 'Deploys', lines: ['one', 'two', 'three'], quoted: 0 };

function state(draft: Draft | null, resumeAt = 'post'): CallState {
  return { user: { id: 7, name: 'Drafter', level: 'member' }, resumeAt, doing: 'posting', since: 0, line: 1, connectedAt: 0, draft };
}

const prompt = (moved?: 'same' | 'other'): OutputEvent => ({ type: 'prompt', text: '', pchar: ' 4: ', mode: 'line', maxLength: 200, ...(moved ? { moved } : {}) });

/** A gateway with one caller placed and claimed on node 1, which then goes away; node 2 is the one left. */
async function placedThenMoved(synced: unknown) {
  const gateway = newGateway();
  const one = fakeNode(gateway, 1);
  const c = caller();
  const handle = gateway.dial(c.port);
  handle.input({ type: 'open' });
  await tick();
  const offer = one.offers()[0]!;
  one.link.send({ t: 'claimed', callId: offer.callId, line: 1 });
  one.link.send({ t: 'sync', callId: offer.callId, state: synced as CallState });
  await tick();
  const two = fakeNode(gateway, 2);
  one.link.close();
  await tick();
  return { gateway, one, two, c, handle, callId: offer.callId };
}

void describe('gateway: the draft across a node restart', () => {
  void it('a fresh call carries no draft, and a re-seated one carries the draft its node last synced', async () => {
    const { one, two } = await placedThenMoved(state(DRAFT));
    assert.equal(one.offers()[0]!.draft, undefined);
    const offer = two.offers()[0]!;
    assert.equal(offer.resumeAt, 'post');
    assert.deepEqual(offer.draft, DRAFT);
  });

  void it('keeps only the newest draft: a later sync replaces it, and null (message sent) clears it', async () => {
    const gateway = newGateway();
    const one = fakeNode(gateway, 1);
    const c = caller();
    gateway.dial(c.port).input({ type: 'open' });
    await tick();
    const { callId } = one.offers()[0]!;
    one.link.send({ t: 'claimed', callId, line: 1 });
    one.link.send({ t: 'sync', callId, state: state(DRAFT) });
    one.link.send({ t: 'sync', callId, state: state({ ...DRAFT, lines: [...DRAFT.lines, 'four'] }) });
    await tick();
    const two = fakeNode(gateway, 2);
    one.link.close();
    await tick();
    assert.deepEqual(two.offers()[0]!.draft?.lines, ['one', 'two', 'three', 'four']);

    two.link.send({ t: 'claimed', callId, line: 1 });
    two.link.send({ t: 'sync', callId, state: state(null, 'main-menu') });
    await tick();
    const three = fakeNode(gateway, 3);
    two.link.close();
    await tick();
    assert.equal(three.offers()[0]!.draft, null);
    assert.equal(three.offers()[0]!.resumeAt, 'main-menu');
  });

  void it('bounds what it keeps, whatever a node sends: lines, line length, a malformed draft', async () => {
    const huge = { ...DRAFT, lines: Array.from({ length: DRAFT_MAX_LINES + 50 }, () => 'x'.repeat(10_000)), quoted: 1e9 };
    const { two } = await placedThenMoved(state(huge));
    const kept = two.offers()[0]!.draft!;
    assert.equal(kept.lines.length, DRAFT_MAX_LINES);
    assert.ok(kept.lines.every((l) => l.length === 2000));
    assert.equal(kept.quoted, DRAFT_MAX_LINES);

    const { two: other } = await placedThenMoved(state({ kind: 'format-disk', lines: 'nope' } as unknown as Draft));
    assert.equal(other.offers()[0]!.draft, null);
  });

  void it('a line typed while the call moves answers the resumed prompt, which is not drawn a second time', async () => {
    const { two, c, handle, callId } = await placedThenMoved(state(DRAFT));
    handle.input({ type: 'line', text: 'fourth line' });
    handle.input({ type: 'line', text: '.' });
    two.link.send({ t: 'claimed', callId, line: 1 });
    await tick();
    assert.deepEqual(two.inputs(), [], 'nothing reaches the new node before it asks');
    const shownBefore = c.seen.length;
    two.link.send({ t: 'output', callId, event: prompt('same') });
    await tick();
    assert.deepEqual(two.inputs(), ['fourth line', '.'], 'in order, as answers to the prompt they were typed at and the ones after it');
    assert.equal(c.seen.length, shownBefore, 'the caller already answered that prompt');
    // From now on lines pass straight through.
    handle.input({ type: 'line', text: 'next' });
    await tick();
    assert.deepEqual(two.inputs(), ['fourth line', '.', 'next']);
  });

  void it('a line typed while the call moves is dropped when the new node asks something else', async () => {
    const { two, c, handle, callId } = await placedThenMoved(state(null, 'read'));
    handle.input({ type: 'line', text: 'n' });
    two.link.send({ t: 'claimed', callId, line: 1 });
    two.link.send({ t: 'output', callId, event: prompt('other') });
    await tick();
    assert.deepEqual(two.inputs(), [], 'a key for the reader never reaches the main menu');
    assert.equal(c.seen.at(-1)?.type, 'prompt', 'the new prompt is drawn');
    handle.input({ type: 'line', text: 'w' });
    await tick();
    assert.deepEqual(two.inputs(), ['w']);
  });

  void it('holds a bounded number of lines while moving', async () => {
    const { two, handle, callId } = await placedThenMoved(state(DRAFT));
    for (let i = 0; i < 500; i++) handle.input({ type: 'line', text: `l${i}` });
    two.link.send({ t: 'claimed', callId, line: 1 });
    two.link.send({ t: 'output', callId, event: prompt('same') });
    await tick();
    assert.equal(two.inputs().length, 64);
    assert.equal(two.inputs()[0], 'l0');
  });
});

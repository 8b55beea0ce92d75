import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowDeps } from '../../../src/flows/deps.js';
import { loadedWithFirstCall } from '../../../src/nodes/start-node.js';
import type { SessionIO } from '../../../src/session/io.js';
import type { Conversation } from '../../../src/session/runner.js';

const deps = { board: { name: 'Test BBS', motd: '' } } as unknown as FlowDeps;
const io = (n: number): SessionIO => ({ n }) as unknown as SessionIO;

test("the board's conversation is loaded with the first call, once, however many callers arrive while it loads", async () => {
  let loads = 0;
  let release!: () => void;
  const loaded = new Promise<void>((resolve) => (release = resolve));
  const served: unknown[] = [];
  let madeWith: FlowDeps | undefined;
  const conversation = loadedWithFirstCall(deps, async () => {
    loads++;
    await loaded;
    return {
      createConversation: (d: FlowDeps): Conversation => {
        madeWith = d;
        return (caller) => {
          served.push(caller);
          return Promise.resolve();
        };
      },
    };
  });
  assert.equal(loads, 0, 'nothing is loaded before anyone calls');
  const first = conversation(io(1));
  const second = conversation(io(2));
  release();
  await Promise.all([first, second]);
  await conversation(io(3));
  assert.equal(loads, 1);
  assert.equal(madeWith, deps);
  assert.deepEqual(served, [io(1), io(2), io(3)]);
});

test('if the conversation cannot be loaded that call fails (the runner shows the error screen and logs it) and the next call tries again', async () => {
  let loads = 0;
  const conversation = loadedWithFirstCall(deps, () =>
    ++loads === 1 ? Promise.reject(new Error('Cannot find module flows/conversation.js')) : Promise.resolve({ createConversation: (): Conversation => () => Promise.resolve() }),
  );
  await assert.rejects(conversation(io(1)), /Cannot find module/);
  await conversation(io(2));
  assert.equal(loads, 2);
});

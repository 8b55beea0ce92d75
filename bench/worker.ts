/**
 * A load-generating client process: receives one task and its parameters,
 * runs it against the board, and reports back over IPC.
 */
import { TASKS, type TaskContext } from './tasks/index.js';

let goWaiter: (() => void) | null = null;
let goes = 0;

const ctx: TaskContext = {
  ready: (data) => process.send!({ type: 'ready', data }),
  progress: (data) => process.send!({ type: 'progress', data }),
  go: () =>
    new Promise<void>((resolve) => {
      if (goes > 0) {
        goes--;
        resolve();
      } else goWaiter = resolve;
    }),
};

process.on('message', (m: { task?: string; params?: unknown; go?: boolean }) => {
  if (m.go) {
    if (goWaiter) {
      const w = goWaiter;
      goWaiter = null;
      w();
    } else goes++;
    return;
  }
  const run = TASKS[m.task!];
  if (!run) {
    process.send!({ type: 'error', message: `no task ${m.task}` });
    return;
  }
  run(m.params, ctx).then(
    (data) => process.send!({ type: 'result', data }, () => process.exit(0)),
    (err: unknown) => process.send!({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
  );
});

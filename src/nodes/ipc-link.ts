import type { ChildProcess } from 'node:child_process';
import type { LinkEnd } from './link-protocol.js';

/** The gateway's end of a link to a worker node process over its IPC channel. */
export function childLink<Out, In>(child: ChildProcess): LinkEnd<Out, In> {
  const closeHandlers: Array<(reason: string) => void> = [];
  let closed = false;
  const finish = (reason: string): void => {
    if (closed) return;
    closed = true;
    for (const h of closeHandlers) h(reason);
  };
  child.on('exit', (code, signal) => finish(signal ? `killed by ${signal}` : `exited with ${code}`));
  child.on('disconnect', () => finish('disconnected'));
  child.on('error', (err) => finish(err.message));
  return {
    send: (m) => {
      if (!closed && child.connected) child.send(m as object, (err) => err && finish(err.message));
    },
    onMessage: (h) => void child.on('message', (m) => h(m as In)),
    onClose: (h) => void closeHandlers.push(h),
    close: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      finish('closed');
    },
  };
}

/** A worker node's end of the link to its gateway: this process's IPC channel. */
export function parentLink<Out, In>(): LinkEnd<Out, In> {
  const closeHandlers: Array<(reason: string) => void> = [];
  process.on('disconnect', () => {
    for (const h of closeHandlers) h('gateway gone');
  });
  return {
    send: (m) => {
      if (process.connected) process.send!(m);
    },
    onMessage: (h) => void process.on('message', (m) => h(m as In)),
    onClose: (h) => void closeHandlers.push(h),
    close: () => process.disconnect(),
  };
}

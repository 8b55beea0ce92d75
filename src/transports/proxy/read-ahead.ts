import type { Socket } from 'node:net';

type DataListener = (...args: unknown[]) => void;

/**
 * What `look` answers for each chunk: `undefined` to keep reading, a buffer
 * to end the look-ahead and put those bytes back in front for the socket's
 * own readers (empty when none), or `null` when it has closed the socket.
 */
type LookAnswer = Buffer | null | undefined;

/**
 * Reads a socket's first bytes before its protocol does, without holding the
 * protocol back from writing: the protocol may already have attached its
 * 'data' listeners (a telnet greeting goes out at once), but they see nothing
 * until `look` is done. A 'readable' listener keeps the socket out of flowing
 * mode, and the protocol's listeners are set aside while we read, because
 * read() hands every chunk to whoever listens for 'data'. Once `look` gives
 * the socket back, the stream resumes for the 'data' listeners it has by then
 * (or waits, unread, for the first one), as a fresh socket would; `done` runs
 * after the bytes are back in place.
 */
export function readAhead(socket: Socket, look: (chunk: Buffer) => LookAnswer, done?: () => void): void {
  const onReadable = (): void => {
    const readers = socket.rawListeners('data') as DataListener[];
    for (const r of readers) socket.removeListener('data', r);
    let answer: LookAnswer;
    let chunk: Buffer | null;
    while (answer === undefined && !socket.destroyed && (chunk = socket.read() as Buffer | null) !== null) answer = look(chunk);
    if (answer !== undefined) {
      socket.removeListener('readable', onReadable);
      if (answer && answer.length > 0) socket.unshift(answer);
    }
    for (const r of readers) socket.on('data', r);
    if (answer) done?.();
  };
  socket.on('readable', onReadable);
}

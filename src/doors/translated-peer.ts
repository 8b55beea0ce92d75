import type { RawPeer, RawSink } from './raw-peer.js';
import { transcoder, type DoorCharset } from './transcode.js';

/**
 * A peer whose bytes are translated between the door's charset and the
 * caller's: its output on the way to the caller, the caller's keys on the way
 * to it. The same peer when both speak the same charset.
 */
export function translatedPeer(peer: RawPeer, door: DoorCharset, caller: DoorCharset): RawPeer {
  const toCaller = transcoder(door, caller);
  const toDoor = transcoder(caller, door);
  if (!toCaller || !toDoor) return peer;
  return {
    start(sink: RawSink) {
      peer.start({
        // Nothing to send (half a character held back) adds nothing to the wire's backlog.
        data: (bytes) => {
          const out = toCaller.push(bytes);
          return out.length === 0 || sink.data(out);
        },
        end: (outcome) => {
          const tail = toCaller.flush();
          if (tail.length > 0) sink.data(tail);
          sink.end(outcome);
        },
      });
    },
    input(bytes) {
      const out = toDoor.push(bytes);
      if (out.length > 0) peer.input(out);
    },
    resize: (cols, rows) => peer.resize(cols, rows),
    resume: () => peer.resume(),
    stop: (how) => peer.stop(how),
  };
}

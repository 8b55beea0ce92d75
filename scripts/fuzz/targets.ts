import type { FuzzReport } from './kit.js';
import { fuzzArt } from './fuzz-art.js';
import { fuzzControlRequest } from './fuzz-control-request.js';
import { fuzzDoorStreams } from './fuzz-door-streams.js';
import { fuzzFileRequests } from './fuzz-file-requests.js';
import { fuzzFrameCodec } from './fuzz-frame-codec.js';
import { fuzzKeystrokes } from './fuzz-keystrokes.js';
import { fuzzNeutralize } from './fuzz-neutralize.js';
import { fuzzNntp } from './fuzz-nntp.js';
import { fuzzProxyHeader } from './fuzz-proxy-header.js';
import { fuzzTelnetStream } from './fuzz-telnet-stream.js';
import { fuzzWebReader } from './fuzz-web-reader.js';
import { fuzzWsControl } from './fuzz-ws-control.js';

/** Every parser that reads bytes or text from outside, by fuzzer name. */
export const FUZZERS: Readonly<Record<string, (count: number, seed: number) => FuzzReport>> = {
  'frame-codec': fuzzFrameCodec,
  telnet: fuzzTelnetStream,
  'line-editor': fuzzKeystrokes,
  'ws-control': fuzzWsControl,
  art: fuzzArt,
  neutralize: fuzzNeutralize,
  'control-request': fuzzControlRequest,
  'door-streams': fuzzDoorStreams,
  'file-requests': fuzzFileRequests,
  'proxy-header': fuzzProxyHeader,
  nntp: fuzzNntp,
  'web-reader': fuzzWebReader,
};

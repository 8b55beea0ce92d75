import { chatLines } from './chat-lines.js';
import { connectLatency } from './connect-latency.js';
import { crossChat } from './cross-chat.js';
import { cycles } from './cycles.js';
import { doorEcho } from './door-echo.js';
import { doorFlood } from './door-flood.js';
import { editorTyping } from './editor-typing.js';
import { failoverCallers } from './failover-callers.js';
import { holdCallers } from './hold-callers.js';
import { logins } from './logins.js';
import { posting } from './posting.js';
import { refusalFlood } from './refusal-flood.js';
import { roundTrips } from './round-trips.js';
import { sshSessions } from './ssh-sessions.js';
import { storePosting } from './store-posting.js';
import { webRequests } from './web-requests.js';
import { zmodemDownloads } from './zmodem-downloads.js';
import { zmodemFloor } from './zmodem-floor.js';

export interface TaskContext {
  /** Tell the benchmark a phase is done (callers connected, logged in ...). */
  ready(data?: unknown): void;
  progress(data?: unknown): void;
  /** Wait for the benchmark's word to go on to the next phase. */
  go(): Promise<void>;
}

export type Task = (params: never, ctx: TaskContext) => Promise<unknown>;

export const TASKS: Readonly<Record<string, (params: unknown, ctx: TaskContext) => Promise<unknown>>> = {
  'hold-callers': holdCallers as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'connect-latency': connectLatency as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'round-trips': roundTrips as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  logins: logins as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  posting: posting as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'ssh-sessions': sshSessions as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  cycles: cycles as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'store-posting': storePosting as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'refusal-flood': refusalFlood as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'chat-lines': chatLines as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'cross-chat': crossChat as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'door-echo': doorEcho as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'door-flood': doorFlood as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'editor-typing': editorTyping as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'failover-callers': failoverCallers as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'zmodem-downloads': zmodemDownloads as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'zmodem-floor': zmodemFloor as (p: unknown, ctx: TaskContext) => Promise<unknown>,
  'web-requests': webRequests as (p: unknown, ctx: TaskContext) => Promise<unknown>,
};

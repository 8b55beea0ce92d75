import type { GuardTurn } from '../rules/login-guard.js';
import type { ThrottleAnswer, ThrottleRule } from '../rules/throttle.js';
import type { OfferedKey } from '../session/caller.js';
import type { Draft } from '../session/draft.js';
import type { InputEvent, OutputEvent, Terminal } from '../session/events.js';
import type { LiveEvent, OnlineCaller } from '../session/live.js';
import type { SessionUser } from '../session/session.js';
import type { DoorPlay } from '../session/handoff.js';

/**
 * The only way the gateway (which owns sockets) and the nodes (which own
 * lines and run conversations) talk. Plain data, so the same messages go
 * through a function call in one process or an IPC channel to a worker.
 */

/** A call as the gateway hands it to a node. */
export interface CallOffer {
  callId: string;
  transport: string;
  remote: string;
  terminal: Terminal;
  user?: SessionUser;
  offeredKey?: OfferedKey;
  /** Set when a call is re-seated after its node went away: the named flow to resume at. */
  resumeAt?: string;
  /** With `resumeAt`: the message the caller was typing, for the new node to give back. */
  draft?: Draft | null;
}

/** What a node tells the gateway about a call whenever it changes: enough to re-seat it elsewhere. */
export interface CallState {
  user: SessionUser | null;
  resumeAt: string;
  doing: string;
  since: number;
  line: number;
  connectedAt: number;
  /** The message being typed, line by line; null when none. */
  draft: Draft | null;
}

export type ToNode =
  | { t: 'claim'; offer: CallOffer }
  | { t: 'input'; callId: string; event: InputEvent }
  | { t: 'live'; event: LiveEvent }
  | { t: 'roster'; id: number; callers: OnlineCallerWire[]; count: number }
  /** How many callers are on the board, sent when it changes (at most once a tick) and to a node as it comes up. */
  | { t: 'online'; count: number }
  /** The gateway's answer to an `ask`; null when it could not answer (the asker treats that as a refusal). */
  | { t: 'answer'; id: number; answer: BoardAnswer | null }
  | { t: 'shutdown' };

export type FromNode =
  | { t: 'ready'; node: number; lines: number; pid: number }
  | { t: 'claimed'; callId: string; line: number }
  | { t: 'busy'; callId: string }
  | { t: 'output'; callId: string; event: OutputEvent }
  | { t: 'sync'; callId: string; state: CallState }
  | { t: 'ended'; callId: string }
  | { t: 'live'; event: LiveEvent }
  /** The full roster (`who`); how many are online is announced by the gateway instead. */
  | { t: 'ask-roster'; id: number }
  /** A question for the board-wide limits the gateway holds (password guard, throttle). */
  | { t: 'ask'; id: number; ask: BoardAsk }
  | { t: 'stopped' };

/**
 * What a node asks of the limits kept once for the whole board, in the
 * gateway: every node must see the same counts, or each added node would
 * multiply what an attacker gets.
 */
export type BoardAsk =
  | { kind: 'guard-attempt'; account: string; address: string }
  | { kind: 'guard-succeeded'; account: string; address: string }
  | { kind: 'throttle-take'; key: string; rule: ThrottleRule }
  | { kind: 'throttle-peek'; key: string; rule: ThrottleRule }
  /** Every door being played now, for the doors list and the sysop's watch. */
  | { kind: 'door-plays' };

/** The answer to each kind of ask. */
export interface BoardAnswers {
  'guard-attempt': GuardTurn;
  'guard-succeeded': true;
  'throttle-take': ThrottleAnswer;
  'throttle-peek': ThrottleAnswer;
  'door-plays': DoorPlay[];
}

export type BoardAnswer = BoardAnswers[keyof BoardAnswers];

/** OnlineCaller with times as numbers, for the wire. */
export type OnlineCallerWire = Omit<OnlineCaller, 'since' | 'connectedAt'> & { since: number; connectedAt: number };

export function toWire(c: OnlineCaller): OnlineCallerWire {
  return { ...c, since: c.since.getTime(), connectedAt: c.connectedAt.getTime() };
}

export function fromWire(c: OnlineCallerWire): OnlineCaller {
  return { ...c, since: new Date(c.since), connectedAt: new Date(c.connectedAt) };
}

/** One end of a link: send a message, hear the other end's messages, learn when it is gone. */
export interface LinkEnd<Out, In> {
  send(message: Out): void;
  onMessage(handler: (message: In) => void): void;
  onClose(handler: (reason: string) => void): void;
  close(): void;
}

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { CallHandle, CallerPort, Exchange } from '../../src/session/caller.js';
import type { InputEvent } from '../../src/session/events.js';
import { createLogger } from '../../src/logger.js';
import type { RunningListener } from '../../src/transports/listener.js';
import { ConnectionLimiter } from '../../src/transports/limits/connection-limiter.js';
import { DO, DONT, IAC, OPT_NAWS, OPT_TTYPE, SB, SE, WILL, WONT } from '../../src/transports/telnet/telnet-codes.js';
import { TelnetParser } from '../../src/transports/telnet/telnet-parser.js';
import { startTelnet, type TelnetTransportOptions } from '../../src/transports/telnet/telnet-transport.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from '../helpers/until.js';

/** Every network wait is short: a hang fails the test instead of stalling the suite. */
const STEP_MS = 2000;
const OFFER = Buffer.from([
  IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 3, IAC, DO, OPT_NAWS, IAC, DO, OPT_TTYPE, IAC, WILL, 0, IAC, DO, 0,
]);

/** A stand-in for the session runner: greets, prompts, echoes each line back as a screen. */
class FakeCall implements CallHandle {
  readonly events: InputEvent[] = [];
  constructor(
    readonly id: string,
    readonly port: CallerPort,
  ) {}

  input(event: InputEvent): void {
    this.events.push(event);
    const ask = (): void => this.port.deliver({ type: 'prompt', text: '', pchar: 'name: ', mode: 'line', maxLength: 40 });
    if (event.type === 'open') {
      this.port.deliver({ type: 'screen', text: 'Welcome\n' });
      ask();
    } else if (event.type === 'line') {
      if (event.text === 'quit') this.port.deliver({ type: 'exit', text: 'Bye\n' });
      else if (event.text === 'flood') for (let i = 0; i < 400; i++) this.port.deliver({ type: 'screen', text: 'x'.repeat(64 * 1024) });
      else if (event.text === 'nbsp') this.port.deliver({ type: 'screen', text: '[\u00a0]' });
      else if (event.text === 'key') this.port.deliver({ type: 'prompt', text: 'Continue?', pchar: ' ', mode: 'key', maxLength: 1 });
      else {
        this.port.deliver({ type: 'screen', text: `you said: ${event.text}\n` });
        ask();
      }
    }
  }

  count(type: InputEvent['type']): number {
    return this.events.filter((e) => e.type === type).length;
  }
}

class FakeExchange implements Exchange {
  readonly calls: FakeCall[] = [];
  dial(port: CallerPort): CallHandle {
    const call = new FakeCall(`call-${this.calls.length + 1}`, port);
    this.calls.push(call);
    return call;
  }
}

/** A telnet peer over a real socket: raw bytes in, plus the data part read through a telnet parser. */
class Peer {
  raw = Buffer.alloc(0);
  data = Buffer.alloc(0);
  ended = false;
  closed = false;
  private readonly parser = new TelnetParser();
  private waiters = new Set<() => void>();
  readonly socket: Socket;

  constructor(port: number, onSub?: (peer: Peer, option: number, data: Buffer) => void) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.raw = Buffer.concat([this.raw, chunk]);
      for (const e of this.parser.push(chunk)) {
        if (e.type === 'data') this.data = Buffer.concat([this.data, e.bytes]);
        if (e.type === 'subnegotiation') onSub?.(this, e.option, e.data);
      }
      this.wake();
    });
    this.socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    this.socket.on('error', () => {});
  }

  text(): string {
    return this.data.toString('latin1');
  }

  send(...parts: (number[] | string | Buffer)[]): void {
    for (const p of parts) this.socket.write(typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p));
  }

  async until(what: string, test: () => boolean, ms = STEP_MS): Promise<void> {
    if (test()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.text().slice(-200))}`));
      }, ms);
      const check = (): void => {
        if (!test()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  untilText(s: string, ms = STEP_MS): Promise<void> {
    return this.until(JSON.stringify(s), () => this.text().includes(s), ms);
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** The board's side of the call, seen through the fake exchange: polled, since nothing there signals. */
function untilCall(what: string, test: () => boolean, ms = STEP_MS): Promise<true> {
  return until(what, test, ms, 5);
}

/** A client that answers the offer the way a capable terminal does. */
function negotiatingPeer(port: number, ttype: string, size: [number, number]): Peer {
  const peer = new Peer(port, (p, option, data) => {
    if (option === OPT_TTYPE && data[0] === 1) p.send([IAC, SB, OPT_TTYPE, 0], ttype, [IAC, SE]);
  });
  peer.send([IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, size[0] >> 8, size[0] & 255, size[1] >> 8, size[1] & 255, IAC, SE]);
  peer.send([IAC, WILL, OPT_TTYPE, IAC, DO, 1, IAC, DO, 3, IAC, WILL, 3]);
  return peer;
}

void describe('telnet transport over loopback', { timeout: 30_000 }, () => {
  let exchange: FakeExchange;
  let listener: RunningListener;
  let logs: string[];
  const peers: Peer[] = [];
  const open = (p: Peer): Peer => {
    peers.push(p);
    return p;
  };

  async function start(extra: Partial<TelnetTransportOptions> = {}): Promise<RunningListener> {
    return startTelnet({
      exchange,
      log: createLogger({ format: 'json', level: 'debug', write: (l) => logs.push(l) }),
      host: '127.0.0.1',
      port: 0,
      limiter: new ConnectionLimiter({ perAddress: 50 }),
      ...extra,
    });
  }

  before(async () => {
    exchange = new FakeExchange();
    logs = [];
    listener = await start();
  });

  after(async () => {
    for (const p of peers) p.close();
    await listener.close();
  });

  const port = (): number => listener.address.port;
  const callFor = async (n: number): Promise<FakeCall> => {
    await untilCall(`call ${n}`, () => exchange.calls.length >= n);
    return exchange.calls[n - 1]!;
  };

  void it('offers character mode, NAWS, TTYPE and binary in one exact write', async () => {
    const peer = open(new Peer(port()));
    await peer.until('the offer', () => peer.raw.length >= OFFER.length);
    assert.deepEqual(peer.raw.subarray(0, OFFER.length), OFFER);
    peer.close();
  });

  void it('shows a raw socket that never negotiates the prompt well within a second', async () => {
    const started = Date.now();
    const peer = open(new Peer(port()));
    await peer.untilText('name: ', 1000);
    assert.ok(Date.now() - started < 1000);
    assert.ok(peer.text().includes('Welcome\r\nname: '));
    peer.send('bob\r\n');
    await peer.untilText('you said: bob\r\n');
    peer.close();
  });

  void it('places a negotiating call at once with its type and size, and reports resizes', async () => {
    // With a 5 s fallback, only a dial on the answers themselves can meet the 1 s bound.
    const slow = await start({ dialDelayMs: 5000 });
    try {
      const before = exchange.calls.length;
      const started = Date.now();
      const peer = open(negotiatingPeer(slow.address.port, 'XTERM-256COLOR', [100, 30]));
      await peer.untilText('name: ', 1000);
      assert.ok(Date.now() - started < 1000);
      const call = await callFor(before + 1);
      assert.equal(call.port.transport, 'telnet');
      assert.equal(call.port.remote, '127.0.0.1');
      assert.deepEqual(
        { ...call.port.terminal },
        { cols: 100, rows: 30, colorLevel: 2, encoding: 'utf8', ansiBbs: false, termType: 'xterm-256color' },
      );
      assert.deepEqual(call.events[0], { type: 'open' });
      peer.send([IAC, SB, OPT_NAWS, 0, 120, 0, 40, IAC, SE]);
      await untilCall('resize', () => call.count('resize') === 1);
      // The same size again is no news; a new one is.
      peer.send([IAC, SB, OPT_NAWS, 0, 120, 0, 40, IAC, SE, IAC, SB, OPT_NAWS, 0, 80, 0, 25, IAC, SE]);
      await untilCall('second resize', () => call.count('resize') === 2);
      assert.deepEqual(
        call.events.filter((e) => e.type === 'resize'),
        [
          { type: 'resize', cols: 120, rows: 40 },
          { type: 'resize', cols: 80, rows: 25 },
        ],
      );
      peer.close();
    } finally {
      await slow.close();
    }
  });

  void it('asks for the terminal type again until the client repeats itself', async () => {
    const names = ['MUDLET', 'ANSI-TRUECOLOR', 'MTTS 2349'];
    let asked = 0;
    const peer = open(
      new Peer(port(), (p, option, data) => {
        if (option !== OPT_TTYPE || data[0] !== 1) return;
        p.send([IAC, SB, OPT_TTYPE, 0], names[Math.min(asked++, names.length - 1)]!, [IAC, SE]);
      }),
    );
    const before = exchange.calls.length;
    peer.send([IAC, WILL, OPT_TTYPE, IAC, WONT, OPT_NAWS]);
    await peer.untilText('name: ');
    const call = await callFor(before + 1);
    assert.equal(asked, 4);
    assert.equal(call.port.terminal.colorLevel, 3);
    assert.equal(call.port.terminal.termType, 'ansi-truecolor');
    peer.close();
  });

  void it('speaks CP437 to SyncTERM and doubles every 0xFF it sends', async () => {
    const peer = open(negotiatingPeer(port(), 'syncterm', [80, 24]));
    await peer.untilText('name: ');
    const call = exchange.calls[exchange.calls.length - 1]!;
    assert.equal(call.port.terminal.encoding, 'cp437');
    assert.equal(call.port.terminal.ansiBbs, true);
    const mark = peer.raw.length;
    peer.send('nbsp\r\n');
    await peer.until('the screen', () => peer.raw.subarray(mark).includes(Buffer.from(']')));
    // CP437 0xFF is the no-break space: on the wire it must be IAC IAC.
    assert.ok(peer.raw.subarray(mark).includes(Buffer.from([0x5b, 0xff, 0xff, 0x5d])));
    peer.close();
  });

  void it('reads a typed 0xFF (IAC IAC) as one key and echoes it doubled', async () => {
    const peer = open(negotiatingPeer(port(), 'syncterm', [80, 24]));
    await peer.untilText('name: ');
    const call = exchange.calls[exchange.calls.length - 1]!;
    const mark = peer.raw.length;
    peer.send([0x61, IAC, IAC, 0x62, 0x0d, 0x00]);
    await untilCall('line', () => call.count('line') === 1);
    assert.deepEqual(call.events.find((e) => e.type === 'line'), { type: 'line', text: 'a\u00a0b' });
    await peer.until('echo', () => peer.raw.length >= mark + 6);
    assert.deepEqual(peer.raw.subarray(mark, mark + 6), Buffer.from([0x61, 0xff, 0xff, 0x62, 0x0d, 0x0a]));
    peer.close();
  });

  void it('answers a key prompt on one key in character mode', async () => {
    const peer = open(negotiatingPeer(port(), 'xterm', [80, 24]));
    await peer.untilText('name: ');
    const call = exchange.calls[exchange.calls.length - 1]!;
    peer.send('key\r\n');
    await peer.untilText('Continue?\r\n ');
    peer.send('y');
    await peer.untilText('you said: y\r\n');
    assert.deepEqual(
      call.events.filter((e) => e.type === 'line'),
      [
        { type: 'line', text: 'key' },
        { type: 'line', text: 'y' },
      ],
    );
    peer.close();
  });

  void it('asks a client that refused character mode for a line instead of a key', async () => {
    const peer = open(new Peer(port()));
    peer.send([IAC, DONT, 1, IAC, DONT, 3]);
    await peer.untilText('name: ', 1000);
    const call = exchange.calls[exchange.calls.length - 1]!;
    peer.send('key\r\n');
    await peer.untilText('Continue?\r\n ');
    // A line-mode client sends the key with its Enter: that must be one answer, not an answer and an empty line.
    peer.send('y\r\n');
    await peer.untilText('you said: y\r\nname: ');
    await sleep(50);
    assert.deepEqual(
      call.events.filter((e) => e.type === 'line'),
      [
        { type: 'line', text: 'key' },
        { type: 'line', text: 'y' },
      ],
    );
    peer.close();
  });

  void it('ends the call after exit, flushing the text first, with exactly one hangup', async () => {
    const peer = open(new Peer(port()));
    await peer.untilText('name: ', 1000);
    const call = exchange.calls[exchange.calls.length - 1]!;
    peer.send('quit\r');
    await peer.until('end of call', () => peer.ended);
    assert.ok(peer.text().endsWith('quit\r\nBye\r\n'));
    await untilCall('hangup', () => call.count('hangup') === 1);
    await sleep(50);
    assert.equal(call.count('hangup'), 1);
  });

  void it('sends one hangup when the caller drops', async () => {
    const peer = open(new Peer(port()));
    await peer.untilText('name: ', 1000);
    const call = exchange.calls[exchange.calls.length - 1]!;
    peer.socket.resetAndDestroy();
    await untilCall('hangup', () => call.count('hangup') === 1);
    await sleep(50);
    assert.equal(call.count('hangup'), 1);
  });

  void it('survives a client sending garbage without disturbing another caller', async () => {
    const good = open(new Peer(port()));
    await good.untilText('name: ', 1000);
    const bad = open(new Peer(port()));
    bad.send([IAC, SB, OPT_NAWS, 1, IAC, SE]);
    bad.send([IAC, SB, OPT_TTYPE, 0, ...Buffer.alloc(4000, 0x41), IAC, SE]);
    bad.send([IAC, WILL, OPT_TTYPE, IAC, SB, OPT_TTYPE, 0, 0xc3, 0x28, IAC, SE]);
    const junk = Buffer.alloc(200_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + (i >> 3)) & 255;
    bad.send(junk);
    bad.send([IAC, SB, 99]);
    bad.send(Buffer.alloc(10_000, 0x42));
    good.send('still here\r\n');
    await good.untilText('you said: still here\r\n');
    bad.close();
  });

  void it('drops a caller who never reads once its output passes the bound', async () => {
    const tight = await start({ maxWritableBytes: 256 * 1024 });
    try {
      const before = exchange.calls.length;
      const peer = open(new Peer(tight.address.port));
      await peer.untilText('name: ', 1000);
      peer.socket.pause();
      peer.send('flood\r');
      const call = await callFor(before + 1);
      await untilCall('hangup', () => call.count('hangup') === 1, 5000);
      assert.deepEqual(call.events[call.events.length - 1], { type: 'hangup', reason: 'not reading' });
      assert.ok(logs.some((l) => l.includes('telnet caller dropped')));
      peer.close();
    } finally {
      await tight.close();
    }
  });

  void it('refuses a caller past the per-address cap with a clear line and a log entry', async () => {
    const limited = await start({ limiter: new ConnectionLimiter({ perAddress: 1 }) });
    try {
      const first = open(new Peer(limited.address.port));
      await first.untilText('name: ', 1000);
      const second = open(new Peer(limited.address.port));
      await second.until('refusal', () => second.closed);
      assert.match(second.text(), /^\r\nToo many connections from your address \(limit 1\)\. Close one and call again\.\r\n$/);
      assert.ok(logs.some((l) => l.includes('refused a connection from 127.0.0.1') && l.includes('Too many connections')));
      first.close();
      // The slot comes back when the first caller leaves.
      await untilCall('slot freed', () => first.closed);
      const third = open(new Peer(limited.address.port));
      await third.untilText('name: ', 1000);
      third.close();
    } finally {
      await limited.close();
    }
  });

  void it('keeps keys typed before the call is placed, and delivers open before the line they make', async () => {
    // An exchange that prompts while still placing the call: the typed-ahead line completes before dial() returns.
    const events: InputEvent[] = [];
    const eager: Exchange = {
      dial(caller) {
        caller.deliver({ type: 'prompt', text: '', pchar: '> ', mode: 'line', maxLength: 40 });
        return { id: 'eager', input: (e) => events.push(e) };
      },
    };
    const own = await startTelnet({ exchange: eager, log: createLogger({ format: 'json', write: () => {} }), host: '127.0.0.1', port: 0, limiter: new ConnectionLimiter() });
    try {
      const peer = open(new Peer(own.address.port));
      peer.send('early\r\n');
      await peer.untilText('> early\r\n', 1000);
      await untilCall('line', () => events.length >= 2);
      assert.deepEqual(events, [{ type: 'open' }, { type: 'line', text: 'early' }]);
      peer.close();
    } finally {
      await own.close();
    }
  });

  void it('close() stops accepting and ends every connection', async () => {
    const own = await start();
    const before = exchange.calls.length;
    const a = open(new Peer(own.address.port));
    const b = open(new Peer(own.address.port));
    await a.untilText('name: ', 1000);
    await b.untilText('name: ', 1000);
    await Promise.race([own.close(), new Promise((_, reject) => setTimeout(() => reject(new Error('close hung')), STEP_MS))]);
    await a.until('a closed', () => a.closed);
    await b.until('b closed', () => b.closed);
    for (const call of exchange.calls.slice(before)) assert.deepEqual(call.events[call.events.length - 1], { type: 'hangup', reason: 'shutdown' });
    const late = new Peer(own.address.port);
    await late.until('refused connect', () => late.closed);
  });
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { heldLoad } from '../helpers/held-load.js';
import { until, type Truthy } from '../helpers/until.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import type { CallHandle, CallerPort, Exchange } from '../../src/session/caller.js';
import type { InputEvent } from '../../src/session/events.js';
import type { ConnectionGate } from '../../src/transports/listener.js';
import { buildDirectory, webSocketEntry } from '../../src/transports/http/directory.js';
import { startHttp, type HttpListener, type HttpPortOptions } from '../../src/transports/http/http-port.js';

const WEB_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const STEP_MS = 3000;

/** A board that greets, prompts, echoes each line back as a screen and hangs up on "bye". */
class FakeBoard implements Exchange {
  readonly events: Array<{ call: string; event: InputEvent }> = [];
  readonly ports: CallerPort[] = [];
  private next = 0;

  dial(port: CallerPort): CallHandle {
    const id = `call-${++this.next}`;
    this.ports.push(port);
    const prompt = (): void => port.deliver({ type: 'prompt', text: '', pchar: 'say> ', mode: 'line', maxLength: 80 });
    return {
      id,
      input: (event) => {
        this.events.push({ call: id, event });
        if (event.type === 'open') {
          port.deliver({ type: 'screen', text: 'Welcome to the fake board\n' });
          prompt();
        } else if (event.type === 'line' && event.text === 'bye') {
          port.deliver({ type: 'exit', text: 'So long.\n' });
        } else if (event.type === 'line' && event.text === 'cp437') {
          port.deliver({ type: 'terminal', terminal: { ...port.terminal, encoding: 'cp437', ansiBbs: true } });
          port.deliver({ type: 'screen', text: 'art: ╔═╗ é\n' });
          prompt();
        } else if (event.type === 'line') {
          port.deliver({ type: 'screen', text: `you said: ${event.text}\n` });
          prompt();
        }
      },
    };
  }

  waitFor(match: (e: InputEvent) => boolean, what: string): Promise<InputEvent> {
    return poll(() => this.events.find((e) => match(e.event))?.event, what);
  }
}

class CountingGate implements ConnectionGate {
  open = 0;
  constructor(private readonly max: number) {}
  tryAcquire(): { ok: true; release(): void } | { ok: false; reason: string } {
    if (this.open >= this.max) return { ok: false, reason: 'too many connections' };
    this.open++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (!released) this.open--;
        released = true;
      },
    };
  }
}

async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function poll<T>(get: () => T | undefined, what: string, ms = STEP_MS): Promise<Truthy<T>> {
  return until(what, get, ms);
}

interface Started {
  listener: HttpListener;
  board: FakeBoard;
  gate: CountingGate;
  jsonSockets: Array<{ socket: net.Socket; firstBytes: Buffer; later: Buffer[] }>;
  port: number;
}

async function start(overrides: Partial<HttpPortOptions> = {}): Promise<Started> {
  const board = new FakeBoard();
  const gate = new CountingGate(50);
  const jsonSockets: Started['jsonSockets'] = [];
  // The directory lists the listener itself, which exists only once started.
  const self: { listener?: HttpListener } = {};
  const listener = await startHttp({
    exchange: board,
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    webRoot: WEB_ROOT,
    limiter: gate,
    directory: () =>
      buildDirectory({
        board: 'Fake BBS',
        nodes: [{ node: 1, lines: { total: 4, inUse: 1 }, listeners: self.listener ? [self.listener] : [], extra: self.listener ? [webSocketEntry(self.listener, '/ws')] : [] }],
      }),
    jsonSocket: (socket, firstBytes) => {
      const entry = { socket, firstBytes, later: [] as Buffer[] };
      jsonSockets.push(entry);
      socket.on('data', (d: Buffer) => entry.later.push(d));
    },
    pingIntervalMs: 200,
    firstByteTimeoutMs: 500,
    headersTimeoutMs: 600,
    dialDelayMs: 100,
    ...overrides,
  });
  self.listener = listener;
  return { listener, board, gate, jsonSockets, port: listener.address.port };
}

/** Send raw bytes, collect everything until the server closes. */
async function rawExchange(port: number, chunks: Array<string | Buffer>, gapMs = 0): Promise<Buffer> {
  const socket = net.connect(port, '127.0.0.1');
  const got: Buffer[] = [];
  socket.on('data', (d: Buffer) => got.push(d));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  await within(STEP_MS, 'connect', new Promise<void>((resolve) => socket.once('connect', () => resolve())));
  for (const chunk of chunks) {
    socket.write(chunk);
    if (gapMs) await sleep(gapMs);
  }
  await within(STEP_MS, 'server closes', closed);
  return Buffer.concat(got);
}

async function get(port: number, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Headers; body: string }> {
  const res = await within(STEP_MS, `${method} ${target}`, fetch(`http://127.0.0.1:${port}${target}`, { method, headers, redirect: 'manual' }));
  return { status: res.status, headers: res.headers, body: await within(STEP_MS, 'body', res.text()) };
}

function openWs(port: number, opts: WebSocket.ClientOptions & { origin?: string } = {}, target = '/ws'): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${port}${target}`, { origin: `http://127.0.0.1:${port}`, ...opts });
}

/** Collects what a WebSocket receives: terminal text and control messages apart. */
function record(ws: WebSocket): { text: () => string; controls: Array<Record<string, unknown>>; closed: Promise<number> } {
  const bytes: Buffer[] = [];
  const controls: Array<Record<string, unknown>> = [];
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) bytes.push(data);
    else controls.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
  });
  ws.on('error', () => {});
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return { text: () => Buffer.concat(bytes).toString('utf8'), controls, closed };
}

let s: Started;
before(async () => {
  s = await start();
});
after(async () => {
  await within(5000, 'listener closes', s.listener.close());
});

void test('GET / serves the modem page with strict security headers', async () => {
  const res = await get(s.port, '/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(res.body, /<script type="module" src="\/modem\.js"><\/script>/);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${s.port}`));
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});

void test('the page scripts and the whitelisted vendor files are served; nothing else is', async () => {
  for (const file of ['/modem.js', '/modem.css', '/palettes.js', '/dial-plan.js', '/vendor/xterm/xterm.mjs', '/vendor/xterm/xterm.css', '/vendor/xterm/addon-fit.mjs', '/vendor/xterm/addon-webgl.mjs', '/zmodem-page.js', '/zmodem-link.js', '/zmodem-gate.js', '/vendor/zmodem/zmodem.js']) {
    const res = await get(s.port, file);
    assert.equal(res.status, 200, file);
    assert.ok(res.body.length > 100, file);
  }
  assert.match((await get(s.port, '/vendor/xterm/xterm.mjs')).headers.get('content-type') ?? '', /^text\/javascript/);
  // The transfer library is the browser bundle, and it needs no eval: the page's policy forbids it.
  assert.doesNotMatch((await get(s.port, '/vendor/zmodem/zmodem.js')).body, /\beval\(|new Function\(/);
  for (const probe of ['/vendor/zmodem/zmodem.devel.js', '/zmodem-gate.d.ts', '/vendor/xterm/xterm.js.map', '/vendor/xterm/../../package.json', '/vendor/%2e%2e/%2e%2e/package.json', '/web/modem.js', '/modem.js/', '/.git/config']) {
    assert.equal((await get(s.port, probe)).status, 404, probe);
  }
});

void test('a repeated request with the ETag gets 304', async () => {
  const first = await get(s.port, '/modem.css');
  const etag = first.headers.get('etag') ?? '';
  assert.ok(etag);
  assert.equal((await get(s.port, '/modem.css', { 'if-none-match': etag })).status, 304);
});

void test('GET /directory returns the phone book as JSON', async () => {
  const res = await get(s.port, '/directory');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const dir = JSON.parse(res.body) as { board: string; nodes: Array<{ node: number; lines: { free: number }; transports: Array<{ transport: string; port: number; url?: string }> }> };
  assert.equal(dir.board, 'Fake BBS');
  assert.equal(dir.nodes[0]?.lines.free, 3);
  assert.deepEqual(
    dir.nodes[0]?.transports.map((t) => [t.transport, t.port, t.url]),
    [
      ['http', s.port, undefined],
      ['websocket', s.port, '/ws'],
    ],
  );
});

void test('/healthz says ok; wrong methods get 405 and unknown paths 404', async () => {
  const health = await get(s.port, '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.body.trim(), 'ok');
  const post = await get(s.port, '/directory', {}, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  assert.equal((await get(s.port, '/', {}, 'DELETE')).status, 405);
  assert.equal((await get(s.port, '/nowhere')).status, 404);
  const head = await get(s.port, '/', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal((await get(s.port, '/ws')).status, 426);
});

void test('garbage that is not HTTP gets a 400 and a hang-up, and the port keeps serving', async () => {
  for (const garbage of [Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]), 'HELLO THERE\r\n\r\n', '<xml-socket/>\0', 'GET / HTTP/9.9\r\n\r\n']) {
    const reply = (await rawExchange(s.port, [garbage])).toString('latin1');
    assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/, JSON.stringify(garbage.toString()));
  }
  assert.equal((await get(s.port, '/healthz')).status, 200);
});

void test('an HTTP request split after its first byte is still understood', async () => {
  const reply = (await rawExchange(s.port, ['G', 'ET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], 50)).toString('latin1');
  assert.match(reply, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(reply, /\r\n\r\nok\n$/);
});

void test('the Flash policy request gets the policy XML and a NUL, even when split', async () => {
  const reply = await rawExchange(s.port, ['<policy-', 'file-request/>\0'], 30);
  assert.equal(reply[reply.length - 1], 0);
  assert.match(reply.subarray(0, -1).toString('utf8'), /^<\?xml version="1\.0"\?>.*<cross-domain-policy>.*<\/cross-domain-policy>$/);
});

void test('a connection starting with @ is handed to the JSON socket with the bytes already read', async () => {
  const socket = net.connect(s.port, '127.0.0.1');
  socket.on('error', () => {});
  const before = s.jsonSockets.length;
  socket.write('@bbs {"type": "msg", ');
  const entry = await poll(() => s.jsonSockets[before], 'hand-off');
  socket.write('"msg": "connect"}\0');
  await poll(() => (Buffer.concat([entry.firstBytes, ...entry.later]).includes(0) ? true : undefined), 'rest of frame');
  assert.equal(Buffer.concat([entry.firstBytes, ...entry.later]).toString('utf8'), '@bbs {"type": "msg", "msg": "connect"}\0');
  assert.equal(entry.firstBytes[0], 0x40);
  socket.destroy();
  entry.socket.destroy();
});

void test('a connection that says nothing is closed', async () => {
  const t0 = Date.now();
  const reply = await rawExchange(s.port, []);
  assert.equal(reply.length, 0);
  assert.ok(Date.now() - t0 >= 400, 'not before the first-byte timeout');
});

void test('headers that trickle in too slowly are cut off', async () => {
  const t0 = Date.now();
  const socket = net.connect(s.port, '127.0.0.1');
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
  socket.write('GET / HTTP/1.1\r\n');
  try {
    await within(STEP_MS, 'slow client is cut', closed);
  } finally {
    clearInterval(drip);
  }
  assert.ok(Date.now() - t0 < 2500);
});

void test('a browser call: hello, resize, prompt, echo, answer, goodbye', async () => {
  const ws = openWs(s.port);
  const rec = record(ws);
  await within(STEP_MS, 'ws open', new Promise((resolve) => ws.once('open', resolve)));
  ws.send(JSON.stringify({ type: 'resize', cols: 100, rows: 30 }));
  await poll(() => (rec.text().includes('say> ') ? true : undefined), 'prompt');
  assert.deepEqual(rec.controls[0], { type: 'hello', board: 'Fake BBS' });
  const port = s.board.ports.at(-1)!;
  assert.equal(port.transport, 'websocket');
  assert.equal(port.terminal.cols, 100);
  assert.equal(port.terminal.rows, 30);
  assert.equal(port.terminal.encoding, 'utf8');
  assert.equal(port.terminal.colorLevel, 3);
  assert.match(rec.text(), /Welcome to the fake board\r\n/);

  ws.send(Buffer.from('héllo\r', 'utf8'));
  await poll(() => (rec.text().includes('you said: héllo\r\n') ? true : undefined), 'echo and answer');
  assert.match(rec.text(), /say> héllo\r\n/);

  ws.send(Buffer.from('cp437\r'));
  await poll(() => (rec.text().includes('art: ╔═╗ é\r\n') ? true : undefined), 'a CP437 profile still reaches the browser as UTF-8');

  ws.send(JSON.stringify({ type: 'resize', cols: 60, rows: 20 }));
  await s.board.waitFor((e) => e.type === 'resize' && e.cols === 60 && e.rows === 20, 'resize reaches the board');

  ws.send(Buffer.from('bye\r'));
  assert.equal(await within(STEP_MS, 'board hangs up', rec.closed), 1000);
  assert.match(rec.text(), /So long\.\r\n$/);
  assert.deepEqual(rec.controls.at(-1), { type: 'bye', reason: 'exit' });
});

void test('without a resize the call is placed anyway, at 80x24', async () => {
  const ws = openWs(s.port);
  const rec = record(ws);
  await poll(() => (rec.text().includes('say> ') ? true : undefined), 'prompt without resize');
  assert.equal(s.board.ports.at(-1)?.terminal.cols, 80);
  ws.close();
  await within(STEP_MS, 'close', rec.closed);
});

void test('a cross-origin WebSocket upgrade is refused with 403 and no call is placed', async () => {
  const calls = s.board.ports.length;
  const ws = openWs(s.port, { origin: 'http://evil.example' });
  ws.on('error', () => {});
  const status = await within(
    STEP_MS,
    'refusal',
    new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))),
  );
  assert.equal(status, 403);
  // A caller from the page itself, after it: once that call is placed, a call for the refused one would have been too.
  const good = openWs(s.port);
  const goodRec = record(good);
  await poll(() => (goodRec.text().includes('say> ') ? true : undefined), 'a same-origin caller after the refusal');
  assert.equal(s.board.ports.length, calls + 1, 'only the same-origin caller was placed');
  good.close();
  await within(STEP_MS, 'close', goodRec.closed);
});

void test('an oversized message closes that connection only', async () => {
  const good = openWs(s.port);
  const goodRec = record(good);
  await poll(() => (goodRec.text().includes('say> ') ? true : undefined), 'good caller prompt');
  const bad = openWs(s.port);
  const badRec = record(bad);
  await within(STEP_MS, 'bad open', new Promise((resolve) => bad.once('open', resolve)));
  bad.send(Buffer.alloc(64 * 1024, 0x41));
  assert.equal(await within(STEP_MS, 'bad closed', badRec.closed), 1009);
  good.send(Buffer.from('still here\r'));
  await poll(() => (goodRec.text().includes('you said: still here') ? true : undefined), 'good caller unaffected');
  good.close();
  await within(STEP_MS, 'good closed', goodRec.closed);
});

void test('hostile control messages are ignored, not fatal', async () => {
  const ws = openWs(s.port);
  const rec = record(ws);
  await within(STEP_MS, 'open', new Promise((resolve) => ws.once('open', resolve)));
  for (const junk of ['{', '[]', '{"type":"resize","cols":1e9,"rows":1}', '{"type":"eval","code":"x"}', 'null']) ws.send(junk);
  ws.send(JSON.stringify({ type: 'resize', cols: 90, rows: 25 }));
  await poll(() => (rec.text().includes('say> ') ? true : undefined), 'prompt');
  assert.equal(s.board.ports.at(-1)?.terminal.cols, 90);
  ws.close();
  await within(STEP_MS, 'close', rec.closed);
});

void test('a tab that stops answering pings is reaped and the board hears the hangup', async () => {
  const ws = openWs(s.port, { autoPong: false });
  const rec = record(ws);
  await poll(() => (rec.text().includes('say> ') ? true : undefined), 'prompt');
  const callIndex = s.board.ports.length;
  const t0 = Date.now();
  const code = await within(STEP_MS, 'reaped', rec.closed);
  assert.equal(code, 1006, 'terminated, not a clean close');
  assert.ok(Date.now() - t0 < 1500);
  const id = `call-${callIndex}`;
  await poll(() => s.board.events.find((e) => e.call === id && e.event.type === 'hangup'), 'hangup reaches the board');
});

void test('a tab that answers pings stays connected', async () => {
  const ws = openWs(s.port);
  const rec = record(ws);
  await poll(() => (rec.text().includes('say> ') ? true : undefined), 'prompt');
  // A tab that did not answer would be cut at the second ping; four answered ones prove it stays.
  let pings = 0;
  ws.on('ping', () => pings++);
  await poll(() => {
    if (ws.readyState !== WebSocket.OPEN) throw new Error(`the tab was cut after ${pings} pings`);
    return pings >= 4 ? true : undefined;
  }, 'four pings answered');
  assert.equal(ws.readyState, WebSocket.OPEN);
  ws.close();
  await within(STEP_MS, 'close', rec.closed);
});

void test('callers past the limit are refused with 503; JSON-socket callers read an exit first', async () => {
  const t = await start({ limiter: new CountingGate(1) });
  try {
    const first = openWs(t.port);
    const firstRec = record(first);
    await poll(() => (firstRec.text().includes('say> ') ? true : undefined), 'first caller');
    const second = openWs(t.port);
    second.on('error', () => {});
    const status = await within(STEP_MS, 'second refused', new Promise<number>((resolve) => second.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0))));
    assert.equal(status, 503);
    const reply = await rawExchange(t.port, ['@bbs {"type":"msg","msg":"connect"}\0']);
    assert.equal(reply[reply.length - 1], 0);
    const exit = JSON.parse(Buffer.from(reply.subarray(0, -1).toString('latin1'), 'base64').toString('utf8')) as { type: string; msg: string };
    assert.equal(exit.type, 'exit');
    assert.match(exit.msg, /too many connections/);
    assert.equal(t.jsonSockets.length, 0);
    first.close();
    await within(STEP_MS, 'first closed', firstRec.closed);
    await poll(() => (t.gate.open === 0 ? true : undefined), 'slot released');
  } finally {
    await within(5000, 'close', t.listener.close());
  }
});

void test("a tab that dials one node's number reaches that node only; a bad number is refused", async () => {
  const ws = openWs(s.port, {}, '/ws?node=2');
  const rec = record(ws);
  await poll(() => (rec.text().includes('say> ') ? true : undefined), 'prompt');
  assert.equal(s.board.ports.at(-1)?.node, 2);
  ws.close();
  await within(STEP_MS, 'close', rec.closed);
  const anyNode = openWs(s.port);
  const anyRec = record(anyNode);
  await poll(() => (anyRec.text().includes('say> ') ? true : undefined), 'prompt');
  assert.equal(s.board.ports.at(-1)?.node, undefined);
  anyNode.close();
  await within(STEP_MS, 'close', anyRec.closed);
  const bad = openWs(s.port, {}, '/ws?node=0');
  bad.on('error', () => {});
  const status = await within(STEP_MS, 'refusal', new Promise<number>((resolve) => bad.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0))));
  assert.equal(status, 400);
});

void test('when every line is busy the caller hears the busy signal', async () => {
  const asked: Array<number | undefined> = [];
  const t = await start({
    isBusy: (node) => {
      asked.push(node);
      return true;
    },
  });
  try {
    const ws = openWs(t.port);
    const rec = record(ws);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'resize', cols: 80, rows: 24 })));
    assert.equal(await within(STEP_MS, 'busy close', rec.closed), 1013);
    assert.equal(rec.controls[0]?.type, 'busy');
    assert.equal(rec.controls.length, 2, 'no hello: the board never picked up');
    assert.deepEqual(rec.controls.at(-1), { type: 'bye', reason: 'busy' });
    assert.equal(t.board.ports.length, 0);
    assert.deepEqual(asked, [undefined]);
  } finally {
    await within(5000, 'close', t.listener.close());
  }
});

void test('closing the listener says goodbye to open calls and frees the port', async () => {
  const t = await start();
  const ws = openWs(t.port);
  const rec = record(ws);
  await poll(() => (rec.text().includes('say> ') ? true : undefined), 'prompt');
  const idle = net.connect(t.port, '127.0.0.1');
  idle.on('error', () => {});
  await within(5000, 'listener closes', t.listener.close());
  assert.equal(await within(STEP_MS, 'ws closed', rec.closed), 1001);
  assert.deepEqual(rec.controls.at(-1), { type: 'bye', reason: 'shutdown' });
  await t.board.waitFor((e) => e.type === 'hangup', 'board hears hangup');
  const refused = net.connect(t.port, '127.0.0.1');
  await within(STEP_MS, 'port is closed', new Promise<void>((resolve) => refused.on('error', () => resolve())));
  idle.destroy();
});

void test('a caller who stops reading is dropped once their unsent output passes the bound', async () => {
  const hangups: string[] = [];
  const chunk = 'x'.repeat(256 * 1024) + '\n';
  const flood: Exchange = {
    dial: (port) => {
      let timer: NodeJS.Timeout | undefined;
      return {
        id: 'flood',
        input: (event) => {
          if (event.type === 'open') timer = setInterval(() => port.deliver({ type: 'screen', text: chunk }), 2);
          if (event.type === 'hangup') {
            clearInterval(timer);
            hangups.push(event.reason);
          }
        },
      };
    },
  };
  const t = await start({ exchange: flood, maxBufferedBytes: 512 * 1024, pingIntervalMs: 60_000 });
  // A hand-made client: completes the handshake, sends one resize, then never reads again.
  const socket = net.connect(t.port, '127.0.0.1');
  socket.on('error', () => {});
  try {
    await within(STEP_MS, 'connect', new Promise<void>((resolve) => socket.once('connect', () => resolve())));
    socket.write(
      'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const resize = Buffer.from(JSON.stringify({ type: 'resize', cols: 80, rows: 24 }));
    // A masked text frame with an all-zero mask, so the payload goes as it is.
    socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | resize.length, 0, 0, 0, 0]), resize]));
    socket.pause();
    const reason = await poll(() => hangups[0], 'caller dropped', 8000);
    assert.equal(reason, 'not reading');
  } finally {
    socket.destroy();
    await within(5000, 'close', t.listener.close());
  }
});

// The WebSocket side (ws, and Node's TLS and zlib under it) is loaded with the first upgrade, not at start.
const wsTransport = (): Promise<typeof import('../../src/transports/websocket/ws-transport.js')> => import('../../src/transports/websocket/ws-transport.js');

/** A logger that keeps "level message" lines, fields as JSON. */
function capturingLog(lines: string[]): Logger {
  const make = (): Logger => {
    const emit = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
      void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {}, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`);
    return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: () => make() };
  };
  return make();
}

void test('browser calls that arrive while the WebSocket side is loading wait for it, and all are placed', async () => {
  const wsLoad = heldLoad(wsTransport);
  const t = await start({ loadWebSocket: wsLoad.load });
  const sockets: WebSocket[] = [];
  try {
    sockets.push(openWs(t.port), openWs(t.port));
    const recs = sockets.map(record);
    const opened = sockets.map((ws) => new Promise((resolve) => ws.once('open', resolve)));
    await poll(() => (wsLoad.calls === 1 ? true : undefined), 'the load starts with the first upgrade');
    // Both callers are in and waiting; then the transport arrives.
    await poll(() => (t.gate.open === 2 ? true : undefined), 'both callers connected');
    assert.equal(t.board.ports.length, 0, 'no call is placed before the transport exists');
    wsLoad.release();
    for (const [i, ws] of sockets.entries()) {
      await within(STEP_MS, `ws ${i} open`, opened[i]!);
      ws.send(JSON.stringify({ type: 'resize', cols: 80, rows: 24 }));
      await poll(() => (recs[i]!.text().includes('say> ') ? true : undefined), `prompt ${i}`);
    }
    assert.equal(t.board.ports.length, 2);
    assert.equal(wsLoad.calls, 1, 'one load for both');
    // Upgrades to other paths still get their 404 from the transport, now loaded.
    const wrong = await rawExchange(t.port, ['GET /nope HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n']);
    assert.match(wrong.toString('latin1'), /^HTTP\/1\.1 404 /);
  } finally {
    for (const ws of sockets) ws.terminate();
    await within(5000, 'close', t.listener.close());
  }
});

void test('if the WebSocket side cannot be loaded the browser gets a 503 saying so, the cause is logged, and the next upgrade tries again', async () => {
  const logs: string[] = [];
  let loads = 0;
  const t = await start({
    log: capturingLog(logs),
    loadWebSocket: async () => {
      if (++loads === 1) throw new Error('Cannot find package ws');
      return wsTransport();
    },
  });
  const upgrade =
    'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
  try {
    const refused = (await rawExchange(t.port, [upgrade])).toString('utf8');
    assert.match(refused, /^HTTP\/1\.1 503 /);
    assert.match(refused, /Browser calls are not available right now/);
    assert.ok(
      logs.some((l) => l.startsWith('error websocket transport could not start') && l.includes('Cannot find package ws')),
      logs.join('\n'),
    );
    assert.equal(t.board.ports.length, 0);

    const ws = openWs(t.port);
    const rec = record(ws);
    await within(STEP_MS, 'ws open', new Promise((resolve) => ws.once('open', resolve)));
    ws.send(JSON.stringify({ type: 'resize', cols: 80, rows: 24 }));
    await poll(() => (rec.text().includes('say> ') ? true : undefined), 'prompt');
    assert.equal(loads, 2);
    ws.terminate();
  } finally {
    await within(5000, 'close', t.listener.close());
  }
});

void test('a listener closed before any browser called never loads the WebSocket side', async () => {
  let loads = 0;
  const t = await start({
    loadWebSocket: async () => {
      loads++;
      return wsTransport();
    },
  });
  await within(5000, 'close', t.listener.close());
  assert.equal(loads, 0);
});

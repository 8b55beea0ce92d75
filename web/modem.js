// The modem: reads the board's directory, "dials" a node with a free line over
// a WebSocket, and shows the call in an xterm.js terminal. Binary frames carry
// terminal bytes both ways; text frames carry small JSON control messages.

import { Terminal } from '/vendor/xterm/xterm.mjs';
import { FitAddon } from '/vendor/xterm/addon-fit.mjs';
import { WebglAddon } from '/vendor/xterm/addon-webgl.mjs';
import { PALETTES, paletteByName } from '/palettes.js';
import { planDial } from '/dial-plan.js';
import { createRedialer, REDIAL_DELAYS_MS } from '/redial.js';
import { createTransfers } from '/zmodem-page.js';

const PALETTE_KEY = 'bbs.palette';
const SPEEDS = [28800, 31200, 33600, 33600];
/** A node that has not said hello by then is not answering. */
const ANSWER_TIMEOUT_MS = 5000;
/** The dial chatter never holds the caller longer than this; on a slow machine it just prints faster. */
const CHATTER_BUDGET_MS = 650;

const $ = (id) => document.getElementById(id);
const ui = {
  crt: $('crt'),
  screen: $('screen'),
  carrier: $('carrier'),
  carrierTitle: $('carrier-title'),
  carrierDetail: $('carrier-detail'),
  redial: $('redial'),
  palette: $('palette'),
  node: $('status-node'),
  speed: $('status-speed'),
  line: $('status-line'),
  transfer: $('status-transfer'),
};

const encoder = new TextEncoder();
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

// ---- terminal -------------------------------------------------------------

let palette = paletteByName(readStoredPalette());

const term = new Terminal({
  fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", "Fira Mono", Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: pickFontSize(),
  lineHeight: 1.1,
  cursorBlink: true,
  cursorStyle: 'block',
  scrollback: 1000,
  theme: palette.theme,
  drawBoldTextInBrightColors: true,
  customGlyphs: true,
  allowTransparency: false,
});
const fit = new FitAddon();
term.loadAddon(fit);
term.open(ui.screen);
/** 'dom' until WebGL is up; 'dom' for good if WebGL fails or loses its context. */
let renderer = 'dom';
let webglTried = false;
applyPalette(palette);
fit.fit();
term.focus();

// Tab leaves the terminal, so keyboard users can reach the palette and Redial.
term.attachCustomKeyEventHandler((e) => e.key !== 'Tab');

/**
 * WebGL draws box and block glyphs itself so art joins up; the DOM renderer is
 * the fallback. It starts once the dial sequence is over, in idle time:
 * compiling its shaders can stall a machine without a GPU for a second, and
 * the caller should not wait on that to see the board.
 */
function upgradeRenderer() {
  if (webglTried) return;
  webglTried = true;
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 50));
  idle(() => {
    renderer = loadWebgl();
    // The transfer library is not needed before the caller finds a file; it loads in idle time too.
    idle(() => void transfers.preload(), { timeout: 2000 });
  }, { timeout: 500 });
}

function loadWebgl() {
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => {
      webgl.dispose();
      renderer = 'dom';
    });
    term.loadAddon(webgl);
    return 'webgl';
  } catch {
    return 'dom';
  }
}

/**
 * The terminal's box as laid out. Not getBoundingClientRect: that measures
 * the box as drawn, and the tube's power-on animation draws it squashed to a
 * sliver for its first frames, which once made a 10 px font in a corner.
 */
function screenBox() {
  return { width: ui.screen.clientWidth, height: ui.screen.clientHeight };
}

/** As large as fits 80x24, never below what a phone can still read. */
function pickFontSize() {
  const box = screenBox();
  const width = box.width || window.innerWidth;
  const height = box.height || window.innerHeight;
  const byWidth = width / (80 * 0.6);
  const byHeight = height / (24 * 1.1 * 1.2);
  return Math.max(10, Math.min(20, Math.floor(Math.min(byWidth, byHeight))));
}

/** The font for the box the terminal has now, then as many cells as fit it. */
function refit() {
  const size = pickFontSize();
  if (term.options.fontSize !== size) term.options.fontSize = size;
  fit.fit();
}

let refitQueued = false;
function queueRefit() {
  if (refitQueued) return;
  refitQueued = true;
  requestAnimationFrame(() => {
    refitQueued = false;
    refit();
  });
}
new ResizeObserver(queueRefit).observe(ui.screen);
window.addEventListener('resize', queueRefit);

/**
 * Resolves once the page has its final shape: fonts loaded and the terminal's
 * box the same size two frames running. Measured any sooner (a font still
 * loading, the layout still settling) the terminal would tell the board a
 * size it is about to lose.
 */
async function layoutSettled() {
  await Promise.race([document.fonts?.ready, pause(1000)]);
  let last = '';
  for (let frame = 0; frame < 60; frame++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const box = screenBox();
    const now = `${box.width}x${box.height}`;
    if (box.width > 0 && box.height > 0 && now === last) return;
    last = now;
  }
}

term.onResize(({ cols, rows }) => sendResize(cols, rows));

// ---- palette --------------------------------------------------------------

for (const p of PALETTES) ui.palette.append(new Option(p.label, p.name, false, p === palette));
ui.palette.addEventListener('change', () => {
  palette = paletteByName(ui.palette.value);
  applyPalette(palette);
  try {
    localStorage.setItem(PALETTE_KEY, palette.name);
  } catch {
    // Storage can be off (private mode); the choice just lasts for this visit.
  }
});

function readStoredPalette() {
  try {
    return localStorage.getItem(PALETTE_KEY) ?? 'green';
  } catch {
    return 'green';
  }
}

function applyPalette(p) {
  term.options.theme = p.theme;
  document.body.dataset.palette = p.name;
  const style = document.documentElement.style;
  style.setProperty('--phosphor', p.theme.foreground);
  style.setProperty('--phosphor-bright', p.theme.brightWhite);
  style.setProperty('--phosphor-dim', p.theme.brightBlack);
  style.setProperty('--screen', p.theme.background);
  style.setProperty('--glow', p.glow);
}

// ---- the call -------------------------------------------------------------

/** 'dialing' | 'online' | 'offline' | 'busy' */
let state = 'offline';
let socket = null;
let node = null;
let speed = null;
let board = 'BBS';
let byeReason = null;
/** Milliseconds from opening the page to the board on screen, for the page's own tests. */
let onlineAt = null;
let sawBusy = false;
/** Board output that arrives while the modem is still "connecting" waits here. */
let held = [];
let holding = false;
let hurry = reducedMotion;
let chatterEnds = 0;

// ZMODEM downloads and uploads: the board's bytes pass through here on their way to the screen.
const transfers = createTransfers({
  write: (bytes) => term.write(bytes),
  send: (bytes) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(bytes);
  },
  buffered: () => socket?.bufferedAmount ?? 0,
  statusField: ui.transfer,
});

term.onData((data) => {
  // During a transfer the board's end speaks ZMODEM: keys are the transfer's (Esc cancels).
  if (transfers.key(data)) return;
  if (state === 'online' && socket?.readyState === WebSocket.OPEN) {
    socket.send(encoder.encode(data));
  } else if (state === 'dialing') {
    hurry = true;
  } else if (data === '\r') {
    void dial();
  }
});

ui.redial.addEventListener('click', () => {
  redialer.reset();
  void dial();
});

const REDIAL_TRIES = REDIAL_DELAYS_MS.length;
/** What the carrier box says while it counts down to the next try. */
let redialReason = '';
const redialer = createRedialer({
  dial: () => void dial(),
  tick: (seconds) => {
    ui.carrierDetail.textContent = `${redialReason} Redialing in ${seconds} s…`;
  },
});

/**
 * Hang up, and inside a run of tries (or when `start` begins one) count down
 * to the next, saying `reason` (the detail without its advice to redial).
 */
function hangUpThenRedial(title, detail, reason, start = false) {
  hangUp(title, detail, 'offline');
  if (!start && !redialer.trying) return;
  redialReason = reason;
  if (!redialer.schedule()) ui.carrierDetail.textContent = `${reason} No answer after ${REDIAL_TRIES} tries: Redial to try again.`;
}

function setState(next) {
  state = next;
  ui.line.textContent = { dialing: 'DIALING', online: 'ONLINE', offline: 'NO CARRIER', busy: 'BUSY' }[next];
  ui.line.dataset.state = next;
  ui.node.textContent = node === null ? '--' : String(node);
  ui.speed.textContent = speed === null ? '----- bps' : `${speed} bps`;
  document.title = next === 'online' ? `${board} · node ${node}` : `${board} · ${ui.line.textContent.toLowerCase()}`;
}

async function dial() {
  if (state === 'dialing' || state === 'online') return;
  try {
    await placeCall();
  } finally {
    upgradeRenderer();
  }
}

async function placeCall() {
  redialer.cancel();
  hideCarrier();
  closeSocket();
  node = null;
  speed = null;
  byeReason = null;
  sawBusy = false;
  hurry = reducedMotion;
  setState('dialing');
  term.reset();
  term.focus();
  chatterEnds = performance.now() + CHATTER_BUDGET_MS;
  // Look the number up and place the first call while the modem resets: the
  // chatter only dresses the wait, it must never add to it.
  const lookup = readDirectory().then((directory) => ({ directory, plan: directory ? planDial(directory, location.href) : null }));
  const firstAnswer = lookup.then(({ plan }) => (plan?.kind === 'dial' ? answerCall(plan.candidates[0]) : null));
  await typeLine('ATZ', 'OK');

  const { directory, plan } = await lookup;
  if (!directory || !plan) {
    return hangUpThenRedial('NO DIALTONE', 'The board directory did not answer. Check your connection and redial.', 'The board directory did not answer.');
  }
  board = typeof directory.board === 'string' && directory.board ? directory.board : board;
  if (plan.kind === 'no-dialtone') {
    return hangUp('NO DIALTONE', 'No node of this board takes browser calls right now.', 'offline');
  }
  if (plan.kind === 'busy') {
    await typeLine(`ATDT ${plan.number}`);
    await pause(300);
    return hangUp('BUSY', `All ${plan.lines} line${plan.lines === 1 ? ' is' : 's are'} in use. Try again in a minute.`, 'busy');
  }
  for (const [i, candidate] of plan.candidates.entries()) {
    const answer = i === 0 ? firstAnswer : answerCall(candidate);
    await typeLine(`ATDT ${candidate.number}`);
    term.write(dim('RINGING') + '\r\n');
    await pause(200);
    const result = await answer;
    if (result === 'connected') {
      node = candidate.node;
      speed = SPEEDS[Math.floor(Math.random() * SPEEDS.length)];
      term.write(bright(`CONNECT ${speed}/ARQ/V34/LAPM/V42BIS`) + '\r\n\r\n');
      setState('online');
      redialer.reset();
      release();
      onlineAt ??= Math.round(performance.now());
      // The board may have hung up while the modem was still talking.
      if (socket === null) dropped();
      return;
    }
    term.write(dim(result === 'busy' ? 'BUSY' : 'NO ANSWER') + '\r\n');
  }
  if (sawBusy) return hangUp('BUSY', 'Every line is taken. Try again in a minute.', 'busy');
  return hangUpThenRedial('NO ANSWER', 'The board did not pick up. Redial to try again.', 'The board did not pick up.');
}

async function readDirectory() {
  try {
    const res = await fetch('/directory', { cache: 'no-store' });
    if (!res.ok) return null;
    const directory = await res.json();
    return directory && typeof directory === 'object' ? directory : null;
  } catch {
    return null;
  }
}

/** Place the call; resolves when the node says hello, refuses, or stays silent. */
function answerCall(candidate) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const ws = new WebSocket(candidate.url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    holding = true;
    held = [];
    const timer = setTimeout(() => {
      ws.close();
      settle('no-answer');
    }, ANSWER_TIMEOUT_MS);
    ws.addEventListener('open', () => sendResize(term.cols, term.rows));
    ws.addEventListener('message', (e) => {
      if (ws !== socket) return;
      if (typeof e.data !== 'string') {
        receive(new Uint8Array(e.data));
        return;
      }
      const msg = parseControl(e.data);
      if (msg?.type === 'hello') {
        if (typeof msg.board === 'string' && msg.board) board = msg.board;
        settle('connected');
      } else if (msg?.type === 'busy') {
        sawBusy = true;
        settle('busy');
      } else if (msg?.type === 'bye') {
        byeReason = msg.reason;
      }
    });
    ws.addEventListener('close', () => {
      if (!settled) {
        settle(sawBusy ? 'busy' : 'no-answer');
        return;
      }
      if (ws === socket) dropped();
    });
  });
}

function receive(bytes) {
  if (holding) held.push(bytes);
  else transfers.receive(bytes);
}

function release() {
  holding = false;
  for (const bytes of held) transfers.receive(bytes);
  held = [];
}

function dropped() {
  socket = null;
  transfers.hangup();
  // Still dialing: the modem finishes its chatter first and then comes back here.
  if (state === 'dialing') return;
  release();
  if (sawBusy || byeReason === 'busy') {
    hangUp('BUSY', 'Every line is taken. Try again in a minute.', 'busy');
    return;
  }
  // Closed without a goodbye (the host went down) or while the board restarts: dial again by itself.
  const said = BYE_TEXT[byeReason] ?? 'The line dropped.';
  hangUpThenRedial('NO CARRIER', said, byeReason === 'shutdown' ? 'The board is restarting.' : said, byeReason === null || byeReason === 'shutdown');
}

const BYE_TEXT = {
  exit: 'The board hung up. Thanks for calling!',
  shutdown: 'The board is restarting. Redial in a moment.',
  slow: 'The line was too slow to keep up.',
  error: 'The board ran into trouble and hung up.',
};

function hangUp(title, detail, next) {
  closeSocket();
  // The board's own goodbye screens end with NO CARRIER: the modem does not say it a second
  // time. xterm parses writes later, so the goodbye is looked for once what came before is drawn.
  term.write('', () => {
    if (!lastWordsSay(title)) {
      const fresh = term.buffer.active.cursorX === 0 ? '' : '\r\n';
      term.write(`\x1b[0m${fresh}${bright(title)}\r\n`);
    }
    // The cursor goes dark with the line; a reset on redial brings it back.
    term.write('\x1b[?25l');
  });
  setState(next);
  ui.line.textContent = title;
  ui.carrierTitle.textContent = title;
  ui.carrierDetail.textContent = detail;
  ui.carrier.hidden = false;
  ui.crt.classList.add('dropped');
  ui.redial.focus();
}

/** Whether the last rows the board drew (its goodbye) already hold `text`. */
function lastWordsSay(text) {
  const buf = term.buffer.active;
  const last = buf.baseY + buf.cursorY;
  for (let row = last; row >= Math.max(0, last - 2); row--) {
    if (buf.getLine(row)?.translateToString(true).includes(text)) return true;
  }
  return false;
}

function hideCarrier() {
  ui.carrier.hidden = true;
  ui.crt.classList.remove('dropped');
}

function closeSocket() {
  const ws = socket;
  socket = null;
  if (ws && ws.readyState <= WebSocket.OPEN) ws.close();
}

function sendResize(cols, rows) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'resize', cols, rows }));
}

function parseControl(text) {
  try {
    const msg = JSON.parse(text);
    return msg && typeof msg === 'object' ? msg : null;
  } catch {
    return null;
  }
}

// ---- the modem's own chatter ------------------------------------------------

/**
 * Type a modem command as if by hand. Paced by the clock, not per character,
 * so a slow renderer prints more per step instead of stretching the wait.
 */
async function typeLine(command, reply) {
  const start = performance.now();
  let shown = 0;
  while (shown < command.length) {
    const late = hurry || performance.now() >= chatterEnds;
    if (!late) await pause(16);
    const due = late ? command.length : Math.min(command.length, 1 + Math.floor((performance.now() - start) / 14));
    if (due > shown) {
      term.write(dim(command.slice(shown, due)));
      shown = due;
    }
  }
  term.write('\r\n');
  if (reply) {
    await pause(80);
    term.write(dim(reply) + '\r\n');
  }
}

function pause(ms) {
  if (hurry || performance.now() >= chatterEnds) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function dim(text) {
  return `\x1b[2m${text}\x1b[0m`;
}

function bright(text) {
  return `\x1b[1m${text}\x1b[0m`;
}

// For the page's own tests and for the curious at the console.
window.term = term;
window.modem = {
  get state() {
    return state;
  },
  get node() {
    return node;
  },
  get renderer() {
    return renderer;
  },
  get onlineAt() {
    return onlineAt;
  },
  /** 'idle', or the ZMODEM session under way: 'receive' (a download) or 'send' (an upload). */
  get transfer() {
    return transfers.mode;
  },
  dial,
};

setState('offline');
// Dial only once the terminal has its real size: the board lays out its first screens for the size it hears first.
void layoutSettled().then(() => {
  refit();
  return dial();
});

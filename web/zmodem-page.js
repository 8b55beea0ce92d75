// File transfers in the page: the browser's half of the ZMODEM link. zmodem.js
// is loaded only once the call is up (or the moment the board's bytes could
// start a transfer), so it never holds up the page's first paint; received
// files are saved as downloads, and an upload opens the file picker.

import { createZmodemLink } from '/zmodem-link.js';

const LIBRARY = '/vendor/zmodem/zmodem.js';
const ZDLE = 0x18;
/** Board output held while the library loads; past this it goes to the screen as it is. */
const MAX_WAITING = 4 * 1024 * 1024;
/** An upload waits for the WebSocket to send what it has before reading more of the file. */
const MAX_BUFFERED = 1024 * 1024;
/** The board's WebSocket takes at most 4096 bytes a message (Mongrel2's own buffer); an upload is cut to fit. */
const MAX_FRAME = 4096;
/** How long the last transfer's result stays in the status bar. */
const STATUS_LINGER_MS = 8000;

/**
 * @param {object} opts
 * @param {(bytes: Uint8Array) => void} opts.write to the terminal
 * @param {(bytes: Uint8Array) => void} opts.send to the board
 * @param {() => number} opts.buffered bytes the WebSocket has yet to send
 * @param {HTMLElement} opts.statusField where progress is shown
 */
export function createTransfers({ write, send, buffered, statusField }) {
  let link = null;
  let loading = null;
  /** Board output that arrived while the library was loading, in order. */
  let waiting = null;
  let waitingBytes = 0;
  let lingerTimer = 0;
  /** An upload's file picker, waiting for a keystroke because the browser wants one to open it. */
  let pickOnKey = null;

  const io = { write, send: sendFramed, drained, save, pickFiles, status };

  function sendFramed(bytes) {
    for (let at = 0; at < bytes.length; at += MAX_FRAME) send(bytes.subarray(at, at + MAX_FRAME));
  }

  function preload() {
    loading ??= loadScript().then(
      (Zmodem) => {
        link = createZmodemLink({ ...io, Zmodem });
        flush((bytes) => link.receive(bytes));
      },
      () => {
        // No transfers this time; the terminal works as ever, and the next need tries again.
        loading = null;
        flush(write);
      },
    );
    return loading;
  }

  function flush(to) {
    const held = waiting ?? [];
    waiting = null;
    waitingBytes = 0;
    for (const bytes of held) to(bytes);
  }

  function drained() {
    return new Promise((resolve) => {
      const check = () => (buffered() <= MAX_BUFFERED ? resolve() : setTimeout(check, 10));
      check();
    });
  }

  function status(text) {
    clearTimeout(lingerTimer);
    statusField.textContent = text ?? '';
    statusField.hidden = text === null;
    if (text !== null) lingerTimer = setTimeout(() => (link?.mode ?? 'idle') === 'idle' && status(null), STATUS_LINGER_MS);
  }

  function pickFiles() {
    return new Promise((resolve) => {
      const open = () => openPicker(resolve);
      // Browsers open a file picker only right after a keystroke or a click.
      if (navigator.userActivation?.isActive ?? true) open();
      else {
        pickOnKey = open;
        status('↑ press Enter to choose the files to send (Esc cancels)');
      }
    });
  }

  return {
    preload,
    /** The board's bytes. */
    receive(bytes) {
      if (link) {
        link.receive(bytes);
        return;
      }
      if (waiting) {
        waiting.push(bytes);
        waitingBytes += bytes.length;
        if (waitingBytes > MAX_WAITING) flush(write);
        return;
      }
      if (bytes.indexOf(ZDLE) === -1) {
        write(bytes);
        return;
      }
      waiting = [bytes];
      waitingBytes = bytes.length;
      void preload();
    },
    /** A key the caller typed; true when a transfer took it. */
    key(data) {
      if (pickOnKey && link?.mode !== 'send') pickOnKey = null;
      if (pickOnKey && data === '\r') {
        const open = pickOnKey;
        pickOnKey = null;
        open();
        return true;
      }
      return link?.key(data) ?? false;
    },
    hangup() {
      pickOnKey = null;
      link?.hangup();
      waiting = null;
      waitingBytes = 0;
    },
    get mode() {
      return link?.mode ?? 'idle';
    },
  };
}

function loadScript() {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = LIBRARY;
    script.async = true;
    script.addEventListener('load', () => (window.Zmodem ? resolve(window.Zmodem) : reject(new Error('zmodem.js did not load'))));
    script.addEventListener('error', () => {
      script.remove();
      reject(new Error('zmodem.js did not load'));
    });
    document.head.append(script);
  });
}

/** A received file becomes a download under its own name. */
function save(name, chunks) {
  const url = URL.createObjectURL(new Blob(chunks, { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy by then; the page lets go of the bytes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The browser's file picker; no files when the caller cancels it. */
function openPicker(resolve) {
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.hidden = true;
  let done = false;
  const finish = (files) => {
    if (done) return;
    done = true;
    input.remove();
    resolve(files);
  };
  input.addEventListener('change', () => finish([...(input.files ?? [])]));
  input.addEventListener('cancel', () => finish([]));
  document.body.append(input);
  input.click();
}

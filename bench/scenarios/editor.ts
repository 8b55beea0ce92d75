import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedAccounts } from '../lib/accounts.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { runQueueWaitMs } from '../lib/schedstat.js';
import { round, summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers, type Worker } from '../lib/workers.js';
import type { EditorTypingResult } from '../tasks/editor-typing.js';
import { loadBoard, MiB, settledRss } from './common.js';

/** Client processes the typists are shared among. */
const CLIENTS = 2;

/**
 * Callers in the full-screen editor: every caller typing five keys a
 * second, each letter timed to its echo (the editor runs in the terminal
 * layer beside the connection, so this is the board's own path: telnet in,
 * the key decoder, the text model, the changed row painted, telnet out);
 * what a keystroke costs the board's CPU; and what a caller in the editor
 * holds in its memory.
 */
export async function editorScenario(ctx: BenchContext): Promise<Measure[]> {
  const callers = ctx.quick ? 50 : 500;
  const seconds = ctx.quick ? 5 : 10;
  const intervalMs = 200;
  const warmAccount = callers + 1;
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
  await seedAccounts(data, warmAccount);
  const board = await loadBoard({ data });
  const workers: Worker[] = [];
  let atMenu = 0;
  let inEditor = 0;
  let menuRss = 0;
  let editorRss = 0;
  let cpuMs = 0;
  let waitedMs = 0;
  let phaseMs = 0;
  let results: EditorTypingResult[] = [];
  try {
    const share = callers / CLIENTS;
    const typists = startWorkers(CLIENTS, 'editor-typing', (i) => ({
      port: board.ports.telnet,
      accounts: Array.from({ length: share }, (_, k) => 1 + i * share + k),
      // The first client's warm caller opens the editor before anyone logs in: its code and first screen are loaded then, not charged to the callers measured.
      ...(i === 0 ? { warmAccount } : {}),
      intervalMs,
      durationMs: seconds * 1000,
    }));
    workers.push(...typists);
    atMenu = ((await allReady(typists)) as { atMenu: number }[]).reduce((n, r) => n + r.atMenu, 0);
    menuRss = await settledRss(board);
    for (const w of typists) w.go();
    inEditor = ((await allReady(typists)) as { inEditor: number }[]).reduce((n, r) => n + r.inEditor, 0);
    editorRss = await settledRss(board);
    ctx.log(`${atMenu} callers at the main menu, ${inEditor} in the editor; board rss ${(menuRss / MiB).toFixed(1)} → ${(editorRss / MiB).toFixed(1)} MiB`);
    const cpuBefore = board.cpuMs();
    const waitBefore = runQueueWaitMs(board.pid);
    const phaseStart = performance.now();
    for (const w of typists) w.go();
    results = await allResults<EditorTypingResult>(typists);
    cpuMs = board.cpuMs() - cpuBefore;
    waitedMs = runQueueWaitMs(board.pid) - waitBefore;
    phaseMs = performance.now() - phaseStart;
  } finally {
    for (const w of workers) w.kill();
    await board.stop();
  }
  const echo = summarize(results.flatMap((r) => r.echoes));
  const keys = results.reduce((n, r) => n + r.keys, 0);
  const bytes = results.reduce((n, r) => n + r.bytes, 0);
  const errors = results.flatMap((r) => r.errors);
  ctx.log(`echo ${JSON.stringify(echo)}; ${keys} keys; board cpu ${(cpuMs / 1000).toFixed(2)} s${errors.length ? `; ${errors[0]}` : ''}`);
  const all = inEditor === callers && errors.length === 0;
  const lost = `${callers - atMenu} of ${callers} did not reach the main menu, ${atMenu - inEditor} did not get into the editor, ${errors.length ? `errors while typing: ${errors[0]}` : 'no key went unanswered'}`;
  const cpuPerKey = keys > 0 ? cpuMs / keys : NaN;
  const perCaller = inEditor > 0 ? (editorRss - menuRss) / inEditor : NaN;
  const how = `${inEditor.toLocaleString('en')} telnet callers (${CLIENTS} client processes, each caller from its own loopback address, 80x24) logged in beforehand, each in the full-screen editor (main menu \`1\`, a subject, Enter), typing a key every ${intervalMs} ms at a random phase for ${seconds} s: letters, Enter after each ${40} of them, and from the eleventh line on Ctrl-U (cut the line) in place of Enter, so the text stays at ten lines of 40 letters. Each letter is timed from its write to the first bytes of the reply that hold it (the changed text row; the status row follows)`;
  const wait = `the board's event loop waited ${round(waitedMs, 0)} ms for a core in the ${(phaseMs / 1000).toFixed(1)} s (${phaseMs > 0 ? round((100 * waitedMs) / phaseMs, 1) : '–'}% of the time, /proc schedstat)`;
  return [
    {
      key: 'editor-echo',
      measure: `keystroke echo in the full-screen editor (key in, its row drawn back), ${inEditor.toLocaleString('en')} telnet callers each typing five keys a second`,
      target: 'p99 ≤ 2 ms',
      result: `p99 ${echo.p99} ms (p50 ${echo.p50} ms)`,
      value: echo.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 2 },
      met: echo.p99 <= 2 && all,
      detail: `${how}. ${echo.count} echoes: p50 ${echo.p50}, p90 ${echo.p90}, p99 ${echo.p99}, max ${echo.max} ms; ${wait}; ${lost}`,
      extra: { latency: echo, keys, runQueueWaitMs: waitedMs },
    },
    {
      key: 'editor-echo-p50',
      measure: 'the same, the median keystroke',
      target: 'p50 ≤ 2 ms',
      result: `p50 ${echo.p50} ms`,
      value: echo.p50,
      unit: 'ms',
      label: 'p50',
      goal: { max: 2 },
      met: echo.p50 <= 2 && all,
      detail: 'from the same echoes as the row above',
    },
    {
      key: 'editor-cpu-per-key',
      measure: 'board CPU per keystroke in the editor',
      target: '–',
      result: `${round(cpuPerKey, 3)} ms`,
      value: round(cpuPerKey, 3),
      unit: 'ms',
      met: null,
      detail: `the board process's CPU time (user and system, all threads, from /proc) over the typing phase, ${(cpuMs / 1000).toFixed(2)} s, / every key typed in it, ${keys.toLocaleString('en')} (the letters and the Enters and Ctrl-Us between them): decoding, the model, painting, telnet framing, the socket writes, and the draft the editor hands the conversation every ten seconds while its caller types on. The board sent ${keys > 0 ? Math.round(bytes / keys) : '–'} bytes a keystroke (the changed row and the status row, escapes and telnet framing included)`,
      extra: { boardCpuMs: cpuMs, keys, bytes },
    },
    {
      key: 'editor-memory',
      measure: `board memory per caller in the editor, at ${inEditor.toLocaleString('en')} callers`,
      target: '–',
      result: `${round(perCaller / 1024, 1)} KiB`,
      value: round(perCaller / 1024, 1),
      unit: 'KiB',
      met: null,
      detail: `(board VmRSS with the callers in the editor, ${(editorRss / MiB).toFixed(1)} MiB, − the same callers logged in at the main menu, ${(menuRss / MiB).toFixed(1)} MiB, each taken 3 s after the last caller got there) / callers in the editor: the editor session (model, key decoder, last frame), the conversation waiting on its edit, and what the transport holds. One more caller opened the editor before anyone else logged in and stayed in it, so the code and screens loaded with the first editor are in both figures; ${lost}`,
    },
  ];
}

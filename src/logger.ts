import { writeSync } from 'node:fs';

/**
 * Structured logging: one event a line, either JSON (for containers and log
 * shippers) or a readable line (for a sysop at a terminal). Passed in, never
 * global, so tests can capture it.
 */

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/**
 * `text`, when given, is how the line reads in the text format: a sentence
 * that already says this call's own fields (`listening telnet 0.0.0.0:2323`),
 * so only the fields of the logger itself follow it. A JSON line keeps `msg`
 * and every field apart, so a log shipper filters on them without parsing
 * sentences.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields, text?: string): void;
  info(msg: string, fields?: LogFields, text?: string): void;
  warn(msg: string, fields?: LogFields, text?: string): void;
  error(msg: string, fields?: LogFields, text?: string): void;
  child(fields: LogFields): Logger;
}

export type LogFormat = 'text' | 'json';

/**
 * The loggers with lines waiting for standard output. A fatal error surfaces
 * at the process's entry, far from the logger that holds the lines leading to
 * it, and standard output is one per process: this is how flushLog() reaches
 * them. Empty whenever nothing waits.
 */
const waitingOnStdout = new Set<StdoutLines>();

/** How long a log line waits for others to share its write: nobody reads a log faster than this. */
const LOG_WINDOW_MS = 20;

/**
 * Standard output, a few milliseconds at a time: a busy board logs a line or
 * two per call, and a write (a system call on a pipe) per line, or per round
 * of the event loop at a call or two a round, was one of the largest costs
 * of a call. Each logger that writes to standard
 * output keeps its own waiting lines, and hooks the process's exit only while
 * some wait, so what is still waiting when the process exits is written
 * before it goes.
 */
class StdoutLines {
  private lines: string[] = [];

  readonly write = (line: string): void => {
    this.lines.push(line);
    if (this.lines.length > 1) return;
    setTimeout(this.flush, LOG_WINDOW_MS);
    process.on('exit', this.atExit);
    waitingOnStdout.add(this);
  };

  readonly flush = (): void => {
    if (this.lines.length === 0) return;
    const text = this.take();
    process.stdout.write(text);
  };

  private readonly atExit = (): void => {
    if (this.lines.length === 0) return;
    const text = this.take();
    try {
      writeSync(1, text);
    } catch {
      // Nowhere left to say it.
    }
  };

  private take(): string {
    const text = this.lines.join('\n') + '\n';
    this.lines = [];
    process.off('exit', this.atExit);
    waitingOnStdout.delete(this);
    return text;
  }
}

/** Write what is waiting now: a fatal error on stderr must come after the log lines that led to it, not before. */
export function flushLog(): void {
  for (const lines of [...waitingOnStdout]) lines.flush();
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values must never reach a log, whatever a caller passes. */
const SECRET_FIELDS = /pass(word)?|secret|hash|token/i;

export function createLogger(opts: {
  format: LogFormat;
  level?: LogLevel;
  write?: (line: string) => void;
  base?: LogFields;
  clock?: () => Date;
}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? new StdoutLines().write;
  const clock = opts.clock ?? (() => new Date());
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields, text?: string): void => {
      if (ORDER[level] < min) return;
      const all = scrub({ ...base, ...fields });
      const time = clock().toISOString();
      if (opts.format === 'json') return write(escapeUnsafe(JSON.stringify({ time, level, msg, ...all })));
      if (text === undefined) return write(textLine(time, level, msg, all));
      const said = new Set(Object.keys(fields ?? {}));
      write(textLine(time, level, text, Object.fromEntries(Object.entries(all).filter(([k]) => !said.has(k)))));
    };
    return {
      debug: (m, f, t) => emit('debug', m, f, t),
      info: (m, f, t) => emit('info', m, f, t),
      warn: (m, f, t) => emit('warn', m, f, t),
      error: (m, f, t) => emit('error', m, f, t),
      child: (f) => make({ ...base, ...f }),
    };
  };
  return make(opts.base ?? {});
}

/** A logger that drops everything; for tests that do not look at logs. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

function scrub(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = SECRET_FIELDS.test(k) ? '[redacted]' : v instanceof Error ? v.stack ?? v.message : v;
  }
  return out;
}

/**
 * What a terminal obeys instead of showing: C0 controls, DEL, the C1 range
 * (8-bit CSI and OSC among them), the bidi overrides and isolates that
 * reorder what the sysop reads, and the Unicode line and paragraph
 * separators. Logged values come from callers (an SSH user name, a terminal
 * type, a command), and a sysop reads the log on a terminal: none of these
 * may reach it raw, in either format.
 */
const ALL_UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const ANY_UNSAFE = new RegExp(ALL_UNSAFE.source);

/**
 * Every unsafe character as a \uXXXX escape. In JSON text they can only
 * stand inside strings (JSON.stringify already escapes C0 that way, not the
 * rest), where the escape is the same string to any JSON reader.
 */
function escapeUnsafe(text: string): string {
  return ANY_UNSAFE.test(text) ? text.replace(ALL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

function textLine(time: string, level: LogLevel, msg: string, fields: LogFields): string {
  const extra = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) && !ANY_UNSAFE.test(v) ? v : escapeUnsafe(JSON.stringify(v))}`)
    .join(' ');
  return `${time} ${level.toUpperCase().padEnd(5)} ${escapeUnsafe(msg)}${extra ? ' ' + extra : ''}`;
}

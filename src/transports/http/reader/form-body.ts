import type { IncomingMessage } from 'node:http';

/** Why a form could not be read; each has its own status. */
type FormProblem = { status: 400 | 408 | 413 | 415; reason: string };

export interface FormLimits {
  /** Bytes of body at most; a bigger one is refused with 413 before it is all read. */
  maxBytes: number;
  /** The whole body must arrive within this. */
  timeoutMs: number;
}

/** Fields one form may carry; ours have four at most. */
const MAX_FIELDS = 16;

/**
 * The fields of an application/x-www-form-urlencoded body, each name once
 * (a repeated name is refused: no form of ours sends one, and a second value
 * should never silently win). Pure: tests feed it any bytes.
 */
export function parseForm(body: Buffer): Map<string, string> | FormProblem {
  const fields = new Map<string, string>();
  // Browsers send forms as ASCII with UTF-8 percent-escaped; raw bytes above it are not from one.
  if (body.some((b) => b > 0x7e)) return { status: 400, reason: 'The form is not urlencoded.' };
  const pairs = body.toString('latin1').split('&').filter((p) => p !== '');
  if (pairs.length > MAX_FIELDS) return { status: 400, reason: 'The form has too many fields.' };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
    if (name === null || value === null) return { status: 400, reason: 'The form is not UTF-8.' };
    if (fields.has(name)) return { status: 400, reason: `The form names ${name.slice(0, 20)} twice.` };
    fields.set(name, value);
  }
  return fields;
}

/** One name or value: + is a space; a percent-escape that is not UTF-8 (decodeURIComponent throws on it) makes null. */
function decode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Whether a Content-Type header names a urlencoded form (parameters such as charset allowed). */
export function isUrlEncoded(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * Read a POST's form: the right type, no more than `maxBytes`, all of it
 * within `timeoutMs`. A body declared too big is refused before a byte of it
 * is read; one that grows past the cap stops being read there. Never
 * rejects: every failure is a problem to answer.
 */
export function readForm(req: IncomingMessage, limits: FormLimits): Promise<Map<string, string> | FormProblem> {
  if (!isUrlEncoded(req.headers['content-type'])) return Promise.resolve({ status: 415, reason: 'Forms are sent as application/x-www-form-urlencoded.' });
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limits.maxBytes) return Promise.resolve(tooBig(limits));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: Map<string, string> | FormProblem): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      // What is left is drained, not read into memory, so the answer can still be sent on this connection.
      req.resume();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ status: 408, reason: 'The form took too long to arrive.' }), limits.timeoutMs);
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish(tooBig(limits));
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(parseForm(Buffer.concat(chunks))));
    req.once('error', () => finish({ status: 400, reason: 'The form was cut short.' }));
    req.once('close', () => finish({ status: 400, reason: 'The form was cut short.' }));
  });
}

function tooBig(limits: FormLimits): FormProblem {
  return { status: 413, reason: `A form may be ${Math.floor(limits.maxBytes / 1024)} KiB at most.` };
}

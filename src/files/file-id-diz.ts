import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type Options, type ZipFile } from 'yauzl';
import { decodeCp437Input } from '../screens/cp437.js';

/** A description is a few lines; anything bigger claiming to be one is not read. */
const MAX_DIZ_BYTES = 64 * 1024;
/** Entries looked at before giving up on finding the description: the central directory only, never the data. */
const MAX_ENTRIES = 65_536;
const MAX_LINES = 20;
const MAX_LINE_CHARS = 80;

const openZip = promisify(yauzl.open) as (path: string, options: Options) => Promise<ZipFile>;

/** What a ZIP said about itself: its description, or why it could not be read. */
type DizResult = { ok: true; description: string | null } | { ok: false; problem: string };

/**
 * The `FILE_ID.DIZ` at the top of a ZIP, read straight from the archive
 * (nothing is extracted to disk): the central directory is walked entry by
 * entry, the description's declared size is checked before a byte is
 * inflated and its real size while inflating, so a bomb costs nothing.
 */
export async function readFileIdDiz(path: string): Promise<DizResult> {
  let zip: ZipFile | undefined;
  try {
    zip = await openZip(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
    const entry = await findDiz(zip);
    if (!entry) return { ok: true, description: null };
    if (entry.uncompressedSize > MAX_DIZ_BYTES) return { ok: false, problem: `its FILE_ID.DIZ claims ${entry.uncompressedSize} bytes, too many for a description` };
    const bytes = await readCapped(zip, entry);
    if (!bytes) return { ok: false, problem: 'its FILE_ID.DIZ inflates past the size it declares' };
    return { ok: true, description: dizText(bytes) };
  } catch (err) {
    return { ok: false, problem: `it is not a readable ZIP (${(err as Error).message})` };
  } finally {
    zip?.close();
  }
}

function findDiz(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    zip.on('error', reject);
    zip.on('end', () => resolve(null));
    zip.on('entry', (entry: Entry) => {
      if (entry.fileName.toUpperCase() === 'FILE_ID.DIZ') return resolve(entry);
      if (++seen >= MAX_ENTRIES) return resolve(null);
      zip.readEntry();
    });
    zip.readEntry();
  });
}

/** The entry's bytes, or null when it inflates past the cap (yauzl also refuses a size that differs from the one declared). */
async function readCapped(zip: ZipFile, entry: Entry): Promise<Buffer | null> {
  const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > MAX_DIZ_BYTES) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A description as plain text: UTF-8 when it is valid UTF-8, else CP437 (the
 * DIZ convention); colour codes and other controls removed, at most 20 lines
 * of 80 characters, blank lines at either end dropped.
 */
function dizText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = decodeCp437Input(bytes);
  }
  const lines = text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\x1a[\s\S]*$/, '')
    .split('\n')
    .map((line) => [...line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '').replace(/\t/g, ' ').trimEnd()].slice(0, MAX_LINE_CHARS).join(''));
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.slice(0, MAX_LINES).join('\n');
}

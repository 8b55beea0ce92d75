import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FileAreaDefinition } from '../../config/file-areas.js';
import type { FileRight } from '../../files/file-library.js';
import { linkSecret, tokenOfPath, verifyDownloadLink, type LinkProblem } from '../../files/download-link.js';
import type { Logger } from '../../logger.js';
import type { FileEntry, SecurityLevel, Store } from '../../store/types.js';
import { parseRange } from './byte-range.js';
import { attachmentDisposition } from './content-disposition.js';

/** What the web port needs to serve download links: the store, and the file library's view of areas and rights. */
export interface DownloadSource {
  store: Pick<Store, 'users' | 'files' | 'boardSettings'>;
  library: {
    area(name: string): FileAreaDefinition | undefined;
    may(level: SecurityLevel, area: FileAreaDefinition, right: FileRight): boolean;
    pathOf(file: Pick<FileEntry, 'area' | 'name'>): string | null;
  };
  log: Logger;
  now?: () => Date;
}

const REFUSED: Record<LinkProblem, [number, string]> = {
  malformed: [403, 'This is not a download link of this board.'],
  forged: [403, 'This download link is not valid.'],
  expired: [410, 'This link has expired: ask the board for a new one.'],
};

/** Small enough to keep a slow reader from holding much of the board's memory, big enough for disk reads to stay cheap. */
const CHUNK = 64 * 1024;

/** Answers GET and HEAD for `/files/TOKEN/NAME`; any failure inside is one log line and a 500, never a thrown error. */
export function serveDownload(req: IncomingMessage, res: ServerResponse, pathname: string, source: DownloadSource): void {
  answer(req, res, pathname, source).catch((err: unknown) => {
    source.log.error('download failed', { err });
    if (!res.headersSent) text(res, 500, 'The file could not be read. The sysop has been told.');
    else res.destroy();
  });
}

async function answer(req: IncomingMessage, res: ServerResponse, pathname: string, source: DownloadSource): Promise<void> {
  const found = await fileFor(pathname, source);
  if ('status' in found) return text(res, found.status, found.reason);
  const { file, path } = found;
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: a symlink planted in an area's folder never leads out of it.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ELOOP') throw err;
    source.log.warn('a listed file is missing on disk', { area: file.area, name: file.name, code });
    return text(res, 404, 'No such file.');
  }
  try {
    await send(req, res, handle, file, source);
  } finally {
    await handle.close();
  }
}

type Found = { file: FileEntry; path: string } | { status: number; reason: string };

/** The file a link names, if its account may still have it now. */
async function fileFor(pathname: string, source: DownloadSource): Promise<Found> {
  const token = tokenOfPath(pathname);
  if (token === null) return { status: 404, reason: 'Not found.' };
  const nowS = Math.floor((source.now?.() ?? new Date()).getTime() / 1000);
  const link = verifyDownloadLink(await linkSecret(source.store), token, nowS);
  if (!link.ok) {
    const [status, reason] = REFUSED[link.problem];
    return { status, reason };
  }
  const user = await source.store.users.findById(link.claim.userId);
  if (!user) return { status: 403, reason: 'The account this link was made for is gone.' };
  if (user.banned) return { status: 403, reason: 'The account this link was made for may not download.' };
  const file = await source.store.files.get(link.claim.fileId);
  const area = file && !file.hidden ? source.library.area(file.area) : undefined;
  const path = file && area ? source.library.pathOf(file) : null;
  if (!file || !area || !path) return { status: 404, reason: 'No such file.' };
  if (!source.library.may(user.level, area, 'download')) return { status: 403, reason: 'The account this link was made for may not download from this area.' };
  return { file, path };
}

/** Headers, then the bytes asked for, streamed from the open file. */
async function send(req: IncomingMessage, res: ServerResponse, handle: FileHandle, file: FileEntry, source: DownloadSource): Promise<void> {
  const st = await handle.stat();
  if (!st.isFile()) return text(res, 404, 'No such file.');
  const size = st.size;
  // The ETag is the content's own hash, so a resume (If-Range) can never splice two different files.
  const etag = `"${file.sha256}"`;
  const lastModified = file.uploadedAt.toUTCString();
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Cache-Control', 'private');
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', lastModified);
  res.setHeader('Content-Disposition', attachmentDisposition(file.name));
  if (noneMatch(req.headers['if-none-match'], etag)) {
    res.statusCode = 304;
    return void res.end();
  }
  const ifRange = req.headers['if-range'];
  const rangeHolds = ifRange === undefined || ifRange === etag || ifRange === lastModified;
  const range = rangeHolds ? parseRange(req.headers.range, size) : { kind: 'whole' as const };
  if (range.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    return text(res, 416, 'That range is outside the file.');
  }
  const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, size - 1];
  res.statusCode = range.kind === 'part' ? 206 : 200;
  if (range.kind === 'part') res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Length', end - start + 1);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    if (req.method !== 'HEAD') await countDownload(file, source);
    return;
  }
  try {
    await pipeline(handle.createReadStream({ start, end, autoClose: false, highWaterMark: CHUNK }), res);
  } catch (err) {
    // A client that goes away mid-file is ordinary; the caller's finally closes the file either way.
    if (!res.destroyed) throw err;
    source.log.debug('download cut short by the client', { id: file.id, err: (err as Error).message });
    return;
  }
  // One download is the whole file from its first byte; resumed pieces are not counted again.
  if (start === 0 && end === size - 1) await countDownload(file, source);
}

async function countDownload(file: FileEntry, source: DownloadSource): Promise<void> {
  await source.store.files.countDownload(file.id).catch((err: unknown) => source.log.warn('download not counted', { id: file.id, err }));
}

export function noneMatch(header: string | undefined, etag: string): boolean {
  return header !== undefined && (header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag));
}

function text(res: ServerResponse, status: number, body: string): void {
  const bytes = Buffer.from(body + '\n', 'utf8');
  res.statusCode = status;
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

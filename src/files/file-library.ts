import { randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, readdir, rename, rm, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FileAreaDefinition } from '../config/file-areas.js';
import type { Logger } from '../logger.js';
import { atLeast } from '../rules/levels.js';
import { isUniqueViolation } from '../store/is-unique-violation.js';
import type { FileEntry, SecurityLevel, Store } from '../store/types.js';
import { sha256OfFile } from './file-hash.js';
import { cleanFileName, numberedName } from './file-names.js';

/** What a caller may do in an area. */
export type FileRight = 'list' | 'download' | 'upload';

/** An upload that arrived whole in a private folder, to be checked and put in its area. */
interface Arrival {
  area: string;
  /** Where the bytes are now: inside a folder from `incoming()`. */
  tempPath: string;
  /** The name the caller's program gave it. */
  name: string;
  uploaderId: number | null;
  /** The uploader's own words; when empty, a ZIP's FILE_ID.DIZ is used. */
  description?: string;
}

export type Accepted = { ok: true; file: FileEntry; notice?: string } | { ok: false; reason: string };

/** Private folders for uploads in progress live here, inside each area's folder, so a finished file is renamed, never copied. */
const INCOMING = '.incoming';
/** Upload folders older than this were left by a process that died; nothing still writes to them. */
const STALE_INCOMING_MS = 6 * 3600_000;
const MAX_NAME_TRIES = 99;
const DISK_FULL = "The board's disk is full, so the file could not be kept. The sysop has been told.";

/** Rename, or copy and delete when the two folders are on different disks. */
async function moveBytes(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/**
 * The file areas on disk and in the store, as one: who may do what, where
 * each file's bytes are, and the only way a file enters an area (checked,
 * then renamed into place whole, then recorded), so a cut line or a crash
 * never leaves half a file listed.
 */
export class FileLibrary {
  /** Uploads are checked one at a time, so two at once cannot both fit the last of a quota. */
  private accepting: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly opts: {
      store: Pick<Store, 'files'>;
      areas: readonly FileAreaDefinition[];
      data: string;
      log: Logger;
    },
  ) {}

  /** Every area, or those a caller of this level may see. */
  areas(level?: SecurityLevel): FileAreaDefinition[] {
    return this.opts.areas.filter((a) => level === undefined || atLeast(level, a.list));
  }

  area(name: string): FileAreaDefinition | undefined {
    return this.opts.areas.find((a) => a.name === name);
  }

  may(level: SecurityLevel, area: FileAreaDefinition, right: FileRight): boolean {
    return atLeast(level, area.list) && atLeast(level, area[right]);
  }

  folderOf(area: FileAreaDefinition): string {
    return resolve(area.folder ?? join(this.opts.data, 'files', area.name));
  }

  /** Where a file's bytes are; null when its area is no longer in the config. */
  pathOf(file: Pick<FileEntry, 'area' | 'name'>): string | null {
    const area = this.area(file.area);
    return area ? join(this.folderOf(area), file.name) : null;
  }

  /** Make every area's folder, and clear upload folders a dead process left behind. */
  async prepare(): Promise<void> {
    for (const area of this.opts.areas) {
      const incoming = join(this.folderOf(area), INCOMING);
      await mkdir(incoming, { recursive: true, mode: 0o750 });
      for (const name of await readdir(incoming)) {
        const path = join(incoming, name);
        const st = await lstat(path).catch(() => null);
        if (st && Date.now() - st.mtimeMs > STALE_INCOMING_MS) await rm(path, { recursive: true, force: true });
      }
    }
  }

  /** A new private folder for one upload into this area, that nothing lists. */
  async incoming(area: FileAreaDefinition, userId: number | null): Promise<string> {
    const folder = join(this.folderOf(area), INCOMING, `${userId ?? 0}-${randomBytes(6).toString('hex')}`);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    return folder;
  }

  /** Remove a folder from `incoming()` and whatever is left in it. Anything else is refused. */
  async discard(folder: string): Promise<void> {
    const inside = this.opts.areas.some((a) => resolve(folder).startsWith(join(this.folderOf(a), INCOMING) + sep));
    if (!inside) throw new Error(`not an upload folder: ${folder}`);
    await rm(folder, { recursive: true, force: true });
  }

  /** Bytes this account may upload to this area now: the size cap and both quotas; Infinity when nothing limits it. */
  async room(area: FileAreaDefinition, userId: number | null): Promise<number> {
    let room = area.maxUpload > 0 ? area.maxUpload : Infinity;
    if (area.quotaPerUser > 0 && userId !== null) room = Math.min(room, area.quotaPerUser - (await this.opts.store.files.bytesByUploader(area.name, userId)));
    if (area.quotaPerArea > 0) room = Math.min(room, area.quotaPerArea - (await this.opts.store.files.bytesInArea(area.name)));
    return Math.max(0, room);
  }

  /** Check an upload and put it in its area, or say why not; the temporary file is gone either way. */
  accept(arrival: Arrival): Promise<Accepted> {
    const turn = this.accepting.then(() => this.acceptNow(arrival));
    this.accepting = turn.catch(() => undefined);
    return turn;
  }

  private async acceptNow(arrival: Arrival): Promise<Accepted> {
    try {
      return await this.check(arrival);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.opts.log.error('upload could not be kept', { area: arrival.area, name: arrival.name, code, err });
      return { ok: false, reason: code === 'ENOSPC' || code === 'EDQUOT' ? DISK_FULL : 'The file could not be kept. The sysop has been told.' };
    } finally {
      await unlink(arrival.tempPath).catch(() => undefined);
    }
  }

  private async check(arrival: Arrival): Promise<Accepted> {
    const area = this.area(arrival.area);
    if (!area) return { ok: false, reason: 'That file area is gone.' };
    const st = await lstat(arrival.tempPath);
    if (!st.isFile()) return { ok: false, reason: 'Only plain files can be uploaded.' };
    const name = cleanFileName(arrival.name);
    if (!name) return { ok: false, reason: `"${arrival.name}" cannot be used as a file name.` };
    if (area.maxUpload > 0 && st.size > area.maxUpload) return { ok: false, reason: `${name} is ${formatBytes(st.size)}; files here may be at most ${formatBytes(area.maxUpload)}.` };
    const room = await this.room(area, arrival.uploaderId);
    if (st.size > room) return { ok: false, reason: `${name} (${formatBytes(st.size)}) does not fit: ${formatBytes(room)} left of your quota in ${area.title}.` };
    const sha256 = await sha256OfFile(arrival.tempPath);
    const twin = await this.opts.store.files.findBySha256(area.name, sha256);
    if (twin) return { ok: false, reason: `${name} is already here, as ${twin.name}.` };
    const described = await this.describe(arrival, name);
    if ('reason' in described) return { ok: false, reason: described.reason };
    const file = await this.place(area, arrival.tempPath, name, { size: st.size, sha256, description: described.description, uploaderId: arrival.uploaderId });
    return described.notice ? { ok: true, file, notice: described.notice } : { ok: true, file };
  }

  /** The uploader's words, else a ZIP's FILE_ID.DIZ; a ZIP that cannot be read is refused (nobody could use it). */
  private async describe(arrival: Arrival, name: string): Promise<{ description: string; notice?: string } | { reason: string }> {
    const own = (arrival.description ?? '').trim();
    if (!/\.zip$/i.test(name)) return { description: own };
    // The ZIP reader is loaded with the first ZIP uploaded, not at start.
    const { readFileIdDiz } = await import('./file-id-diz.js');
    const diz = await readFileIdDiz(arrival.tempPath);
    if (!diz.ok && /not a readable ZIP/.test(diz.problem)) return { reason: `${name} was not added: ${diz.problem}.` };
    if (!diz.ok) return { description: own, notice: `The description inside ${name} was not used: ${diz.problem}.` };
    return { description: own || (diz.description ?? '') };
  }

  /** Link the bytes in under a free name (never over another file), then record them; the record failing takes the link back. */
  private async place(area: FileAreaDefinition, from: string, name: string, facts: { size: number; sha256: string; description: string; uploaderId: number | null }): Promise<FileEntry> {
    const folder = this.folderOf(area);
    for (let n = 1; n <= MAX_NAME_TRIES; n++) {
      const candidate = n === 1 ? name : numberedName(name, n);
      if (await this.opts.store.files.findByName(area.name, candidate)) continue;
      const target = join(folder, candidate);
      try {
        await link(from, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      try {
        return await this.opts.store.files.add({ area: area.name, name: candidate, ...facts });
      } catch (err) {
        await unlink(target).catch(() => undefined);
        if (isUniqueViolation(err)) continue;
        throw err;
      }
    }
    throw new Error(`no free name for ${name} in ${area.name}`);
  }

  /** The sysop adds a file from the board's own disk: copied in, checked like an upload. */
  async importFile(path: string, area: FileAreaDefinition, description?: string): Promise<Accepted> {
    const folder = await this.incoming(area, null);
    try {
      const name = path.split(sep).pop() ?? path;
      const temp = join(folder, 'import');
      await copyFile(path, temp);
      return await this.accept({ area: area.name, tempPath: temp, name, uploaderId: null, ...(description ? { description } : {}) });
    } finally {
      await this.discard(folder);
    }
  }

  /** Delete a file: its record first (callers stop seeing it), then its bytes. */
  async remove(file: FileEntry): Promise<void> {
    await this.opts.store.files.remove(file.id);
    const path = this.pathOf(file);
    if (path) await unlink(path).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
  }

  /** Move a file to another area under a free name there; returns its new name. */
  async move(file: FileEntry, to: FileAreaDefinition): Promise<string> {
    const from = this.pathOf(file);
    if (!from) throw new Error(`the area ${file.area} is gone`);
    const folder = this.folderOf(to);
    await mkdir(folder, { recursive: true, mode: 0o750 });
    const twin = await this.opts.store.files.findBySha256(to.name, file.sha256);
    if (twin) throw new Error(`${to.title} already has the same file, as ${twin.name}`);
    for (let n = 1; n <= MAX_NAME_TRIES; n++) {
      const name = n === 1 ? file.name : numberedName(file.name, n);
      if (await this.opts.store.files.findByName(to.name, name)) continue;
      const target = join(folder, name);
      if (await lstat(target).catch(() => null)) continue;
      await moveBytes(from, target);
      await this.opts.store.files.move(file.id, to.name, name);
      return name;
    }
    throw new Error(`no free name for ${file.name} in ${to.name}`);
  }
}

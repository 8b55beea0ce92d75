import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileAreaDefinition } from '../../../config/file-areas.js';
import type { Accepted, FileLibrary } from '../../../files/file-library.js';
import { formatBytes } from '../../../files/file-library.js';

type UploadLibrary = Pick<FileLibrary, 'incoming' | 'discard' | 'room' | 'accept'>;

/** Why an upload stopped part-way; the caller reads it as the FAILURE message. */
export class UploadStopped extends Error {}

/**
 * One file being put into an area's `upload/`. The bytes go to a private
 * folder from FileLibrary.incoming(), never into the area: the file is
 * offered to FileLibrary.accept() only when the client closes it, and the
 * folder is removed whatever happens. The size cap and the quotas are
 * checked as the bytes arrive, by the furthest byte written, so a client
 * cannot fill the disk first and be refused after.
 */
export class Upload {
  private stopped: string | null = null;
  private finished = false;

  private constructor(
    private readonly library: UploadLibrary,
    readonly area: FileAreaDefinition,
    readonly name: string,
    private readonly uploaderId: number,
    private readonly folder: string,
    private readonly temp: string,
    private readonly fh: FileHandle,
    /** Bytes the account may still add here, as of the open. */
    private readonly room: number,
  ) {}

  /** A new upload, or the reason there is no room for one. */
  static async open(library: UploadLibrary, area: FileAreaDefinition, name: string, uploaderId: number): Promise<Upload | { refused: string }> {
    const room = await library.room(area, uploaderId);
    if (room <= 0) return { refused: `quota exceeded: there is no room left for your files in ${area.title}` };
    const folder = await library.incoming(area, uploaderId);
    const temp = join(folder, 'upload');
    try {
      const fh = await open(temp, 'wx', 0o600);
      return new Upload(library, area, name, uploaderId, folder, temp, fh, room);
    } catch (err) {
      await library.discard(folder);
      throw err;
    }
  }

  /** Write bytes at `offset`; past the room left, the upload stops and its bytes are removed. */
  async write(offset: number, data: Buffer): Promise<void> {
    if (this.stopped) throw new UploadStopped(this.stopped);
    if (this.finished) throw new UploadStopped('the upload is closed');
    const end = offset + data.length;
    if (end > this.room) {
      await this.stop(`quota exceeded: ${formatBytes(this.room)} is all that fits in ${this.area.title}`);
      throw new UploadStopped(this.stopped!);
    }
    try {
      await this.fh.write(data, 0, data.length, offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      await this.stop(code === 'ENOSPC' || code === 'EDQUOT' ? "the board's disk is full" : 'the file could not be written');
      throw new UploadStopped(this.stopped!);
    }
  }

  /** The client closed the file: it goes into the area now, or the reason why not. */
  async finish(): Promise<Accepted> {
    if (this.stopped) return { ok: false, reason: this.stopped };
    this.finished = true;
    try {
      await this.fh.close();
      return await this.library.accept({ area: this.area.name, tempPath: this.temp, name: this.name, uploaderId: this.uploaderId });
    } finally {
      await this.library.discard(this.folder);
    }
  }

  /** Give up: the connection went, or the quota was reached. Nothing is left behind. */
  async abandon(): Promise<void> {
    if (this.finished) return;
    await this.stop('the upload was abandoned');
  }

  private async stop(reason: string): Promise<void> {
    if (this.stopped) return;
    this.stopped = reason;
    await this.fh.close().catch(() => undefined);
    await this.library.discard(this.folder);
  }
}

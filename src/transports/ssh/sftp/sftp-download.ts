import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { FileEntry } from '../../../store/types.js';

/** The most one READ answers with, whatever the client asked: a bound on what one request can make the board hold. */
const MAX_READ_BYTES = 64 * 1024;

type ReadAnswer = { kind: 'data'; bytes: Buffer } | { kind: 'eof' };

/**
 * One file of an area opened for a download. The bytes come from the file
 * the store names, opened without following a symbolic link (a link the
 * sysop left in the folder leads nowhere), and only a plain file is served.
 * The download is counted once every byte from the first to the last was
 * read, whatever order the reads asked in for the part before.
 */
export class Download {
  /** Bytes from 0 read so far without a gap: a client reading the file in order moves it to the end. */
  private covered = 0;
  private counted = false;

  private constructor(
    readonly file: FileEntry,
    private readonly fh: FileHandle,
    readonly size: number,
    readonly modified: Date,
  ) {}

  /** The file at `path`, or why not: 'link' for a symbolic link, 'not-file' for anything but a plain file; throws for a missing file. */
  static async open(file: FileEntry, path: string): Promise<Download | 'link' | 'not-file'> {
    let fh: FileHandle;
    try {
      // O_NONBLOCK: a FIFO planted in the folder must not hang the open; a plain file ignores the flag.
      fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') return 'link';
      throw err;
    }
    const st = await fh.stat().catch(async (err: unknown) => {
      await fh.close();
      throw err;
    });
    if (!st.isFile()) {
      await fh.close();
      return 'not-file';
    }
    return new Download(file, fh, st.size, st.mtime);
  }

  /** Up to `len` bytes (at most MAX_READ_BYTES) from `offset`; 'eof' past the end. `onWhole` runs once, when the last byte was read. */
  async read(offset: number, len: number, onWhole: () => void): Promise<ReadAnswer> {
    if (offset >= this.size || len === 0) {
      // An empty file is read whole by the first read that finds its end.
      if (this.size === 0) this.whole(onWhole);
      return { kind: 'eof' };
    }
    const want = Math.min(len, MAX_READ_BYTES, this.size - offset);
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await this.fh.read(buf, 0, want, offset);
    if (bytesRead === 0) return { kind: 'eof' };
    if (offset <= this.covered) this.covered = Math.max(this.covered, offset + bytesRead);
    if (this.covered >= this.size) this.whole(onWhole);
    return { kind: 'data', bytes: bytesRead === want ? buf : buf.subarray(0, bytesRead) };
  }

  private whole(onWhole: () => void): void {
    if (this.counted) return;
    this.counted = true;
    onWhole();
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

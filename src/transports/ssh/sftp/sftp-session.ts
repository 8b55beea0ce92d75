import ssh2, { type Attributes, type SFTPWrapper } from 'ssh2';
import type { FileLibrary } from '../../../files/file-library.js';
import type { Logger } from '../../../logger.js';
import type { SessionUser } from '../../../session/session.js';
import type { FileRepository } from '../../../store/types/files.js';
import { Download } from './sftp-download.js';
import { attrsOf, entryOf, FILE_MODE, FOLDER_MODE, UPLOAD_FOLDER_MODE, type Entry } from './sftp-entries.js';
import { pathText, resolveSftpPath, UPLOAD_FOLDER, type AreaRights, type PathRefusal, type SftpPath, type SftpView } from './sftp-paths.js';
import { Upload, UploadStopped } from './sftp-upload.js';

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp;

/** What SFTP needs of the board: the file areas, and the store's records of their files. */
export interface SftpFiles {
  library: Pick<FileLibrary, 'areas' | 'area' | 'may' | 'pathOf' | 'incoming' | 'discard' | 'room' | 'accept'>;
  records: Pick<FileRepository, 'list' | 'findByName' | 'countDownload'>;
}

interface SftpSessionOptions {
  files: SftpFiles;
  /** The account, its level as the store has it now; null when it may not use SFTP (gone, or banned since the login). */
  account: Promise<SessionUser | null>;
  log: Logger;
  remote: string;
}

/** Files and folders one session may hold open at once. */
const MAX_HANDLES = 64;
/** Requests being worked on at once; more are refused until some are answered. */
const MAX_PENDING = 256;
/**
 * Answers waiting for the client to open its window. An honest client keeps
 * a few dozen reads in flight and takes the answers as they come; one that
 * keeps asking and never reads is cut off rather than buffered for.
 */
const MAX_UNSENT_ANSWERS = 256;
/** Files per READDIR answer. */
const PAGE = 100;
const WRITE_FLAGS = OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC | OPEN_MODE.EXCL;
const READ_ONLY = 'the file areas are read-only over SFTP: files go into the upload/ folder of an area that takes uploads';

type Handle =
  | { kind: 'dir'; path: SftpPath; offset: number; done: boolean }
  | { kind: 'download'; download: Download; queue: Promise<void> }
  | { kind: 'upload'; upload: Upload; queue: Promise<void> };

/** A refusal on its way to the client as an SFTP status. */
class Refused extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_OF: Record<PathRefusal['status'], number> = {
  'no-such-file': STATUS_CODE.NO_SUCH_FILE,
  'permission-denied': STATUS_CODE.PERMISSION_DENIED,
  failure: STATUS_CODE.FAILURE,
};

/**
 * One SFTP session of an authenticated account over the board's file
 * areas: the tree of sftp-paths.ts, read from the store's records, with
 * downloads from the areas' folders and uploads through FileLibrary. Every
 * request gets an answer; nothing a client sends can throw out of here.
 */
export class SftpSession {
  private readonly handles = new Map<string, Handle>();
  /** The account and the areas it may list, once the store has answered. */
  private readonly ready: Promise<{ user: SessionUser; view: SftpView } | null>;
  private user: SessionUser = { id: 0, name: '', level: 'new' };
  private view: SftpView = new Map();
  private nextHandle = 0;
  private pending = 0;
  private closed = false;

  /**
   * Listens at once, before the account is known: OpenSSH sends its first
   * requests without waiting for the subsystem to be confirmed, and a request
   * nobody listens for is answered "unsupported" by ssh2.
   */
  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly opts: SftpSessionOptions,
  ) {
    this.ready = opts.account.then((user) => {
      if (!user) return null;
      const { library } = opts.files;
      this.user = user;
      this.view = new Map<string, AreaRights>(
        library.areas(user.level).map((a) => [a.name, { download: library.may(user.level, a, 'download'), upload: library.may(user.level, a, 'upload') }]),
      );
      return { user, view: this.view };
    });
    this.listen();
  }

  /** The channel went: every open file is closed, every upload in progress removed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const open = [...this.handles.values()];
    this.handles.clear();
    for (const h of open) this.release(h);
  }

  private release(h: Handle): void {
    const done = h.kind === 'download' ? h.download.close() : h.kind === 'upload' ? h.upload.abandon() : Promise.resolve();
    done.catch((err: unknown) => this.opts.log.warn('sftp handle not released', { remote: this.opts.remote, err }));
  }

  private listen(): void {
    const s = this.sftp;
    s.on('error', (err: Error) => {
      this.opts.log.info('sftp session broke', { remote: this.opts.remote, err: err.message });
      this.close();
    });
    // The client is done (it sends EOF when its batch ends): close the channel so it can exit.
    s.on('end', () => {
      this.close();
      s.end();
    });
    s.on('close', () => this.close());
    s.on('OPEN', (id: number, path: string, flags: number) => this.run(id, () => this.open(id, path, flags)));
    s.on('READ', (id: number, handle: Buffer, offset: number, len: number) => this.onHandle(id, handle, (h) => this.read(id, h, offset, len)));
    s.on('WRITE', (id: number, handle: Buffer, offset: number, data: Buffer) => this.onHandle(id, handle, (h) => this.write(id, h, offset, data)));
    s.on('CLOSE', (id: number, handle: Buffer) => this.run(id, () => this.closeHandle(id, handle)));
    s.on('FSTAT', (id: number, handle: Buffer) => this.onHandle(id, handle, (h) => Promise.resolve(this.fstat(id, h))));
    s.on('OPENDIR', (id: number, path: string) => this.run(id, () => Promise.resolve(this.openDir(id, path))));
    s.on('READDIR', (id: number, handle: Buffer) => this.onHandle(id, handle, (h) => this.readDir(id, h)));
    s.on('STAT', (id: number, path: string) => this.run(id, () => this.stat(id, path)));
    s.on('LSTAT', (id: number, path: string) => this.run(id, () => this.stat(id, path)));
    s.on('REALPATH', (id: number, path: string) => this.run(id, () => Promise.resolve(this.realPath(id, path))));
    for (const op of ['REMOVE', 'RENAME', 'MKDIR', 'RMDIR', 'SETSTAT', 'FSETSTAT', 'SYMLINK', 'READLINK']) {
      s.on(op, (id: number) => {
        this.opts.log.info('sftp request refused', { remote: this.opts.remote, user: this.user.name, request: op });
        s.status(id, STATUS_CODE.PERMISSION_DENIED, READ_ONLY);
      });
    }
  }

  /** Run one request, bounded, and turn whatever it throws into an answer. */
  private run(id: number, work: () => Promise<void>): void {
    if (this.closed) return;
    if (this.pending >= MAX_PENDING) {
      this.sftp.status(id, STATUS_CODE.FAILURE, 'too many requests at once');
      return;
    }
    this.pending++;
    this.whenReady()
      .then(work)
      .catch((err: unknown) => this.fail(id, err))
      .finally(() => this.pending--)
      .catch(() => undefined);
  }

  private async whenReady(): Promise<void> {
    if ((await this.ready) !== null) return;
    this.close();
    this.sftp.end();
    throw new Refused(STATUS_CODE.PERMISSION_DENIED, 'this account may not use SFTP');
  }

  private fail(id: number, err: unknown): void {
    if (err instanceof Refused) this.sftp.status(id, err.code, err.message);
    else if (err instanceof UploadStopped) this.sftp.status(id, STATUS_CODE.FAILURE, err.message);
    else {
      this.opts.log.error('sftp request failed', { remote: this.opts.remote, user: this.user.name, err });
      this.sftp.status(id, STATUS_CODE.FAILURE, 'the board could not do that just now');
    }
  }

  /** A request on an open handle; reads and writes on one file are done in the order they came, one at a time. */
  private onHandle(id: number, raw: Buffer, work: (h: Handle) => Promise<void>): void {
    const h = this.handles.get(raw.toString('hex'));
    if (!h) {
      this.sftp.status(id, STATUS_CODE.FAILURE, 'no such handle');
      return;
    }
    if (h.kind === 'dir') {
      this.run(id, () => work(h));
      return;
    }
    this.run(id, () => {
      const turn = h.queue.then(() => work(h));
      h.queue = turn.catch(() => undefined);
      return turn;
    });
  }

  private resolve(raw: string): SftpPath {
    const resolved = resolveSftpPath(raw, this.view);
    if (!resolved.ok) throw new Refused(STATUS_OF[resolved.status], resolved.message);
    return resolved.path;
  }

  private addHandle(h: Handle): Buffer {
    const key = Buffer.alloc(4);
    key.writeUInt32BE(this.nextHandle++ >>> 0);
    this.handles.set(key.toString('hex'), h);
    return key;
  }

  private roomForHandle(): void {
    if (this.handles.size >= MAX_HANDLES) throw new Refused(STATUS_CODE.FAILURE, `too many open files: at most ${MAX_HANDLES} at once`);
  }

  private async open(id: number, raw: string, flags: number): Promise<void> {
    const path = this.resolve(raw);
    this.roomForHandle();
    const h = flags & WRITE_FLAGS ? await this.openUpload(path) : await this.openDownload(path);
    // The channel may have gone, or other opens taken the last handles, while the file was being opened.
    if (this.closed || this.handles.size >= MAX_HANDLES) {
      this.release(h);
      if (!this.closed) this.roomForHandle();
      return;
    }
    this.sftp.handle(id, this.addHandle(h));
  }

  private async openDownload(path: SftpPath): Promise<Handle> {
    if (path.kind === 'root' || path.kind === 'area' || path.kind === 'upload') throw new Refused(STATUS_CODE.FAILURE, `${pathText(path)} is a folder`);
    if (path.kind === 'upload-file') throw new Refused(STATUS_CODE.NO_SUCH_FILE, `files in ${UPLOAD_FOLDER}/ cannot be read back`);
    const { library, records } = this.opts.files;
    const record = await records.findByName(path.area, path.name);
    const where = library.area(path.area);
    const disk = record && !record.hidden ? library.pathOf(record) : null;
    if (!record || !where || !disk) throw new Refused(STATUS_CODE.NO_SUCH_FILE, `no file called ${path.name} in ${path.area}`);
    if (!this.view.get(path.area)?.download) throw new Refused(STATUS_CODE.PERMISSION_DENIED, `your level may not download from ${where.title}`);
    const opened = await Download.open(record, disk).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      this.opts.log.warn('sftp download missing on disk', { area: record.area, name: record.name });
      return null;
    });
    if (opened === null) throw new Refused(STATUS_CODE.NO_SUCH_FILE, `${record.name} is missing; the sysop has been told`);
    if (opened === 'link' || opened === 'not-file') {
      this.opts.log.warn('sftp refused a file that is not a plain file', { area: record.area, name: record.name, found: opened });
      throw new Refused(STATUS_CODE.PERMISSION_DENIED, `${record.name} cannot be downloaded`);
    }
    this.opts.log.info('sftp download', { remote: this.opts.remote, user: this.user.name, area: record.area, name: record.name });
    return { kind: 'download', download: opened, queue: Promise.resolve() };
  }

  private async openUpload(path: SftpPath): Promise<Handle> {
    if (path.kind !== 'upload-file') {
      this.opts.log.info('sftp write refused', { remote: this.opts.remote, user: this.user.name, path: pathText(path) });
      throw new Refused(STATUS_CODE.PERMISSION_DENIED, READ_ONLY);
    }
    const area = this.opts.files.library.area(path.area);
    if (!area) throw new Refused(STATUS_CODE.NO_SUCH_FILE, `there is no file area called ${path.area}`);
    const upload = await Upload.open(this.opts.files.library, area, path.name, this.user.id);
    if ('refused' in upload) throw new Refused(STATUS_CODE.FAILURE, upload.refused);
    return { kind: 'upload', upload, queue: Promise.resolve() };
  }

  private async read(id: number, h: Handle, offset: number, len: number): Promise<void> {
    if (h.kind !== 'download') throw new Refused(STATUS_CODE.FAILURE, 'not open for reading');
    if (!Number.isSafeInteger(offset) || offset < 0) throw new Refused(STATUS_CODE.FAILURE, 'bad offset');
    const file = h.download.file;
    const answer = await h.download.read(offset, len, () => {
      this.opts.files.records.countDownload(file.id).catch((err: unknown) => this.opts.log.error('download not counted', { area: file.area, name: file.name, err }));
    });
    if (answer.kind === 'eof') this.sftp.status(id, STATUS_CODE.EOF);
    else this.sftp.data(id, answer.bytes);
    this.checkUnsent();
  }

  /** A client that asks and never takes its answers is cut off before they pile up. */
  private checkUnsent(): void {
    // ssh2 keeps answers the SSH window has no room for in this list; it offers no public count of them.
    const unsent = (this.sftp as unknown as { _buffer?: unknown[] })._buffer?.length ?? 0;
    if (unsent <= MAX_UNSENT_ANSWERS) return;
    this.opts.log.warn('sftp client reads nothing of what it asks for: cut off', { remote: this.opts.remote, user: this.user.name });
    this.close();
    this.sftp.end();
  }

  private async write(id: number, h: Handle, offset: number, data: Buffer): Promise<void> {
    if (h.kind !== 'upload') throw new Refused(STATUS_CODE.PERMISSION_DENIED, READ_ONLY);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new Refused(STATUS_CODE.FAILURE, 'bad offset');
    await h.upload.write(offset, data);
    this.sftp.status(id, STATUS_CODE.OK);
  }

  private async closeHandle(id: number, raw: Buffer): Promise<void> {
    const key = raw.toString('hex');
    const h = this.handles.get(key);
    if (!h) throw new Refused(STATUS_CODE.FAILURE, 'no such handle');
    this.handles.delete(key);
    if (h.kind === 'dir') {
      this.sftp.status(id, STATUS_CODE.OK);
      return;
    }
    // After the reads and writes already asked for on it.
    await h.queue;
    if (h.kind === 'download') {
      await h.download.close();
      this.sftp.status(id, STATUS_CODE.OK);
      return;
    }
    const { upload } = h;
    const result = await upload.finish();
    const fields = { remote: this.opts.remote, user: this.user.name, area: upload.area.name, name: upload.name };
    if (result.ok) {
      this.opts.log.info('sftp upload', { ...fields, stored: result.file.name, size: result.file.size });
      this.sftp.status(id, STATUS_CODE.OK, result.notice ?? (result.file.name === upload.name ? '' : `kept as ${result.file.name}`));
    } else {
      this.opts.log.info('sftp upload refused', { ...fields, reason: result.reason });
      this.sftp.status(id, STATUS_CODE.FAILURE, result.reason);
    }
  }

  private fstat(id: number, h: Handle): void {
    if (h.kind === 'download') this.sftp.attrs(id, attrsOf(FILE_MODE, h.download.size, h.download.modified));
    else if (h.kind === 'dir') this.sftp.attrs(id, this.folderAttrs(h.path));
    else throw new Refused(STATUS_CODE.OP_UNSUPPORTED, 'an upload in progress has no attributes yet');
  }

  private folderAttrs(path: SftpPath): Attributes {
    return attrsOf(path.kind === 'upload' ? UPLOAD_FOLDER_MODE : FOLDER_MODE, 0, new Date());
  }

  private openDir(id: number, raw: string): void {
    const path = this.resolve(raw);
    if (path.kind === 'file' || path.kind === 'upload-file') throw new Refused(STATUS_CODE.FAILURE, `${pathText(path)} is not a folder`);
    this.roomForHandle();
    this.sftp.handle(id, this.addHandle({ kind: 'dir', path, offset: 0, done: false }));
  }

  private async readDir(id: number, h: Handle): Promise<void> {
    if (h.kind !== 'dir') throw new Refused(STATUS_CODE.FAILURE, 'not a folder');
    const entries = h.done ? [] : await this.nextEntries(h);
    if (entries.length === 0) this.sftp.status(id, STATUS_CODE.EOF);
    else this.sftp.name(id, entries);
  }

  /** The next page of a folder. `upload/` lists nothing: uploads in progress are nobody's to see. */
  private async nextEntries(h: Extract<Handle, { kind: 'dir' }>): Promise<Entry[]> {
    const now = new Date();
    const { path } = h;
    if (path.kind === 'root') {
      h.done = true;
      return [...this.view.keys()].map((name) => entryOf(name, attrsOf(FOLDER_MODE, 0, now), null, now));
    }
    if (path.kind !== 'area') {
      h.done = true;
      return [];
    }
    const entries: Entry[] = [];
    if (h.offset === 0 && this.view.get(path.area)?.upload) entries.push(entryOf(UPLOAD_FOLDER, attrsOf(UPLOAD_FOLDER_MODE, 0, now), null, now));
    const files = await this.opts.files.records.list(path.area, { offset: h.offset, limit: PAGE });
    h.offset += files.length;
    if (files.length < PAGE) h.done = true;
    for (const f of files) entries.push(entryOf(f.name, attrsOf(FILE_MODE, f.size, f.uploadedAt), f.uploaderName, now));
    return entries;
  }

  private async stat(id: number, raw: string): Promise<void> {
    const path = this.resolve(raw);
    if (path.kind === 'upload-file') throw new Refused(STATUS_CODE.NO_SUCH_FILE, `nothing called ${path.name} in ${UPLOAD_FOLDER}/`);
    if (path.kind !== 'file') {
      this.sftp.attrs(id, this.folderAttrs(path));
      return;
    }
    const record = await this.opts.files.records.findByName(path.area, path.name);
    if (!record || record.hidden) throw new Refused(STATUS_CODE.NO_SUCH_FILE, `no file called ${path.name} in ${path.area}`);
    this.sftp.attrs(id, attrsOf(FILE_MODE, record.size, record.uploadedAt));
  }

  private realPath(id: number, raw: string): void {
    const text = pathText(this.resolve(raw));
    this.sftp.name(id, [{ filename: text, longname: text, attrs: {} as Attributes }]);
  }
}

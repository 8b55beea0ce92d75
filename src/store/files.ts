import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { FILE_COLUMNS as COLUMNS, FILES_WITH_UPLOADER as FROM, fileEntryOf as entryOf, type FileRow } from './file-rows.js';
import { searchWords } from './search-words.js';
import type { FileAreaTotals, FileEntry, FileHit, FileRepository, NewFile } from './types/files.js';

/**
 * What a caller typed as an FTS5 query that means "all these words, as
 * prefixes": each word quoted, so operators, quotes and parentheses in the
 * text are only ever words. Null when nothing searchable is left.
 */
export function ftsQueryOf(text: string): string | null {
  const words = searchWords(text);
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(' ');
}

/** `IN (?, ?, ...)` for a list the caller gives; an empty list matches nothing. */
export function inList(n: number): string {
  return n === 0 ? '(NULL)' : `(${new Array<string>(n).fill('?').join(', ')})`;
}

/** Files in the file areas; the folders on disk are the file library's. */
export class SqliteFileRepository implements FileRepository {
  private readonly byId: Statement<[number], FileRow>;
  private readonly byName: Statement<[string, string], FileRow>;
  private readonly bySha: Statement<[string, string], FileRow>;
  private readonly insert: Statement<[string, string, number, string, string, number | null, number]>;
  private readonly page: Statement<[string, number, number, number], FileRow>;
  private readonly counted: Statement<[string, number], { n: number }>;

  constructor(private readonly db: Database) {
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = ?`);
    this.byName = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.area = ? AND f.name = ? COLLATE NOCASE`);
    this.bySha = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.area = ? AND f.sha256 = ?`);
    this.insert = db.prepare('INSERT INTO files (area, name, size, sha256, description, uploader_id, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.page = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.area = ? AND (f.hidden = 0 OR ?) ORDER BY f.uploaded_at DESC, f.id DESC LIMIT ? OFFSET ?`);
    this.counted = db.prepare('SELECT count(*) AS n FROM files WHERE area = ? AND (hidden = 0 OR ?)');
  }

  totals(areas: readonly string[]): Promise<Map<string, FileAreaTotals>> {
    return asPromise(() => {
      const rows = this.db
        .prepare(`SELECT area, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files WHERE hidden = 0 AND area IN ${inList(areas.length)} GROUP BY area`)
        .all(...areas) as Array<{ area: string; files: number; bytes: number }>;
      return new Map(rows.map((r) => [r.area, { files: r.files, bytes: r.bytes }]));
    });
  }

  list(area: string, page: { offset: number; limit: number; hidden?: boolean }): Promise<FileEntry[]> {
    return asPromise(() => this.page.all(area, page.hidden ? 1 : 0, page.limit, page.offset).map(entryOf));
  }

  count(area: string, hidden = false): Promise<number> {
    return asPromise(() => this.counted.get(area, hidden ? 1 : 0)?.n ?? 0);
  }

  get(id: number): Promise<FileEntry | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? entryOf(row) : null;
    });
  }

  findByName(area: string, name: string): Promise<FileEntry | null> {
    return asPromise(() => {
      const row = this.byName.get(area, name);
      return row ? entryOf(row) : null;
    });
  }

  findBySha256(area: string, sha256: string): Promise<FileEntry | null> {
    return asPromise(() => {
      const row = this.bySha.get(area, sha256);
      return row ? entryOf(row) : null;
    });
  }

  add(file: NewFile): Promise<FileEntry> {
    return asPromise(() => {
      const at = (file.uploadedAt ?? new Date()).getTime();
      const { lastInsertRowid } = this.insert.run(file.area, file.name, file.size, file.sha256, file.description, file.uploaderId, at);
      return entryOf(this.byId.get(Number(lastInsertRowid))!);
    });
  }

  describe(id: number, description: string): Promise<void> {
    return this.run('UPDATE files SET description = ? WHERE id = ?', description, id);
  }

  setHidden(id: number, hidden: boolean): Promise<void> {
    return this.run('UPDATE files SET hidden = ? WHERE id = ?', hidden ? 1 : 0, id);
  }

  move(id: number, area: string, name: string): Promise<void> {
    return this.run('UPDATE files SET area = ?, name = ? WHERE id = ?', area, name, id);
  }

  remove(id: number): Promise<void> {
    return this.run('DELETE FROM files WHERE id = ?', id);
  }

  countDownload(id: number): Promise<void> {
    return this.run('UPDATE files SET downloads = downloads + 1 WHERE id = ?', id);
  }

  search(text: string, areas: readonly string[], page: { offset: number; limit: number }): Promise<FileHit[]> {
    return asPromise(() => {
      const query = ftsQueryOf(text);
      if (query === null || areas.length === 0) return [];
      const rows = this.db
        .prepare(
          `SELECT ${COLUMNS}, snippet(files_fts, 1, char(1), char(2), '…', 10) AS excerpt
           FROM files_fts JOIN files f ON f.id = files_fts.rowid LEFT JOIN users u ON u.id = f.uploader_id
           WHERE files_fts MATCH ? AND f.hidden = 0 AND f.area IN ${inList(areas.length)}
           ORDER BY bm25(files_fts, 4.0, 1.0), f.id DESC LIMIT ? OFFSET ?`,
        )
        .all(query, ...areas, page.limit, page.offset) as Array<FileRow & { excerpt: string }>;
      return rows.map((row) => ({ file: entryOf(row), excerpt: row.excerpt }));
    });
  }

  since(since: Date, areas: readonly string[], limit: number): Promise<FileEntry[]> {
    return asPromise(() =>
      (
        this.db
          .prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.hidden = 0 AND f.uploaded_at > ? AND f.area IN ${inList(areas.length)} ORDER BY f.uploaded_at, f.id LIMIT ?`)
          .all(since.getTime(), ...areas, limit) as FileRow[]
      ).map(entryOf),
    );
  }

  bytesByUploader(area: string, userId: number): Promise<number> {
    return this.sum('SELECT coalesce(sum(size), 0) AS n FROM files WHERE area = ? AND uploader_id = ?', area, userId);
  }

  bytesInArea(area: string): Promise<number> {
    return this.sum('SELECT coalesce(sum(size), 0) AS n FROM files WHERE area = ?', area);
  }

  private run(sql: string, ...params: Array<string | number>): Promise<void> {
    return asPromise(() => {
      this.db.prepare(sql).run(...params);
    });
  }

  private sum(sql: string, ...params: Array<string | number>): Promise<number> {
    return asPromise(() => (this.db.prepare(sql).get(...params) as { n: number }).n);
  }
}

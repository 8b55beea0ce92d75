import { FILE_COLUMNS as COLUMNS, FILES_WITH_UPLOADER as FROM, fileEntryOf, type FileRow } from '../file-rows.js';
import type { FileAreaTotals, FileEntry, FileHit, FileRepository, NewFile } from '../types/files.js';
import { excerptOf } from './pg-file-excerpt.js';
import { searchLexemes, tsQueryOf, tsVectorOf } from './pg-file-search.js';
import type { PgDatabase } from './pg-database.js';

/**
 * ts_rank's weights for D, C, B and A: a name's words (A) count four times a
 * description's (D), as SQLite's bm25(files_fts, 4.0, 1.0) weighs them.
 */
const RANK_WEIGHTS = '{0.25, 0.25, 0.25, 1.0}';

/** Files in the file areas, on PostgreSQL; the folders on disk are the file library's. */
export class PgFileRepository implements FileRepository {
  constructor(private readonly db: PgDatabase) {}

  async totals(areas: readonly string[]): Promise<Map<string, FileAreaTotals>> {
    const rows = await this.db.rows<{ area: string; files: number; bytes: number }>(
      'SELECT area, count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files WHERE NOT hidden AND area = ANY($1::text[]) GROUP BY area',
      [areas],
    );
    return new Map(rows.map((r) => [r.area, { files: r.files, bytes: r.bytes }]));
  }

  list(area: string, page: { offset: number; limit: number; hidden?: boolean }): Promise<FileEntry[]> {
    return this.entries(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.area = $1 AND (NOT f.hidden OR $2) ORDER BY f.uploaded_at DESC, f.id DESC LIMIT $3 OFFSET $4`, [
      area,
      page.hidden === true,
      page.limit,
      page.offset,
    ]);
  }

  async count(area: string, hidden = false): Promise<number> {
    return (await this.db.one<{ n: number }>('SELECT count(*) AS n FROM files WHERE area = $1 AND (NOT hidden OR $2)', [area, hidden]))?.n ?? 0;
  }

  get(id: number): Promise<FileEntry | null> {
    return this.entry(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = $1`, [id]);
  }

  findByName(area: string, name: string): Promise<FileEntry | null> {
    return this.entry(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.area = $1 AND lower(f.name) = lower($2)`, [area, name]);
  }

  findBySha256(area: string, sha256: string): Promise<FileEntry | null> {
    return this.entry(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.area = $1 AND f.sha256 = $2`, [area, sha256]);
  }

  async add(file: NewFile): Promise<FileEntry> {
    const at = (file.uploadedAt ?? new Date()).getTime();
    const added = await this.entry(
      `WITH f AS (
         INSERT INTO files (area, name, size, sha256, description, uploader_id, uploaded_at, name_words, description_words)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::tsvector, $9::tsvector) RETURNING *)
       SELECT ${COLUMNS} FROM f LEFT JOIN users u ON u.id = f.uploader_id`,
      [file.area, file.name, file.size, file.sha256, file.description, file.uploaderId, at, tsVectorOf(file.name, 'A'), tsVectorOf(file.description, 'D')],
    );
    if (!added) throw new Error('file insert returned no row');
    return added;
  }

  async describe(id: number, description: string): Promise<void> {
    await this.db.run('UPDATE files SET description = $1, description_words = $2::tsvector WHERE id = $3', [description, tsVectorOf(description, 'D'), id]);
  }

  async setHidden(id: number, hidden: boolean): Promise<void> {
    await this.db.run('UPDATE files SET hidden = $1 WHERE id = $2', [hidden, id]);
  }

  async move(id: number, area: string, name: string): Promise<void> {
    await this.db.run('UPDATE files SET area = $1, name = $2, name_words = $3::tsvector WHERE id = $4', [area, name, tsVectorOf(name, 'A'), id]);
  }

  async remove(id: number): Promise<void> {
    await this.db.run('DELETE FROM files WHERE id = $1', [id]);
  }

  async countDownload(id: number): Promise<void> {
    // Counted by the database, so downloads from every host at once all count.
    await this.db.run('UPDATE files SET downloads = downloads + 1 WHERE id = $1', [id]);
  }

  async search(text: string, areas: readonly string[], page: { offset: number; limit: number }): Promise<FileHit[]> {
    const lexemes = searchLexemes(text);
    if (lexemes === null || areas.length === 0) return [];
    const rows = await this.db.rows<FileRow>(
      `SELECT ${COLUMNS} FROM ${FROM}
       WHERE f.search @@ $1::tsquery AND NOT f.hidden AND f.area = ANY($2::text[])
       ORDER BY ts_rank('${RANK_WEIGHTS}', f.search, $1::tsquery) DESC, f.id DESC LIMIT $3 OFFSET $4`,
      [tsQueryOf(lexemes), areas, page.limit, page.offset],
    );
    return rows.map((row) => ({ file: fileEntryOf(row), excerpt: excerptOf(row.description, lexemes) }));
  }

  since(since: Date, areas: readonly string[], limit: number): Promise<FileEntry[]> {
    return this.entries(`SELECT ${COLUMNS} FROM ${FROM} WHERE NOT f.hidden AND f.uploaded_at > $1 AND f.area = ANY($2::text[]) ORDER BY f.uploaded_at, f.id LIMIT $3`, [
      since.getTime(),
      areas,
      limit,
    ]);
  }

  bytesByUploader(area: string, userId: number): Promise<number> {
    return this.sum('SELECT coalesce(sum(size), 0) AS n FROM files WHERE area = $1 AND uploader_id = $2', [area, userId]);
  }

  bytesInArea(area: string): Promise<number> {
    return this.sum('SELECT coalesce(sum(size), 0) AS n FROM files WHERE area = $1', [area]);
  }

  private async entries(sql: string, params: readonly unknown[]): Promise<FileEntry[]> {
    return (await this.db.rows<FileRow>(sql, params)).map(fileEntryOf);
  }

  private async entry(sql: string, params: readonly unknown[]): Promise<FileEntry | null> {
    const row = await this.db.one<FileRow>(sql, params);
    return row ? fileEntryOf(row) : null;
  }

  private async sum(sql: string, params: readonly unknown[]): Promise<number> {
    return (await this.db.one<{ n: number }>(sql, params))?.n ?? 0;
  }
}

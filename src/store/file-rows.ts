import type { FileEntry } from './types/files.js';

/** A file as both engines return it: SQLite's flag is 0/1, PostgreSQL's a boolean. */
export interface FileRow {
  id: number;
  area: string;
  name: string;
  size: number;
  sha256: string;
  description: string;
  uploader_id: number | null;
  uploader_name: string | null;
  uploaded_at: number;
  downloads: number;
  hidden: number | boolean;
}

export const FILE_COLUMNS = 'f.id, f.area, f.name, f.size, f.sha256, f.description, f.uploader_id, u.name AS uploader_name, f.uploaded_at, f.downloads, f.hidden';
export const FILES_WITH_UPLOADER = 'files f LEFT JOIN users u ON u.id = f.uploader_id';

export function fileEntryOf(row: FileRow): FileEntry {
  return {
    id: row.id,
    area: row.area,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    description: row.description,
    uploaderId: row.uploader_id,
    uploaderName: row.uploader_name,
    uploadedAt: new Date(row.uploaded_at),
    downloads: row.downloads,
    hidden: row.hidden === true || row.hidden === 1,
  };
}

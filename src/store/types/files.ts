/** Files in the file areas: what the board lists, searches and counts. The bytes live on disk (`src/files/`). */

export interface FileEntry {
  id: number;
  /** The file area's name (`files:` in the config). */
  area: string;
  /** The file's name in its area's folder: safe on every filesystem, unique in the area ignoring case. */
  name: string;
  size: number;
  /** Hex SHA-256 of the bytes: the same file twice in one area is refused. */
  sha256: string;
  /** Plain text, lines separated by LF; empty when nobody described it. */
  description: string;
  /** The account that uploaded it; null for the sysop's imports and accounts since deleted. */
  uploaderId: number | null;
  uploaderName: string | null;
  uploadedAt: Date;
  downloads: number;
  /** Hidden by the sysop: not listed, searched or fetched by callers. */
  hidden: boolean;
}

export type NewFile = Pick<FileEntry, 'area' | 'name' | 'size' | 'sha256' | 'description' | 'uploaderId'> & { uploadedAt?: Date };

/** What an area holds now, for the list of areas. */
export interface FileAreaTotals {
  files: number;
  bytes: number;
}

/** One search hit: the file, and its description with the match marked by the caller's choice of brackets. */
export interface FileHit {
  file: FileEntry;
  /** A few words of the description around the match, the matched words between \u0001 and \u0002. */
  excerpt: string;
}

export interface FileRepository {
  /** Visible files and bytes per area, for the areas named. */
  totals(areas: readonly string[]): Promise<Map<string, FileAreaTotals>>;
  /** A page of an area's files, newest first; hidden ones only when asked (the sysop). */
  list(area: string, page: { offset: number; limit: number; hidden?: boolean }): Promise<FileEntry[]>;
  count(area: string, hidden?: boolean): Promise<number>;
  get(id: number): Promise<FileEntry | null>;
  /** A file by name in an area, ignoring case. */
  findByName(area: string, name: string): Promise<FileEntry | null>;
  findBySha256(area: string, sha256: string): Promise<FileEntry | null>;
  /** Record a file already in place on disk. Throws a unique violation when the name or the bytes are in the area already. */
  add(file: NewFile): Promise<FileEntry>;
  describe(id: number, description: string): Promise<void>;
  setHidden(id: number, hidden: boolean): Promise<void>;
  /** Move the record to another area (the bytes are moved by the caller first). */
  move(id: number, area: string, name: string): Promise<void>;
  remove(id: number): Promise<void>;
  countDownload(id: number): Promise<void>;
  /**
   * Visible files in the areas named whose name or description matches the
   * words typed. Any text is safe: it is searched as words, never as query
   * syntax. Best matches first.
   */
  search(text: string, areas: readonly string[], page: { offset: number; limit: number }): Promise<FileHit[]>;
  /** Visible files added to the areas named since `since`, oldest first. */
  since(since: Date, areas: readonly string[], limit: number): Promise<FileEntry[]>;
  /** Bytes this account has uploaded to this area (hidden files included: they still take the space). */
  bytesByUploader(area: string, userId: number): Promise<number>;
  /** Bytes the area holds, hidden files included. */
  bytesInArea(area: string): Promise<number>;
}

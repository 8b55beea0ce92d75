import type { AreaSetting } from '../../config/settings.js';
import type { NewsBoard, NewsReader } from './news-board.js';

/** What one connection's commands share: who reads, the selected group and article, and the way out. */
export interface NewsContext {
  readonly board: NewsBoard;
  reader: NewsReader;
  group: AreaSetting | null;
  /** The current article number in the selected group, or null. */
  current: number | null;
  /** Sends text as it is (lines with CRLF); resolves when the wire has room for more. */
  write(text: string): Promise<void>;
}

/** A one-line reply. */
export function reply(ctx: NewsContext, line: string): Promise<void> {
  return ctx.write(line + '\r\n');
}

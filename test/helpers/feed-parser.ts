import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ParsedEntry {
  id: string | null;
  title: { type: string | null; value: string | null };
  author: string | null;
  link: string | null;
  published: string | null;
  updated: string | null;
  summary: string | null;
  content: string | null;
  content_type: string | null;
}

/** A feed as feedparser reads it, with a strict XML parser's verdict beside it. */
export interface ParsedFeed {
  bozo: boolean;
  bozo_exception: string | null;
  strict_error: string | null;
  version: string;
  title: string | null;
  id: string | null;
  links: Array<{ rel: string | null; href: string | null }>;
  entries: ParsedEntry[];
}

/** Debian's python3, which has python3-feedparser; the python3 first on PATH may be another without it. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./feed-parser.py', import.meta.url));

/** Parses a feed document with Debian's feedparser, a reader the board has no part in. */
export function parseFeed(document: string | Buffer): Promise<ParsedFeed> {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, [SCRIPT], { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' }, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`feedparser failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as ParsedFeed);
    });
    child.stdin!.end(document);
  });
}

/** HTML text as the plain text it shows (the entities a feed's escaping writes). */
export function htmlText(html: string): string {
  return html
    .replace(/<br \/>\n?/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

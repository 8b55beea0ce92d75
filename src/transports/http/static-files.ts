import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Vendor files change only with a package upgrade; the page's own files with a deploy. */
  cacheControl: string;
}

/**
 * URL path to file. A fixed list rather than a directory walk: nothing outside
 * it can be reached, so `..` and encoded tricks have nothing to find.
 */
function routes(webRoot: string, vendorRoot: string): Array<[string, string, string]> {
  const web = (f: string): string => path.join(webRoot, f);
  const xterm = (pkg: string, f: string): string => path.join(vendorRoot, '@xterm', pkg, f);
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  return [
    ['/', web('index.html'), 'text/html; charset=utf-8'],
    ['/modem.js', web('modem.js'), js],
    ['/modem.css', web('modem.css'), css],
    ['/reader.css', web('reader.css'), css],
    ['/palettes.js', web('palettes.js'), js],
    ['/dial-plan.js', web('dial-plan.js'), js],
    ['/redial.js', web('redial.js'), js],
    ['/zmodem-page.js', web('zmodem-page.js'), js],
    ['/zmodem-link.js', web('zmodem-link.js'), js],
    ['/zmodem-gate.js', web('zmodem-gate.js'), js],
    ['/favicon.svg', web('favicon.svg'), 'image/svg+xml'],
    ['/vendor/xterm/xterm.mjs', xterm('xterm', 'lib/xterm.mjs'), js],
    ['/vendor/xterm/xterm.css', xterm('xterm', 'css/xterm.css'), css],
    ['/vendor/xterm/addon-fit.mjs', xterm('addon-fit', 'lib/addon-fit.mjs'), js],
    ['/vendor/xterm/addon-webgl.mjs', xterm('addon-webgl', 'lib/addon-webgl.mjs'), js],
    // A classic script that sets window.Zmodem; the page adds it when a transfer may start.
    ['/vendor/zmodem/zmodem.js', path.join(vendorRoot, 'zmodem.js', 'dist', 'zmodem.js'), js],
  ];
}

/** The node_modules folder that holds @xterm, wherever the package is installed. */
export function defaultVendorRoot(): string {
  const require = createRequire(import.meta.url);
  return path.resolve(path.dirname(require.resolve('@xterm/xterm/package.json')), '..', '..');
}

/** Read every served file once at start: a missing file is a startup error, not a 500 later. */
export async function loadStaticFiles(webRoot: string, vendorRoot: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  for (const [url, file, contentType] of routes(webRoot, vendorRoot)) {
    const body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    const cacheControl = url.startsWith('/vendor/') ? 'public, max-age=86400' : 'no-cache';
    files.set(url, { body, contentType, etag, cacheControl });
  }
  files.set('/index.html', files.get('/')!);
  return files;
}

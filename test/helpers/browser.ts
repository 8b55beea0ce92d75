import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_MISSING = `${CHROMIUM} is missing: apt-get install -y chromium`;

declare global {
  interface Window {
    term: {
      cols: number;
      rows: number;
      options: { fontSize?: number; theme?: { background?: string } };
      buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string } | undefined } };
    };
    modem: { state: string; node: number | null; renderer: string; onlineAt: number | null };
  }
}

/** Skip reason when Debian's Chromium is not installed; under CI=true its absence is an error instead. */
export function chromiumSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') throw new Error(CHROMIUM_MISSING);
  return CHROMIUM_MISSING;
}

/**
 * Debian's Chromium, headless, with a fresh profile; `close` removes the
 * profile too. Given the test's context `t`, that happens after the test,
 * whatever happened.
 */
export async function launchBrowser(viewport = { width: 1100, height: 720 }, t?: Pick<TestContext, 'after'>): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'bbs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    })());
  t?.after(close);
  return { context, close };
}

/** Every row of xterm's active buffer, as text. */
export function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const buf = window.term.buffer.active;
    const rows: string[] = [];
    for (let i = 0; i < buf.length; i++) rows.push(buf.getLine(i)?.translateToString(true) ?? '');
    return rows.join('\n');
  });
}

/** Wait until some row of the terminal holds `needle`; on failure, show the screen. */
export async function waitForText(page: Page, needle: string, ms = 5000): Promise<void> {
  try {
    await page.waitForFunction(
      (n) => {
        const buf = window.term?.buffer.active;
        if (!buf) return false;
        for (let i = 0; i < buf.length; i++) if (buf.getLine(i)?.translateToString(true).includes(n)) return true;
        return false;
      },
      needle,
      { timeout: ms, polling: 25 },
    );
  } catch (err) {
    throw new Error(`"${needle}" never appeared; the screen shows:\n${await screenText(page)}`, { cause: err });
  }
}

/** A new account from the modem page's name prompt, to the main menu. */
export async function signUpInBrowser(page: Page, name: string, password: string): Promise<void> {
  await waitForText(page, "Who's calling?");
  await page.keyboard.type(`${name}\r`);
  await waitForText(page, 'Password:');
  await page.keyboard.type(`${password}\r`);
  await waitForText(page, 'once more');
  await page.keyboard.type(`${password}\r`);
  await waitForText(page, 'go on?');
  await page.keyboard.type('y');
  await waitForText(page, 'MAIN MENU');
}

/** Dismisses every dialog the page opens (an alert a script injected into the page would open) and counts them. */
export function countDialogs(page: Page): () => number {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  return () => dialogs;
}

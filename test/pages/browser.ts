// Headless Chromium from Debian's package, driven by playwright-core (its own browser download
// does not work here). Without /usr/bin/chromium the browser tests are skipped with one line
// saying why, unless REQUIRE_BROWSER=1 (CI), where they fail instead.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The reason browser tests cannot run here, or null when they can (or must). */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM) || process.env['REQUIRE_BROWSER'] === '1') return null;
  return `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or REQUIRE_BROWSER=1 to fail instead)`;
}

/**
 * The `skip` option of a browser test. Every test file runs in a process of its own, so only
 * the one that passes `announce` prints the reason: `npm test` shows one line, not one per file.
 */
export function skipLine(options: { announce?: boolean } = {}): string | false {
  const reason = browserSkipReason();
  if (reason && options.announce) console.log(`# ${reason}`);
  return reason ?? false;
}

export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** Every URL the pages asked for (to prove nothing leaves 127.0.0.1). */
  readonly requested: string[];
  newPage(width?: number): Promise<Page>;
}

/** A fresh profile and context; every request is recorded, any outside 127.0.0.1 aborted. */
export async function openBrowser(t: { after: (fn: () => unknown) => void }): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'chain-invoice-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: ARGS, headless: true, acceptDownloads: true, locale: 'zh-CN' });
  const requested: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requested.push(url);
    const { protocol, hostname } = new URL(url);
    if ((protocol === 'http:' || protocol === 'https:' || protocol === 'ws:') && hostname !== '127.0.0.1') await route.abort('blockedbyclient');
    else await route.fallback();
  });
  t.after(async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  return {
    browser: context.browser() as Browser, context, requested,
    async newPage(width = 375) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
      return page;
    },
  };
}

/** True when every requested URL is on 127.0.0.1 (or a data:/blob: URL the page made). */
export function allLocal(urls: readonly string[]): boolean {
  return urls.every((u) => u.startsWith('data:') || u.startsWith('blob:') || new URL(u).hostname === '127.0.0.1');
}

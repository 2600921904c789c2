// Launches Debian's Chromium through playwright-core for the webview, integration and end-to-end
// layers. Playwright never downloads a browser here; each launch gets a fresh throwaway profile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The Chromium binary: $CHROMIUM, else Debian's. */
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** A browser with one page; `close()` also removes the profile folder. */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Options for {@link launchChromium}. */
export interface LaunchOptions {
  readonly viewport?: { width: number; height: number };
  readonly colorScheme?: 'dark' | 'light';
}

export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}; run bash scripts/setup-vscode.sh (installs Debian's chromium) or set CHROMIUM`);
  }
  // Playwright rejects --user-data-dir in args: the profile goes through launchPersistentContext.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    colorScheme: options.colorScheme ?? 'dark',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// A user's VS Code for end-to-end tests: the packaged .vsix installed with code-server's CLI into a
// fresh extensions folder, a copy of examples/ as the workspace, and Chromium on the workbench.
// Also the few workbench gestures the tests share (command palette, notifications, webviews).
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { ensureCodeServer, installExtension, repoRoot, scratchFolder, startCodeServer, type RunningCodeServer } from '../../scripts/lib/code-server';
import { launchChromium, type LaunchedChromium } from '../webview/chromium';

/** Where end-to-end screenshots go. */
export const e2eScreenshots = path.join(repoRoot, 'test-results/e2e');

/** A running editor with Symphony installed from its .vsix. */
export interface EditorSession {
  readonly page: Page;
  readonly workspace: string;
  /** `code-server --list-extensions --show-versions` after the install. */
  readonly installedExtensions: string;
  readonly server: RunningCodeServer;
  screenshot(name: string, settleMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** The .vsix to test: $SYMPHONY_VSIX, else symphony-<version>.vsix at the repository root. */
export function packagedVsix(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const vsix = process.env.SYMPHONY_VSIX ?? path.join(repoRoot, `symphony-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing; run npm run package first`);
  return vsix;
}

/** What a session opens: a fresh copy of `fixture` as the workspace, ready when `readyRow` shows in the Explorer. */
export interface SessionOptions {
  fixture: string;
  /** Prefix of the scratch folder (extensions, user data, the workspace copy). */
  scratch: string;
  readyRow: string;
  /** User settings beyond the dark theme every screenshot uses. */
  settings?: Record<string, unknown>;
}

/** The packaged .vsix installed into a fresh extensions folder, code-server on the workspace copy, Chromium on the workbench. */
export async function openEditorSession(options: SessionOptions = { fixture: path.join(repoRoot, 'examples'), scratch: 'e2e', readyRow: 'hello.melody' }): Promise<EditorSession> {
  const install = ensureCodeServer();
  const scratch = scratchFolder(options.scratch);
  const extensionsDir = path.join(scratch, 'extensions');
  const workspace = path.join(scratch, path.basename(options.fixture));
  fs.cpSync(options.fixture, workspace, { recursive: true });
  const installedExtensions = installExtension(install, packagedVsix(), extensionsDir, scratch);
  const server = await startCodeServer(install, {
    scratchDir: scratch,
    extensionsDir,
    workspace,
    settings: { 'workbench.colorTheme': 'Default Dark Modern', ...options.settings },
  });
  let browser: LaunchedChromium | undefined;
  try {
    browser = await launchChromium({ viewport: { width: 1600, height: 1000 } });
    const { page } = browser;
    await page.goto(server.url(workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await explorerRow(page, options.readyRow).waitFor({ timeout: 60_000 });
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw e;
  }
  const { page } = browser;
  fs.mkdirSync(e2eScreenshots, { recursive: true });
  return {
    page,
    workspace,
    installedExtensions,
    server,
    async screenshot(name, settleMs = 800) {
      // Toasts and tabs animate in; give them a moment so the picture shows the settled state.
      await page.waitForTimeout(settleMs);
      const file = path.join(e2eScreenshots, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser.close();
      await server.stop();
      if (!process.env.KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** A file or folder row in the Explorer. */
export function explorerRow(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
}

/**
 * Opens the command palette on a command's row. The workbench shows before the extension host has
 * registered contributed commands (7–25 s on 2 cores), so retry until the row appears.
 */
export async function findInPalette(page: Page, label: string, deadlineMs = 120_000): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
      if (Date.now() > deadline) throw new Error(`the command "${label}" never appeared in the command palette`);
    }
  }
}

/** Runs a command from the command palette by its label and waits for the palette to close. */
export async function runFromPalette(page: Page, label: string, options: { deadlineMs?: number; beforeEnter?: () => Promise<unknown> } = {}): Promise<void> {
  await findInPalette(page, label, options.deadlineMs);
  await options.beforeEnter?.();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'hidden' });
}

/** A notification toast whose text matches. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

/** The DOM inside the active webview (VS Code nests it in two iframes). */
export function activeWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

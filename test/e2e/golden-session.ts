// The editor for the golden-path walk: the packaged .vsix installed into a fresh extensions folder,
// a copy of test/fixtures/golden-path as the workspace, Chromium on the workbench. Same isolation
// as editor-session.ts (which opens examples/), with a workspace the walk owns and may change.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ensureCodeServer, installExtension, repoRoot, scratchFolder, startCodeServer } from '../../scripts/lib/code-server';
import { launchChromium, type LaunchedChromium } from '../webview/chromium';
import { e2eScreenshots, explorerRow, packagedVsix, type EditorSession } from './editor-session';

/** The workspace content the walk starts from. */
export const goldenFixture = path.join(repoRoot, 'test/fixtures/golden-path');

/** Opens code-server on a fresh copy of the golden-path workspace and waits for its Explorer. */
export async function openGoldenSession(): Promise<EditorSession> {
  const install = ensureCodeServer();
  const scratch = scratchFolder('golden');
  const extensionsDir = path.join(scratch, 'extensions');
  const workspace = path.join(scratch, 'golden-path');
  fs.cpSync(goldenFixture, workspace, { recursive: true });
  const installedExtensions = installExtension(install, packagedVsix(), extensionsDir, scratch);
  const server = await startCodeServer(install, {
    scratchDir: scratch,
    extensionsDir,
    workspace,
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'files.autoSave': 'off' },
  });
  let browser: LaunchedChromium | undefined;
  try {
    browser = await launchChromium({ viewport: { width: 1600, height: 1000 } });
    await browser.page.goto(server.url(workspace));
    await browser.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await explorerRow(browser.page, 'notes.txt').waitFor({ timeout: 60_000 });
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw e;
  }
  const page: Page = browser.page;
  const opened = browser;
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
      await opened.close();
      await server.stop();
      if (!process.env.KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

// The board's @vscode-elements controls in Chromium: the toolbar's buttons (labels, a real disabled
// state, keyboard activation, codicons drawn inside their shadow roots) and the whole board under
// the Content-Security-Policy the extension gives its webview.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { closeAfterTest, openBoard, type WebviewHarness } from './harness';
import { boardTestOperators } from '../fixtures/board/operators';

const repoRoot = path.resolve(__dirname, '../..');
const hello = fs.readFileSync(path.join(repoRoot, 'examples/hello.melody'), 'utf8');

/**
 * The policy src/host/board/board-html.ts writes, read from its source so the test follows it: the
 * webview's resource origin becomes 'self' (the harness serves page and bundle from one origin).
 */
function extensionCsp(): string {
  const source = fs.readFileSync(path.join(repoRoot, 'src/host/board/board-html.ts'), 'utf8');
  const block = /const csp = \[([\s\S]*?)\]\.join\('; '\)/.exec(source);
  assert.ok(block, 'board-html.ts builds its policy as `const csp = [...].join(\'; \')`');
  const directives = [...block[1].matchAll(/["'`](.+?)["'`],/g)].map((m) => m[1]);
  assert.ok(directives.some((d) => d.startsWith('default-src')), `a default-src directive in ${JSON.stringify(directives)}`);
  return directives.map((d) => d.replaceAll('${webview.cspSource}', "'self'").replaceAll('${nonce}', '{nonce}')).join('; ');
}

/** What the codicon font draws for the icon of a vscode-button: its glyph and font family. */
// Page code is passed as text: the test's TypeScript has no DOM types, and tsx's helpers do not exist in the page.
function buttonIcon(page: Page, testId: string): Promise<{ content: string; font: string }> {
  return page.evaluate(`(() => {
    const icon = document.querySelector('[data-testid="${testId}"]')?.shadowRoot?.querySelector('vscode-icon');
    const glyph = icon?.shadowRoot?.querySelector('.codicon');
    if (!glyph) return { content: 'no icon', font: '' };
    const style = getComputedStyle(glyph, '::before');
    return { content: style.content, font: style.fontFamily };
  })()`);
}

async function iconDrawn(page: Page, testId: string): Promise<void> {
  const until = Date.now() + 5000;
  for (;;) {
    const { content, font } = await buttonIcon(page, testId);
    if (content !== 'none' && content !== 'normal' && content !== 'no icon' && /codicon/.test(font)) return;
    if (Date.now() > until) assert.fail(`${testId}: its icon is not drawn from the codicon font (content ${content}, font ${font})`);
    await page.waitForTimeout(100);
  }
}

describe('board controls (@vscode-elements, built bundle)', function () {
  this.timeout(60_000);
  let board: WebviewHarness | undefined;

  afterEach(async function () {
    await closeAfterTest(this.currentTest, board);
    board = undefined;
  });

  it('toolbar buttons are labelled, disabled ones say why, and Enter or Space works them', async () => {
    const reason = 'Running melodies needs a workspace folder.';
    board = await openBoard(undefined, {
      host: (m) => ((m as { type?: string }).type === 'ready' ? { type: 'init', text: hello, fileName: '/w/hello.melody', operators: boardTestOperators, canRun: false, runUnavailableReason: reason } : undefined),
    });
    const { page } = board;
    await page.locator('.react-flow__node').first().waitFor();
    const run = page.getByRole('button', { name: 'Run melody (F5)' });
    assert.equal(await run.isDisabled(), true, 'Run is off when the host cannot run');
    assert.equal(await run.getAttribute('title'), reason);
    assert.equal(await page.getByRole('button', { name: 'Stop (Shift+F5)' }).isDisabled(), true, 'Stop is off with no run');
    assert.equal(await page.getByTestId('tool-stop').getAttribute('tabindex'), '-1', 'a disabled button leaves the tab order');
    await iconDrawn(page, 'tool-run');
    await iconDrawn(page, 'tool-auto-layout');
    // Keyboard: Enter on "Open in text editor", Space on the grid snap toggle.
    await page.getByRole('button', { name: 'Open in text editor' }).focus();
    await page.keyboard.press('Enter');
    await board.waitForMessage('openTextEditor');
    const snap = page.getByTestId('tool-snap');
    assert.equal(await snap.getAttribute('aria-pressed'), 'true');
    await snap.focus();
    await page.keyboard.press(' ');
    await page.locator('[data-testid="tool-snap"][aria-pressed="false"]').waitFor();
    await board.screenshot('board-toolbar-cannot-run');
    assert.deepEqual(board.errors(), []);
  });

  it('runs under the extension webview Content-Security-Policy: element styles, codicons and fields all work', async () => {
    const csp = extensionCsp();
    board = await openBoard(undefined, {
      contentSecurityPolicy: csp,
      host: (m) => ((m as { type?: string }).type === 'ready' ? { type: 'init', text: hello, fileName: '/w/hello.melody', operators: boardTestOperators, canRun: true } : undefined),
    });
    const { page } = board;
    await page.evaluate(`(() => {
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
    })()`);
    await page.locator('[data-testid="node-greet"]').click();
    const name = page.getByTestId('setting-name');
    await name.waitFor();
    // The elements' styles (constructed style sheets in their shadow roots) apply.
    const layout = await name.locator('.root').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(el).display);
    assert.equal(layout, 'flex', 'vscode-textfield is styled by its own shadow styles');
    await iconDrawn(page, 'tool-run');
    await name.locator('input').fill('Greet everyone');
    await name.locator('input').press('Enter');
    const edit = (await board.waitForMessage('edit')) as { intent: { type: string; settings: unknown } };
    assert.deepEqual(edit.intent, { type: 'updateNodeSettings', node: 'greet', settings: { name: 'Greet everyone' } });
    const violations = (await page.evaluate('window.violations')) as string[];
    assert.deepEqual(violations, [], `the policy "${csp}" blocks nothing`);
    assert.deepEqual(board.errors(), []);
  });
});

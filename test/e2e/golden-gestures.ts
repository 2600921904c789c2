// Workbench and board gestures the golden-path walk repeats: commands that ask a follow-up
// question, quick-pick answers, and the Harmonic Board's palette, handles and inspector.
import fs from 'node:fs';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { activeWebview, findInPalette } from './editor-session';

const quickInput = (page: Page) => page.locator('.quick-input-widget .quick-input-box input');

/**
 * Runs a palette command that answers with another quick input (a picker or an input box), so the
 * palette does not close.
 */
export async function runAndAnswer(page: Page, label: string, deadlineMs = 120_000, questionMs = 60_000): Promise<void> {
  const input = quickInput(page);
  await findInPalette(page, label, deadlineMs);
  await page.keyboard.press('Enter');
  // The palette's text is replaced by the command's own question.
  await eventually(`"${label}" to ask its question`, async () => (await input.isVisible()) && !(await input.inputValue()).startsWith('>'), questionMs);
}

/** Types into the open quick input, waits for a row with `row` (when given) and presses Enter. */
export async function answer(page: Page, text: string, row?: string | RegExp, timeout = 30_000): Promise<void> {
  const input = quickInput(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  if (row !== undefined) await page.locator('.quick-input-widget .monaco-list-row', { hasText: row }).first().waitFor({ state: 'visible', timeout });
  await page.keyboard.press('Enter');
}

/** Waits until `probe` gives a truthy value and returns it, polling; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<Exclude<T, false | undefined | null | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Exclude<T, false | undefined | null | 0 | ''>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The text of a file once it exists and `accept` likes it. */
export function fileText(file: string, what: string, accept: (text: string) => boolean = () => true, timeoutMs = 30_000): Promise<string> {
  return eventually(what, () => {
    if (!fs.existsSync(file)) return undefined;
    const text = fs.readFileSync(file, 'utf8');
    return accept(text) ? text : undefined;
  }, timeoutMs);
}

/** The open board (the active webview) and its parts. */
export class Board {
  readonly frame: FrameLocator;
  constructor(readonly page: Page) {
    this.frame = activeWebview(page);
  }

  get root(): Locator {
    return this.frame.locator('[data-testid="board"]');
  }

  async ready(timeout = 60_000): Promise<void> {
    await this.root.waitFor({ timeout });
  }

  /** The node whose melody id is `id`. */
  node(id: string): Locator {
    return this.frame.locator(`.react-flow__node[data-id="${id}"]`);
  }

  /** A node by the text it shows (its name). */
  nodeNamed(name: string): Locator {
    return this.frame.locator('.react-flow__node', { hasText: name }).first();
  }

  paletteItem(operator: string): Locator {
    return this.frame.locator(`.palette-item[data-operator="${operator}"]`);
  }

  /** Searches the palette, then drags the operator onto the canvas at a fraction of its size. */
  async dragOperator(operator: string, search: string, at: { fx: number; fy: number }): Promise<void> {
    const box = await this.frame.locator('.react-flow__pane').boundingBox();
    if (!box) throw new Error('the board canvas is not visible');
    await this.frame.locator('[data-testid="palette-search-field"] input').fill(search);
    const item = this.paletteItem(operator);
    await item.waitFor({ timeout: 30_000 });
    await item.dragTo(this.frame.locator('.react-flow__pane'), { targetPosition: { x: Math.round(box.width * at.fx), y: Math.round(box.height * at.fy) } });
    await this.frame.locator('[data-testid="palette-search-field"] input').fill('');
  }

  /** Drags from a node's output handle to another node's input handle. */
  async connect(from: string, to: string): Promise<void> {
    await this.node(from).locator('.react-flow__handle-right').first().dragTo(this.node(to).locator('.react-flow__handle-left').first());
  }

  /** Selects a node by clicking near its top-left corner (the mini map may cover its middle). */
  async select(id: string): Promise<void> {
    await this.node(id).click({ position: { x: 12, y: 12 } });
    await this.frame.locator('[data-testid="inspector"] code', { hasText: id }).waitFor();
  }

  /** Waits until no node moves between two looks (after a layout, a fit or a document change). */
  async settled(): Promise<void> {
    let last = '';
    await eventually('the board to stop moving', async () => {
      const now = JSON.stringify(await this.frame.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as unknown)));
      const same = now === last;
      last = now;
      return same;
    });
  }

  /** Zoom to fit, then one step out so nodes keep clear of the mini map and the controls. */
  async fit(): Promise<void> {
    await this.settled();
    await this.frame.locator('[data-testid="tool-zoom-fit"]').click();
    await this.settled();
    await this.frame.locator('.react-flow__controls-zoomout').click();
    await this.settled();
  }

  /** The inspector's control for a parameter of the selected node. */
  param(name: string): Locator {
    return this.frame.locator(`[data-testid="param-${name}"]`).locator('input, textarea, select').first();
  }

  /** Types a value into a parameter field and commits it (Enter for inputs, blur for text areas). */
  async setParam(name: string, value: string): Promise<void> {
    const field = this.param(name);
    await field.fill(value);
    if ((await field.evaluate((el) => el.tagName)) === 'TEXTAREA') await field.blur();
    else await field.press('Enter');
  }

  /** The state badge of a node, e.g. "state completed · 1 item · 3 ms". */
  badge(id: string): Locator {
    return this.node(id).locator('[data-testid="status-badge"]');
  }

  async waitForState(id: string, state: string, timeout = 60_000): Promise<void> {
    await this.node(id).locator(`[data-testid="status-badge"][aria-label^="state ${state}"]`).waitFor({ timeout });
  }

  /** The run panel's items of the selected node as JSON (switches the panel to its JSON view). */
  async outputJson(): Promise<unknown[][]> {
    const panel = this.frame.locator('[data-testid="run-panel"]');
    await panel.locator('button[role="tab"]', { hasText: 'Output' }).click();
    await panel.locator('button[role="tab"]', { hasText: 'JSON' }).click();
    const views = panel.locator('pre.json-view');
    await views.first().waitFor();
    const texts = await views.allTextContents();
    return texts.map((t) => JSON.parse(t) as unknown[]);
  }
}

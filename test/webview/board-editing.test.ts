// The Harmonic Board bundle in Chromium against a scripted host that edits like the real one: it
// applies every intent with the host's own edit logic (src/host/board/melody-edits), keeps an undo
// stack the way VS Code keeps one per WorkspaceEdit, and echoes document changes back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { closeAfterTest, openBoard, type WebviewHarness } from './harness';
import { applyIntent } from '../../src/host/board/melody-edits';
import { applyReplacement } from '../../src/host/board/melody-text';
import { BoardToHost, type BoardRunEvent } from '../../src/protocol/board';
import { boardTestOperators } from '../fixtures/board/operators';
import { bigMelody } from '../fixtures/board/big-melody';

const operators = new Map(boardTestOperators.map((o) => [o.id, o]));
const hello = fs.readFileSync(path.resolve(__dirname, '../../examples/hello.melody'), 'utf8');

/** A stand-in for BoardSession + VS Code's text document and undo stack. */
class ScriptedHost {
  readonly undoStack: string[] = [];
  readonly redoStack: string[] = [];
  clipboard = '';
  readonly intents: string[] = [];
  constructor(public text: string) {}

  handle = (raw: unknown): unknown[] => {
    const msg = BoardToHost.parse(raw); // the host parses everything the board sends
    switch (msg.type) {
      case 'ready':
        return [{ type: 'init', text: this.text, fileName: '/work/demo.melody', operators: boardTestOperators, canRun: true }];
      case 'edit': {
        this.intents.push(msg.intent.type);
        const result = applyIntent(this.text, msg.intent, operators);
        if (!result.ok) return [{ type: 'editRejected', reason: result.reason }];
        const out: unknown[] = [];
        if (result.replacement) {
          this.undoStack.push(this.text);
          this.redoStack.length = 0;
          this.text = applyReplacement(this.text, result.replacement);
          out.push({ type: 'documentChanged', text: this.text });
        }
        if (result.created.length) out.push({ type: 'selectNodes', ids: result.created });
        return out;
      }
      case 'copy':
        this.clipboard = JSON.stringify(msg.clipboard);
        return [];
      case 'pasteFromClipboard':
        return this.handle({ type: 'edit', intent: { type: 'paste', ...JSON.parse(this.clipboard), symphonyBoardClipboard: undefined, offset: { x: 40, y: 40 } } });
      default:
        return [];
    }
  };

  /** VS Code's Undo on the document: one step per applied WorkspaceEdit. */
  undo(): unknown {
    const previous = this.undoStack.pop();
    assert.ok(previous !== undefined, 'nothing to undo');
    this.redoStack.push(this.text);
    this.text = previous;
    return { type: 'documentChanged', text: this.text };
  }

  doc(): { name: string; nodes: Array<Record<string, unknown> & { id: string }>; connections: unknown[] } {
    return JSON.parse(this.text);
  }
}

describe('Harmonic Board editing (built bundle, scripted host)', function () {
  this.timeout(90_000);
  let board: WebviewHarness | undefined;
  let host: ScriptedHost;

  async function open(text: string, theme: 'dark' | 'light' = 'dark'): Promise<WebviewHarness> {
    host = new ScriptedHost(text);
    board = await openBoard(undefined, { host: (m) => host.handle(m), theme, viewport: { width: 1400, height: 860 } });
    await board.page.locator('.react-flow__node').first().waitFor();
    await board.page.waitForTimeout(250); // fitView settles
    return board;
  }

  afterEach(async function () {
    await closeAfterTest(this.currentTest, board);
    board = undefined;
  });

  it('renders operator nodes with icon, name, operator id, typed ports, and a grouped palette', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const b = await open(hello, theme);
      const { page } = b;
      const greet = page.locator('[data-testid="node-greet"]');
      assert.match((await greet.textContent()) ?? '', /Set greeting.*core\.set/);
      assert.equal(await greet.locator('.codicon-edit').count(), 1, 'core.set shows its codicon');
      assert.equal(await page.locator('[data-id="greet"] .react-flow__handle').count(), 2);
      assert.equal(await page.locator('[data-id="start"] .react-flow__handle-left').count(), 0, 'a trigger has no input port');
      const groups = await page.locator('.palette-group h3').allTextContents();
      assert.deepEqual(groups, ['Data transformation', 'Development', 'Files', 'Flow', 'Math', 'Network', 'Triggers']);
      await b.screenshot(`board-sample-${theme}`);
      assert.deepEqual(b.errors(), []);
      await b.close();
      board = undefined;
    }
  });

  it('adds an operator from the palette search with Enter, as one intent, and selects it', async () => {
    const { page } = await open(hello);
    await page.keyboard.press('/');
    await page.keyboard.type('limit');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="node-limit"]').waitFor();
    const added = host.doc().nodes.find((n) => n.id === 'limit');
    assert.deepEqual(added?.params, { maxItems: 1 }, 'required parameters start at their defaults');
    assert.deepEqual(host.intents, ['addNode']);
    await page.locator('[data-testid="inspector"] h2', { hasText: 'Limit' }).waitFor();
  });

  it('adds an operator dragged from the palette to the drop point', async () => {
    const { page } = await open(hello);
    const canvas = await page.locator('.react-flow__pane').boundingBox();
    assert.ok(canvas);
    await page.locator('.palette-item[data-operator="fs.read"]').dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: canvas.width / 2, y: canvas.height - 120 } });
    await page.locator('[data-testid="node-read"]').waitFor();
    const read = host.doc().nodes.find((n) => n.id === 'read') as unknown as { position: { x: number; y: number } };
    assert.ok(read.position.y > 50, `dropped below the row of nodes, got ${JSON.stringify(read.position)}`);
  });

  it('connects ports by dragging, and refuses a type mismatch with the reason', async () => {
    const text = JSON.stringify({
      format: 'melody/1',
      name: 'Typed',
      nodes: [
        { id: 'read', operator: 'fs.read', position: { x: 0, y: 0 } },
        { id: 'sum', operator: 'math.sum', position: { x: 320, y: 0 } },
        { id: 'set', operator: 'core.set', position: { x: 0, y: 200 } },
        { id: 'noop', operator: 'core.noop', position: { x: 320, y: 200 } },
      ],
      connections: [],
    }, null, 2);
    const { page } = await open(text);
    await page.locator('[data-id="read"] .react-flow__handle-right').dragTo(page.locator('[data-id="sum"] .react-flow__handle-left'));
    const toast = page.getByTestId('toast');
    await toast.waitFor();
    assert.match((await toast.textContent()) ?? '', /Type mismatch: read\.main gives text but sum\.main takes number/);
    await board!.screenshot('board-connection-refused');
    assert.deepEqual(host.doc().connections, []);
    await page.locator('[data-id="set"] .react-flow__handle-right').dragTo(page.locator('[data-id="noop"] .react-flow__handle-left'));
    await page.locator('.react-flow__edge').first().waitFor({ state: 'attached' });
    assert.deepEqual(host.doc().connections, [{ from: { node: 'set', port: 'main' }, to: { node: 'noop', port: 'main' } }]);
  });

  it('edits parameters in the inspector with inline validation; one intent per committed field', async () => {
    const { page } = await open(hello);
    await page.locator('[data-testid="node-greet"]').click();
    // The JSON field is a vscode-textarea: typing goes into the textarea inside its shadow root.
    const fields = page.locator('[data-testid="param-fields"] vscode-textarea');
    assert.equal(await fields.getAttribute('monospace'), '', 'JSON is edited in the editor font');
    await fields.locator('textarea').fill('{ "greeting": ');
    await page.locator('[data-testid="param-fields"] [role="alert"]', { hasText: 'Not valid JSON' }).waitFor();
    await page.locator('[data-testid="param-fields"] vscode-textarea[invalid]').waitFor(); // the field itself shows the error
    assert.deepEqual(host.intents, [], 'nothing is sent while the text does not parse');
    await fields.locator('textarea').fill('{ "greeting": "Hi", "n": 2 }');
    assert.equal(await page.locator('[data-testid="param-fields"] vscode-textarea[invalid]').count(), 0);
    await fields.locator('textarea').blur();
    await waitFor(() => JSON.stringify(host.doc().nodes[1].params) === JSON.stringify({ fields: { greeting: 'Hi', n: 2 } }));
    // An enum is a vscode-single-select: open it and pick the option.
    await pickOption(page.locator('[data-testid="param-mode"] vscode-single-select'), 'JSON');
    await page.locator('[data-testid="param-jsonOutput"]').waitFor(); // shown only in raw mode
    // A boolean is a vscode-checkbox, named by its label.
    const include = page.locator('[data-testid="param-includeOtherFields"] vscode-checkbox');
    assert.equal(await include.getAttribute('aria-label'), 'Include other input fields');
    await include.click();
    await waitFor(() => (host.doc().nodes[1].params as Record<string, unknown>).includeOtherFields === true);
    await pickOption(page.getByTestId('setting-onerror'), 'Retry, then stop');
    await waitFor(() => JSON.stringify(host.doc().nodes[1].onError) === JSON.stringify({ strategy: 'retry', retries: 2 }));
    // Node settings: the retry count is a number field that commits on Enter.
    // (Found by its accessible name: it appears once the document change comes back.)
    const retries = page.getByRole('spinbutton', { name: 'Retries' });
    await retries.fill('5');
    await retries.press('Enter');
    await waitFor(() => JSON.stringify(host.doc().nodes[1].onError) === JSON.stringify({ strategy: 'retry', retries: 5 }));
    assert.deepEqual(host.intents, ['updateParams', 'updateParams', 'updateParams', 'updateNodeSettings', 'updateNodeSettings']);
    await board!.screenshot('board-inspector');
    assert.deepEqual(board!.errors(), []);
  });

  it('edits by keyboard: a number with inline validation, a checkbox with Space, an enum with the arrow keys', async () => {
    const text = JSON.stringify({ format: 'melody/1', name: 'Keys', nodes: [{ id: 'limit', operator: 'core.limit', position: { x: 0, y: 0 }, params: { maxItems: 1 } }, { id: 'req', operator: 'http.request', position: { x: 300, y: 0 }, params: { url: 'https://example.test' } }], connections: [] }, null, 2);
    const { page } = await open(text);
    await page.locator('[data-testid="node-limit"]').click();
    await page.locator('[data-testid="node-limit"]').press('Enter'); // focus moves into the inspector's first field
    const max = page.locator('[data-testid="param-maxItems"] vscode-textfield');
    await waitFor(async () => (await max.evaluate((el) => el.matches(':focus-within'))) === true);
    assert.equal(await page.getByRole('spinbutton', { name: 'Max items' }).count(), 1, 'the inner input is named by the field label');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('5000');
    await page.locator('[data-testid="param-maxItems"] [role="alert"]', { hasText: 'Max items must be at most 1000.' }).waitFor();
    await page.keyboard.press('Backspace'); // edits the field; the selected node stays
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await waitFor(() => (host.doc().nodes[0].params as Record<string, unknown>).maxItems === 50);
    assert.equal(host.doc().nodes.length, 2, 'Backspace in a field never deletes the node');
    // Tab to the settings: the name field, then the Disabled checkbox, toggled with Space.
    const disabled = page.getByTestId('setting-disabled');
    await disabled.focus();
    await page.keyboard.press('Space');
    await waitFor(() => (host.doc().nodes[0] as Record<string, unknown>).disabled === true);
    // An enum by keyboard: Enter opens the list, ArrowDown moves, Enter picks; Delete stays in the form.
    await page.locator('[data-testid="node-req"]').click();
    const method = page.locator('[data-testid="param-method"] vscode-single-select');
    await method.focus();
    await page.keyboard.press('Delete');
    await page.keyboard.press('Enter');
    await method.getByRole('listbox').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await waitFor(() => (host.doc().nodes[1].params as Record<string, unknown>).method === 'POST');
    assert.equal(host.doc().nodes.length, 2, 'Delete in a select never deletes the node');
    assert.deepEqual(host.intents, ['updateParams', 'updateNodeSettings', 'updateParams']);
    assert.deepEqual(board!.errors(), []);
  });

  it('deletes with the Delete key and comes back with the host undo', async () => {
    const { page } = await open(hello);
    await page.locator('[data-testid="node-greet"]').click();
    await page.keyboard.press('Delete');
    await page.locator('[data-testid="node-greet"]').waitFor({ state: 'detached' });
    assert.deepEqual(host.doc().nodes.map((n) => n.id), ['start', 'done']);
    assert.deepEqual(host.doc().connections, []);
    await board!.postToBoard(host.undo());
    await page.locator('[data-testid="node-greet"]').waitFor();
    assert.equal(host.text, hello, 'undo restores the exact text');
    assert.equal(await page.locator('.react-flow__edge').count(), 2);
  });

  it('moves a node by dragging as one moveNodes intent, snapped to the grid', async () => {
    const { page } = await open(hello);
    const box = await page.locator('[data-testid="node-done"]').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + 40, box.y + 15);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 40 + i * 8, box.y + 15 + i * 12);
    await page.mouse.up();
    await waitFor(() => host.intents.includes('moveNodes'));
    assert.deepEqual(host.intents, ['moveNodes']);
    const done = host.doc().nodes.find((n) => n.id === 'done') as unknown as { position: { x: number; y: number } };
    assert.notDeepEqual(done.position, { x: 520, y: 0 });
    assert.equal(done.position.x % 20, 0);
    assert.equal(done.position.y % 20, 0);
  });

  it('copies and pastes through the host clipboard, and duplicates with Ctrl+D', async () => {
    const { page } = await open(hello);
    await page.locator('[data-testid="node-greet"]').click();
    await page.keyboard.press('Control+c');
    await waitFor(() => host.clipboard.includes('"greet"'));
    await page.keyboard.press('Control+v');
    await page.locator('[data-testid="node-greet-2"]').waitFor();
    await page.keyboard.press('Control+d');
    await page.locator('[data-testid="node-greet-3"]').waitFor();
    assert.deepEqual(host.intents, ['paste', 'paste']);
    assert.deepEqual(host.doc().nodes.find((n) => n.id === 'greet-3')?.params, host.doc().nodes.find((n) => n.id === 'greet')?.params);
  });

  it('shows live run states, item counts, durations and the items of a node', async () => {
    const { page } = await open(hello);
    await page.getByTestId('tool-run').click();
    await board!.waitForMessage('run');
    const runId = 'r1';
    const events: BoardRunEvent[] = [
      { kind: 'runStarted', runId, nodes: ['start', 'greet', 'done'] },
      { kind: 'nodeState', runId, node: 'start', state: 'completed', durationMs: 2, outputCount: 1 },
      { kind: 'nodeData', runId, node: 'greet', input: [[{}]], output: [[{ greeting: 'Hello from Symphony', audience: 'world' }]] },
      { kind: 'nodeState', runId, node: 'greet', state: 'completed', durationMs: 14, inputCount: 1, outputCount: 1 },
      { kind: 'nodeState', runId, node: 'done', state: 'running' },
    ];
    for (const event of events) await board!.postToBoard({ type: 'runEvent', event });
    await page.locator('[data-id="done"] .op-node.state-running').waitFor();
    assert.match((await page.locator('[data-id="greet"] [data-testid="status-badge"]').getAttribute('aria-label')) ?? '', /completed · 1 item · 14 ms/);
    await page.locator('[data-testid="node-greet"]').click();
    await page.getByTestId('run-panel').locator('td', { hasText: 'Hello from Symphony' }).waitFor();
    await board!.screenshot('board-running');
    await board!.postToBoard({ type: 'runEvent', event: { kind: 'nodeState', runId, node: 'done', state: 'failed', durationMs: 3, error: { message: 'disk is full', code: 'EFULL', operator: 'core.noop' } } });
    await board!.postToBoard({ type: 'runEvent', event: { kind: 'runFinished', runId, status: 'failed', durationMs: 40 } });
    await page.locator('[data-testid="node-done"]').click();
    await page.getByTestId('run-error').waitFor();
    assert.match((await page.getByTestId('run-error').textContent()) ?? '', /core\.noop: disk is full/);
    assert.match((await page.getByTestId('run-status').textContent()) ?? '', /failed/);
    await board!.screenshot('board-run-failed');
  });

  it('draws a 1,000-node melody: on one canvas zoomed out, culled DOM nodes zoomed in', async () => {
    const text = JSON.stringify(bigMelody(1000), null, 2);
    host = new ScriptedHost(text);
    board = await openBoard(undefined, { host: (m) => host.handle(m), viewport: { width: 1400, height: 860 } });
    const { page } = board;
    // Opened fitted to the whole melody: every node drawn on the canvas, none as a DOM node.
    await page.locator('[data-testid="lod-canvas"][data-drawn="1000"]').waitFor();
    assert.equal(await page.locator('.react-flow__node').count(), 0);
    await page.waitForTimeout(200);
    await board.screenshot('board-1000-zoomed-out');
    // A drawn node can be picked and dragged: one moveNodes intent.
    const at = (await page.evaluate(`(() => {
      const m = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform);
      const pane = document.querySelector('.react-flow').getBoundingClientRect();
      return { x: pane.left + m.e + 30 * m.a, y: pane.top + m.f + 29 * m.a, zoom: m.a };
    })()`)) as { x: number; y: number; zoom: number };
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(at.x + i * 6, at.y + i * 6);
    await page.mouse.up();
    await waitFor(() => host.intents.includes('moveNodes'));
    const moved = host.doc().nodes[0] as unknown as { position: { x: number; y: number } };
    assert.ok(moved.position.x > 100 && moved.position.y > 100, `n0 moved with the pointer: ${JSON.stringify(moved.position)}`);
    await page.locator('[data-testid="node-n0"]').waitFor(); // selected, so drawn as a DOM node on top
    // Dragging it again (now a DOM node, moved by React Flow) redraws the still layer once, when the
    // drag starts, not on every frame; the drop is one more moveNodes intent.
    const redraws = async () => Number(await page.locator('[data-testid="lod-canvas"]').getAttribute('data-redraws'));
    const n0 = await page.locator('[data-testid="node-n0"]').boundingBox();
    assert.ok(n0);
    const before = await redraws();
    await page.mouse.move(n0.x + 3, n0.y + 3);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(n0.x + 3 + i * 5, n0.y + 3 + i * 3);
    const during = (await redraws()) - before;
    await page.mouse.up();
    assert.ok(during <= 1, `the still layer was redrawn ${during} times during an 8-move drag`);
    await waitFor(() => host.intents.filter((i) => i === 'moveNodes').length === 2);
    // Zoomed in, nodes are DOM nodes again and off-screen ones are not rendered.
    await page.locator('.react-flow__pane').hover();
    for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -400);
    await page.locator('[data-testid="lod-canvas"]').waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    const close = await page.locator('.react-flow__node').count();
    assert.ok(close > 0 && close < 200, `zoomed in, only on-screen nodes are rendered (${close})`);
    assert.deepEqual(board.errors(), []);
  });

  it('connects by keyboard from the inspector, and runs VS Code keybinding commands', async () => {
    const { page } = await open(hello.replace(/,\s*\{ "from": \{ "node": "greet"[^}]*\}[^}]*\} \}/, ''));
    assert.equal(host.doc().connections.length, 1);
    await page.locator('[data-testid="node-greet"]').click();
    await page.locator('[data-testid="node-greet"]').press('Enter'); // focus moves into the inspector
    await page.locator('.inspector summary', { hasText: 'Connections' }).click();
    // The target is a vscode-single-select: Enter opens it, ArrowDown moves to "Done", Enter picks it.
    await page.getByTestId('connect-target').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="connect-target"] [role="combobox"]', { hasText: 'Done' }).waitFor();
    await page.getByTestId('connect-button').focus();
    await page.keyboard.press('Enter');
    await waitFor(() => host.doc().connections.length === 2);
    assert.deepEqual(host.doc().connections[1], { from: { node: 'greet', port: 'main' }, to: { node: 'done', port: 'main' } });
    // package.json keybindings reach the board as commands from the host.
    await board!.postToBoard({ type: 'command', command: 'run' });
    await board!.waitForMessage('run');
    const snap = page.getByTestId('tool-snap');
    assert.equal(await snap.getAttribute('aria-pressed'), 'true');
    await board!.postToBoard({ type: 'command', command: 'toggleSnap' });
    await page.locator('[data-testid="tool-snap"][aria-pressed="false"]').waitFor();
  });

  it('auto-lays out a melody left to right with elkjs, loaded on first use, as one intent', async () => {
    const scrambled = JSON.parse(hello);
    scrambled.nodes[0].position = { x: 900, y: 400 };
    scrambled.nodes[2].position = { x: -300, y: 120 };
    const { page } = await open(JSON.stringify(scrambled, null, 2));
    await page.getByTestId('tool-auto-layout').click();
    await waitFor(() => host.intents.includes('autoLayout'), 20_000);
    assert.deepEqual(host.intents, ['autoLayout']);
    const xs = host.doc().nodes.map((n) => (n as unknown as { position: { x: number } }).position.x);
    assert.ok(xs[0] < xs[1] && xs[1] < xs[2], `start → greet → done from left to right, got ${xs.join(', ')}`);
  });

  it('keeps viewport and selection out of the document', async () => {
    const { page } = await open(hello);
    await page.locator('[data-testid="node-greet"]').click();
    await page.getByTestId('tool-zoom-fit').click();
    await page.waitForTimeout(500);
    assert.deepEqual(host.intents, []);
    assert.equal(host.text, hello);
  });
});

/** Picks an option of a vscode-single-select as a user does with the mouse: open it, click the option. */
async function pickOption(select: Locator, label: string): Promise<void> {
  await select.click();
  await select.getByRole('option', { name: label, exact: true }).click();
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The built board bundle, in Chromium, against the scripted host of ./harness: the ready → init
// handshake, rendering a melody, live document changes and the unreadable-file fallback.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { closeAfterTest, openBoard, type WebviewHarness } from './harness';

const hello = fs.readFileSync(path.resolve(__dirname, '../../examples/hello.melody'), 'utf8');

describe('board webview (built bundle, scripted host)', function () {
  this.timeout(60_000);
  let board: WebviewHarness | undefined;

  afterEach(async function () {
    await closeAfterTest(this.currentTest, board);
    board = undefined;
  });

  it('says ready, then renders the nodes and connections of the melody it is sent', async () => {
    board = await openBoard(hello);
    await board.waitForMessage('ready');
    const { page } = board;
    await page.locator('[data-testid="board"]').waitFor();
    await page.locator('.react-flow__node').nth(2).waitFor();
    assert.equal(await page.locator('.react-flow__node').count(), 3);
    await page.locator('.react-flow__edge').nth(1).waitFor({ state: 'attached' });
    assert.equal(await page.locator('.react-flow__edge').count(), 2);
    assert.match((await page.locator('[data-testid="board"] header').textContent()) ?? '', /Hello, Symphony/);
    assert.match((await page.locator('.react-flow__node').first().textContent()) ?? '', /Start/);
    await page.waitForTimeout(300); // fitView animates once
    await board.screenshot('board-hello');
    assert.deepEqual(board.errors(), []);
  });

  it('re-renders when the host reports a document change', async () => {
    board = await openBoard(hello);
    const { page } = board;
    await page.locator('.react-flow__node').nth(2).waitFor();
    const melody = JSON.parse(hello) as { name: string; nodes: Array<Record<string, unknown>> };
    melody.name = 'Hello, edited';
    // Inside the drawing's current bounds, so the view (and the board's level of detail) stays put.
    melody.nodes.push({ id: 'extra', operator: 'core.noop', name: 'Extra', position: { x: 260, y: 160 } });
    await board.postToBoard({ type: 'documentChanged', text: JSON.stringify(melody) });
    await page.locator('[data-testid="board"] header', { hasText: 'Hello, edited' }).waitFor();
    await page.locator('.react-flow__node', { hasText: 'Extra' }).waitFor();
    assert.equal(await page.locator('.react-flow__node').count(), 4);
  });

  it('shows why an unreadable file cannot be drawn and offers the text editor', async () => {
    board = await openBoard('{ "format": "melody/1", "nodes": [ ');
    const { page } = board;
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /could not be read/);
    await board.screenshot('board-unreadable');
    await alert.getByRole('button', { name: /Text Editor/ }).click();
    await board.waitForMessage('openTextEditor');
  });

  it('waits for the host before drawing anything', async () => {
    board = await openBoard(undefined);
    await board.waitForMessage('ready');
    await board.page.getByText('Loading melody').waitFor();
    assert.equal(await board.page.locator('.react-flow__node').count(), 0);
  });
});

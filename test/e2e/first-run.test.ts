// What a new user does after installing the .vsix: run a Symphony command from the command palette
// and see its answer, then open the sample melody and see it drawn on the Harmonic Board.
import assert from 'node:assert/strict';
import { activeWebview, explorerRow, notification, openEditorSession, runFromPalette, type EditorSession } from './editor-session';

describe('a user with the packaged extension installed', function () {
  this.timeout(180_000);
  let editor: EditorSession;

  before(async () => {
    editor = await openEditorSession();
    await editor.screenshot('01-workbench', 0);
  });

  afterEach(async function () {
    if (editor && this.currentTest?.state === 'failed') await editor.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`, 0);
  });

  after(async () => {
    await editor?.close();
  });

  it('has Symphony installed from the .vsix by code-server --install-extension', () => {
    assert.match(editor.installedExtensions, /^symphony-dev\.symphony@\d+\.\d+\.\d+$/m);
  });

  it('runs "Symphony: Show Extensions" from the command palette and shows its notification', async () => {
    const { page } = editor;
    await runFromPalette(page, 'Symphony: Show Extensions', { beforeEnter: () => editor.screenshot('02-command-palette', 300) });
    const toast = notification(page, /Symphony: (no Symphony extensions installed yet|\d+ extensions? installed)/);
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    await editor.screenshot('03-show-extensions-notification');
    await runFromPalette(page, 'Notifications: Clear All Notifications');
    await toast.waitFor({ state: 'hidden' });
  });

  it('opens hello.melody from the Explorer on the Harmonic Board and draws its three nodes', async () => {
    const { page } = editor;
    // Show Extensions reveals Symphony's own view; go back to the Explorer as a user would.
    await runFromPalette(page, 'View: Show Explorer');
    await explorerRow(page, 'hello.melody').click();
    await page.locator('.tabs-container .tab', { hasText: 'hello.melody' }).waitFor();
    const board = activeWebview(page);
    await board.locator('[data-testid="board"]').waitFor({ timeout: 60_000 });
    const nodes = board.locator('.react-flow__node');
    await nodes.nth(2).waitFor();
    assert.equal(await nodes.count(), 3);
    for (const name of ['Start', 'Set greeting', 'Done']) await nodes.filter({ hasText: name }).waitFor();
    assert.match((await board.locator('[data-testid="board"] header').textContent()) ?? '', /Hello, Symphony/);
    await editor.screenshot('04-board');
  });
});

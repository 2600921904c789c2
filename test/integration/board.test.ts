// The Harmonic Board's editing contract inside a real VS Code: an intent becomes one edit of the
// text document (only the changed range), VS Code's undo/redo and save apply to it, an external
// edit is what the next intent works on, and a file that does not parse is never rewritten.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const APPLY = '_symphony.board.applyIntent';

const melody = {
  format: 'melody/1',
  name: 'Board integration',
  'x-tool': { keep: true },
  nodes: [
    { id: 'start', operator: 'core.manual-trigger', name: 'Start', position: { x: 0, y: 0 }, params: {} },
    { id: 'greet', operator: 'core.set', name: 'Greet', position: { x: 260, y: 0 }, params: { fields: { hello: 'world' } }, 'x-note': 'unknown fields survive' },
  ],
  connections: [{ from: { node: 'start', port: 'main' }, to: { node: 'greet', port: 'main' } }],
  config: { concurrency: 4 },
};
const original = JSON.stringify(melody, null, 2) + '\n';

type Applied = { ok: true; changed: boolean; created: string[] } | { ok: false; reason: string };

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Harmonic Board editing in a real VS Code', () => {
  let uri: vscode.Uri;
  let document: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension('symphony-dev.symphony')?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opens a workspace folder');
    uri = vscode.Uri.joinPath(folder.uri, 'board-edits.melody');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(original));
    await vscode.commands.executeCommand('vscode.openWith', uri, 'symphony.board');
    document = await vscode.workspace.openTextDocument(uri);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('opens the melody on the board', () => {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom);
    assert.equal(tab.input.viewType, 'symphony.board');
  });

  it('turns an intent into one document change of only the changed range, keeping unknown fields', async () => {
    const changes: vscode.TextDocumentContentChangeEvent[][] = [];
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      // VS Code also fires this event, with no content changes, when the dirty state flips.
      if (e.document === document && e.contentChanges.length) changes.push([...e.contentChanges]);
    });
    const result = await vscode.commands.executeCommand<Applied>(APPLY, uri, { type: 'moveNodes', moves: [{ id: 'greet', position: { x: 300, y: 40 } }] });
    sub.dispose();
    assert.deepEqual(result, { ok: true, changed: true, created: [] });
    assert.equal(changes.length, 1, 'one gesture, one document change');
    assert.equal(changes[0].length, 1);
    assert.ok(changes[0][0].rangeLength < 40, `the edit replaced ${changes[0][0].rangeLength} characters`);
    assert.equal(document.isDirty, true);
    const doc = JSON.parse(document.getText());
    assert.deepEqual(doc.nodes[1].position, { x: 300, y: 40 });
    assert.equal(doc.nodes[1]['x-note'], 'unknown fields survive');
    assert.deepEqual(doc['x-tool'], { keep: true });
  });

  it("undoes and redoes the board's edit with VS Code's own undo stack", async () => {
    const edited = document.getText();
    await vscode.commands.executeCommand('undo');
    await until(() => document.getText() === original, 'undo to restore the original text');
    await vscode.commands.executeCommand('redo');
    await until(() => document.getText() === edited, 'redo to reapply the move');
  });

  it('saves to disk through VS Code', async () => {
    const result = await vscode.commands.executeCommand<Applied>(APPLY, uri, { type: 'addNode', operator: 'core.noop', position: { x: 520, y: 0 }, connectFrom: { node: 'greet', port: 'main' } });
    assert.ok(result.ok);
    assert.deepEqual(result.created, ['noop']);
    assert.ok(await document.save());
    assert.equal(document.isDirty, false);
    const onDisk = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
    assert.equal(onDisk.nodes[2].id, 'noop');
    assert.deepEqual(onDisk.connections[1], { from: { node: 'greet', port: 'main' }, to: { node: 'noop', port: 'main' } });
  });

  it('works on the text as an external edit left it', async () => {
    const doc = JSON.parse(document.getText());
    doc.nodes = doc.nodes.filter((n: { id: string }) => n.id !== 'greet');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), JSON.stringify(doc, null, 2) + '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const result = await vscode.commands.executeCommand<Applied>(APPLY, uri, { type: 'updateParams', node: 'greet', set: { x: 1 }, unset: [] });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /no node "greet"/);
  });

  it('never rewrites a file that does not parse', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(1, 0), '  oops\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const broken = document.getText();
    const result = await vscode.commands.executeCommand<Applied>(APPLY, uri, { type: 'renameMelody', name: 'x' });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /not valid JSON \(line 2/);
    assert.equal(document.getText(), broken);
  });
});

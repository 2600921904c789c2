// Inside a real VS Code extension host: Symphony activates, registers what it contributes, records
// its activation time for `npm run bench`, and opens melodies on the Harmonic Board.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { SymphonyApi } from '../../src/host/extension';

const extensionId = `${pkg.publisher}.${pkg.name}`;
/** test-results/ of the checkout the bundle was built in (out/test/integration/index.js). */
const resultsDir = process.env.SYMPHONY_TEST_RESULTS ?? path.resolve(__dirname, '../../../test-results');

function symphony(): vscode.Extension<SymphonyApi> {
  const ext = vscode.extensions.getExtension<SymphonyApi>(extensionId);
  assert.ok(ext, `extension ${extensionId} is not loaded in this VS Code`);
  return ext;
}

/**
 * What activating an extension that does nothing costs in this host: the empty development
 * extension run-in-code-server.ts loads next to Symphony, else a bare module load as a fallback.
 */
async function emptyExtensionMs(): Promise<{ ms: number; kind: string }> {
  const empty = vscode.extensions.getExtension('symphony-bench.empty-extension');
  if (empty && !empty.isActive) {
    const started = performance.now();
    await empty.activate();
    return { ms: performance.now() - started, kind: 'empty extension, activated by VS Code' };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-empty-ext-'));
  const file = path.join(dir, 'extension.js');
  fs.writeFileSync(file, 'exports.activate = function activate() { return {}; };\n');
  const started = performance.now();
  (module.require(file) as { activate(): unknown }).activate();
  const ms = performance.now() - started;
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms, kind: 'empty module, required directly' };
}

describe('Symphony in a real VS Code extension host', () => {
  it('is not active before anything asks for it (lazy activation events)', () => {
    // The test workspace holds no melody or manifest, so no activation event has fired yet.
    assert.equal(symphony().isActive, false);
  });

  it('activates, returns its API and records the activation time', async () => {
    const ext = symphony();
    const started = performance.now();
    const api = await ext.activate();
    const activateCallMs = performance.now() - started;
    assert.equal(ext.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0 && api.activationMs < activateCallMs + 1, `activationMs ${api.activationMs} is not within the activate() call (${activateCallMs} ms)`);

    const baseline = await emptyExtensionMs();
    const record = {
      activationMs: api.activationMs,
      activateCallMs,
      emptyExtensionMs: baseline.ms,
      baseline: baseline.kind,
      vscodeVersion: vscode.version,
      node: process.versions.node,
      measuredAt: new Date().toISOString(),
    };
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'activation.json'), JSON.stringify(record, null, 2) + '\n');
    console.log(`      activate() ${api.activationMs.toFixed(2)} ms; load + activate ${activateCallMs.toFixed(2)} ms; ${baseline.kind} ${baseline.ms.toFixed(2)} ms`);
  });

  it('registers every command package.json contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = pkg.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 6, 'package.json contributes at least six commands');
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed commands without a handler');
  });

  it('runs Symphony: Show Extensions without an error', async () => {
    await vscode.commands.executeCommand('symphony.showExtensions');
  });

  it('opens a .melody file on the Harmonic Board with vscode.openWith', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opens a workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'integration.melody');
    const melody = {
      format: 'melody/1',
      name: 'Integration',
      nodes: [
        { id: 'start', operator: 'core.manual-trigger', position: { x: 0, y: 0 } },
        { id: 'end', operator: 'core.noop', position: { x: 240, y: 0 } },
      ],
      connections: [{ from: { node: 'start', port: 'main' }, to: { node: 'end', port: 'main' } }],
    };
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(melody, null, 2)));
    await vscode.commands.executeCommand('vscode.openWith', uri, 'symphony.board');

    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom, `the active tab is a custom editor, not ${tab?.input?.constructor.name}`);
    assert.equal(tab.input.viewType, 'symphony.board');
    assert.equal(tab.input.uri.toString(), uri.toString());
    assert.equal(tab.label, 'integration.melody');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

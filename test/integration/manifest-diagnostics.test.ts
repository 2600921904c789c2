// Manifest problems in the real Problems panel: a misspelt permission is reported on its line when
// the manifest opens, the light bulb offers the correction, and applying it clears the problem.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { SymphonyApi } from '../../src/host/extension';
import { until } from './until';

const MANIFEST = `[package]
name = "typo-demo"
version = "1.0.0"

[runtime]
entry = "index.js"

[security]
permissions = ["fs.raed"]
`;
/** 0-based line of the misspelt permission in MANIFEST. */
const TYPO_LINE = 8;

describe('Manifest diagnostics in a real VS Code', function () {
  this.timeout(60_000);
  let uri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension<SymphonyApi>(`${pkg.publisher}.${pkg.name}`)!.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opens a workspace folder');
    // Outside .symphony/extensions: an extension being written, not one installed.
    const dir = path.join(folder.uri.fsPath, 'typo-demo');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.activate = () => {};\n');
    fs.writeFileSync(path.join(dir, 'symphony.toml'), MANIFEST);
    uri = vscode.Uri.file(path.join(dir, 'symphony.toml'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports a misspelt permission on its line when the manifest is opened', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostic = await until('the UnknownPermission diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'UnknownPermission'));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.source, 'symphony');
    assert.equal(diagnostic.range.start.line, TYPO_LINE);
    assert.equal(diagnostic.range.start.character, MANIFEST.split('\n')[TYPO_LINE]!.indexOf('"fs.raed"'));
    assert.match(diagnostic.message, /fs\.raed/);
    assert.match(diagnostic.message, /did you mean "fs\.read"/);
    // Only the typo is wrong in this manifest.
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.code), ['UnknownPermission']);
  });

  it('offers the correction as a quick fix that rewrites the value, and the problem goes', async () => {
    const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'UnknownPermission');
    assert.ok(diagnostic, 'the diagnostic of the previous test is still shown');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "fs.read"');
    assert.ok(fix?.edit, `no "Change to "fs.read"" quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(TYPO_LINE).text, 'permissions = ["fs.read"]');
    assert.equal(document.getText(), MANIFEST.replace('fs.raed', 'fs.read'));
    // Problems are re-checked on save.
    await document.save();
    await until('the diagnostic to clear after saving the fix', () => (vscode.languages.getDiagnostics(uri).some((d) => d.code === 'UnknownPermission') ? undefined : true));
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), MANIFEST.replace('fs.raed', 'fs.read'));
  });
});

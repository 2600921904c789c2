// Melody commands in a real VS Code: "Run Melody" runs a valid melody to Completed and keeps the run
// in .symphony/runs/; a melody with a cycle is reported in the Problems panel with the cycle's path
// and is not run. ("New Melody" asks for a name in an input box, which a test inside the extension
// host cannot answer without stubbing VS Code; the end-to-end layer drives it.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { SymphonyApi } from '../../src/host/extension';
import type { RunResult } from '../../src/core/conductor';
import { until } from './until';

const node = (id: string, operator: string, x: number, params: Record<string, unknown> = {}) => ({ id, operator, position: { x, y: 0 }, params });
const edge = (from: string, to: string) => ({ from: { node: from, port: 'main' }, to: { node: to, port: 'main' } });

const VALID = {
  format: 'melody/1',
  name: 'Integration greeting',
  nodes: [node('start', 'core.manual-trigger', 0), node('greet', 'core.set', 240, { fields: { greeting: 'hello from the integration test' } }), node('done', 'core.noop', 480)],
  connections: [edge('start', 'greet'), edge('greet', 'done')],
};

const CYCLE = {
  format: 'melody/1',
  name: 'Round and round',
  nodes: [node('a', 'core.noop', 0), node('b', 'core.noop', 240), node('c', 'core.noop', 480)],
  connections: [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')],
};

describe('Melody commands in a real VS Code', function () {
  this.timeout(60_000);
  let root: string;
  const runsDir = () => path.join(root, '.symphony', 'runs');
  const runFiles = () => (fs.existsSync(runsDir()) ? fs.readdirSync(runsDir()).filter((f) => f.endsWith('.json')) : []);
  const write = (name: string, melody: unknown) => {
    const file = path.join(root, 'melodies', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(melody, null, 2) + '\n');
    return vscode.Uri.file(file);
  };

  before(async () => {
    await vscode.extensions.getExtension<SymphonyApi>(`${pkg.publisher}.${pkg.name}`)!.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opens a workspace folder');
    root = folder.uri.fsPath;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs a valid melody to Completed and writes the run under .symphony/runs/', async () => {
    const uri = write('greeting.melody', VALID);
    const before = runFiles();
    const result = await vscode.commands.executeCommand<RunResult>('symphony.runMelody', uri);
    assert.ok(result, 'symphony.runMelody returned no run');
    assert.equal(result.status, 'Completed', JSON.stringify(result.error ?? result.diagnostics));
    assert.deepEqual(result.order, ['start', 'greet', 'done']);
    assert.deepEqual(Object.values(result.nodes).map((n) => n.state), ['Completed', 'Completed', 'Completed']);
    const out = result.nodes.done?.outputs?.[0]?.[0]?.json as Record<string, unknown> | undefined;
    assert.equal(out?.greeting, 'hello from the integration test');

    assert.ok(result.historyFile, 'the run names its history file');
    assert.equal(path.dirname(result.historyFile), runsDir());
    assert.deepEqual(runFiles().filter((f) => !before.includes(f)), [path.basename(result.historyFile)]);
    const record = JSON.parse(fs.readFileSync(result.historyFile, 'utf8')) as RunResult & { format: string; file: string };
    assert.equal(record.format, 'symphony-run/1');
    assert.equal(record.status, 'Completed');
    assert.equal(record.runId, result.runId);
    assert.equal(record.file, uri.fsPath);
  });

  it('reports a cycle in the Problems panel with its path and refuses to run the melody', async () => {
    const uri = write('cycle.melody', CYCLE);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const cycle = await until('the CycleDetected diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'CycleDetected'));
    assert.equal(cycle.severity, vscode.DiagnosticSeverity.Error);
    assert.match(cycle.message, /a → b → c → a/);

    const before = runFiles();
    const result = await vscode.commands.executeCommand<RunResult | undefined>('symphony.runMelody', uri);
    assert.equal(result, undefined, 'a melody with a cycle must not run');
    assert.deepEqual(runFiles(), before, 'no run was written');
  });
});

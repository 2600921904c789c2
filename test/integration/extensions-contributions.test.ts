// A sub-extension's contributions beyond commands, inside a real VS Code: status bar items that
// come and go with activation and follow the bus, settings read from settings.json and checked
// against the manifest, the "Sub-extension Views" tree filled by the extension's command, a
// webview view with a strict CSP, and key bindings appended to keybindings.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { SymphonyApi } from '../../src/host/extension';
import { parseJsonc } from '../../src/host/extensions/jsonc-edit';
import { until } from './until';

/** test/fixtures/extensions-host of the checkout the bundle was built in (out/test/integration/index.js). */
const fixtures = path.resolve(__dirname, '../../../test/fixtures/extensions-host');

describe('Sub-extension contributions in a real VS Code', function () {
  this.timeout(60_000);
  let api: SymphonyApi;
  let dir: string;
  const contributions = () => api.extensions.contributions;
  const host = () => api.extensions.host;
  const ours = () => contributions().statusBarItems().filter((i) => i.extension === 'dashboard');
  const readSettings = () => vscode.commands.executeCommand<{ mode: unknown; limit: unknown }>('symphony.ext.dashboard.dashboard.readSettings');

  before(async () => {
    api = await vscode.extensions.getExtension<SymphonyApi>(`${pkg.publisher}.${pkg.name}`)!.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opens a workspace folder');
    dir = path.join(folder.uri.fsPath, '.symphony', 'extensions', 'dashboard');
    fs.cpSync(path.join(fixtures, 'extensions', 'dashboard'), dir, { recursive: true });
    await vscode.commands.executeCommand('symphony.extensions.refresh');
    assert.ok(host().get('dashboard'), `dashboard is not discovered: ${JSON.stringify(host().problems)}`);
  });

  after(async () => {
    for (const id of ['dashboard.mode', 'dashboard.limit']) await contributions().settings.write(id, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(dir, '..', '..'), { recursive: true, force: true });
    await vscode.commands.executeCommand('symphony.extensions.refresh');
  });

  it('shows the status bar items while the extension is active, runs its command on click, and removes them when it stops', async () => {
    assert.deepEqual(ours(), [], 'no item before the extension runs');
    await host().activate('dashboard');
    assert.deepEqual(ours(), [
      { extension: 'dashboard', id: 'counter', text: '$(pulse) 0', tooltip: 'Dashboard counter', command: 'symphony.ext.dashboard.dashboard.bump', alignment: 'right', priority: 50 },
      { extension: 'dashboard', id: 'plain', text: 'Dashboard', tooltip: undefined, command: undefined, alignment: 'left', priority: undefined },
    ]);
    // What a click runs, and the extension changing its item's text through the bus.
    assert.equal(await vscode.commands.executeCommand(ours()[0]!.command!), 1);
    await until('the counter item to show the new count', () => (ours()[0]?.text === '$(pulse) 1' ? true : undefined));
    assert.equal(ours()[0]!.tooltip, 'bumped 1 times');

    await host().deactivate('dashboard');
    assert.deepEqual(ours(), [], 'deactivation removes the items');
    await host().reload('dashboard');
    await host().activate('dashboard');
    assert.deepEqual(ours().map((i) => `${i.id}=${i.text}`), ['counter=$(pulse) 0', 'plain=Dashboard'], 'a reload shows each item once, as declared');
  });

  it('settings.get returns the manifest default, then the user value, then the default again for an invalid value', async () => {
    assert.deepEqual(await readSettings(), { mode: 'compact', limit: 3 });
    await contributions().settings.write('dashboard.mode', 'full');
    await contributions().settings.write('dashboard.limit', 7);
    await until('the user values', async () => {
      const v = await readSettings();
      return v?.mode === 'full' && v.limit === 7 ? v : undefined;
    });
    const warnings: string[] = [];
    const sub = contributions().settings.onDidReportProblem((p) => warnings.push(`${p.warning} | ${p.problem.fix}`));
    try {
      await contributions().settings.write('dashboard.limit', 42);
      await until('the default for the out-of-range value', async () => ((await readSettings())?.limit === 3 ? true : undefined));
      await readSettings();
    } finally {
      sub.dispose();
    }
    assert.equal(warnings.length, 1, `one warning for the invalid value, got ${JSON.stringify(warnings)}`);
    assert.match(warnings[0]!, /^Symphony: dashboard setting "dashboard\.limit": 42 is above the maximum 10; expected an integer from 1 to 10\. Using the default 3\. \| set "dashboard\.limit" to an integer from 1 to 10 in settings\.json/);
    assert.equal((await readSettings()).mode, 'full', 'the valid setting keeps its user value');
    assert.equal(contributions().settings.userValue('dashboard.limit'), 42, 'the user value stays in settings.json for the user to fix');
  });

  it('broadcasts symphony/settings/changed naming the extension and the settings whose value changed', async () => {
    await contributions().settings.write('dashboard.mode', 'compact');
    await new Promise((r) => setTimeout(r, 300)); // let the write above settle as the baseline
    const received: unknown[] = [];
    const sub = api.bus.bus.subscribe('integration-test', 'symphony/settings/changed', (m) => void received.push(m.data));
    try {
      await contributions().settings.write('dashboard.mode', 'full');
      const message = await until('the settings-changed broadcast', () => received.find((d) => (d as { section?: string }).section === 'dashboard'));
      assert.deepEqual(message, { section: 'dashboard', extensions: ['dashboard'], keys: ['dashboard.mode'] });
    } finally {
      sub.dispose();
    }
  });

  it('offers the declared settings as completions in a settings.json (jsonValidation schema served by the host)', async () => {
    // A workspace settings file, so the user's own settings.json is never left half-typed.
    const file = path.join(dir, '..', '..', '..', '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{\n  "dash\n}\n');
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      const at = new vscode.Position(1, 7);
      const labels = await until('completions for the sub-extension settings', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
        const found = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).filter((l) => l.includes('dashboard.'));
        return found.length ? found : undefined;
      }, 20_000);
      assert.deepEqual(labels.map((l) => l.replace(/"/g, '')).sort(), ['dashboard.limit', 'dashboard.mode']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('"Edit Sub-extension Settings…" writes a valid value and refuses an invalid one', async () => {
    await vscode.commands.executeCommand('symphony.extensions.editSettings', { extension: 'dashboard', setting: 'limit', value: 5 });
    await until('the edited value', async () => ((await readSettings())?.limit === 5 ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('symphony.extensions.editSettings', { extension: 'dashboard', setting: 'limit', value: 99 }), undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await readSettings()).limit, 5, 'an invalid value is not written');
    await vscode.commands.executeCommand('symphony.extensions.editSettings', { extension: 'dashboard', setting: 'dashboard.mode', value: null });
    await until('mode back to its default', async () => ((await readSettings())?.mode === 'compact' ? true : undefined));
  });

  it('lists the declared views, activates the extension on expand, and shows the rows its command returns', async () => {
    await host().deactivate('dashboard');
    const views = contributions().views;
    const top = (await views.getChildren()).filter((n) => n.kind === 'view' && n.ext.id === 'dashboard');
    const items = top.map((n) => views.getTreeItem(n));
    assert.deepEqual(items.map((i) => i.label), ['Dashboard Items', 'Dashboard Page']);
    assert.equal(items[0]!.description, 'dashboard · not active — expand to activate');
    assert.equal((items[0]!.iconPath as vscode.ThemeIcon).id, 'checklist');
    assert.equal(items[0]!.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const rows = await views.getChildren(top[0]);
    assert.equal(host().get('dashboard')?.state, 'Active', 'expanding the view activated its extension');
    const rowItems = rows.map((n) => views.getTreeItem(n));
    assert.deepEqual(rowItems.map((i) => [i.label, i.description, (i.iconPath as vscode.ThemeIcon | undefined)?.id, i.collapsibleState]), [
      ['Alpha', 'first', 'check', vscode.TreeItemCollapsibleState.Collapsed],
      ['Beta', undefined, undefined, vscode.TreeItemCollapsibleState.None],
    ]);
    const leaves = await views.getChildren(rows[0]);
    assert.deepEqual(leaves.map((n) => views.getTreeItem(n).label), ['Leaf of a']);
    // Clicking a row runs the extension's command.
    const click = rowItems[0]!.command!;
    assert.equal(typeof (await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []))), 'number');
  });

  it('opens a webview view with the extension\'s HTML under a strict CSP, scripts removed', async () => {
    const panel = await contributions().views.openWebview('dashboard', 'dashboard.page');
    assert.ok(panel, 'a panel opens');
    const html = panel.webview.html;
    assert.match(html, /<h1>Dashboard<\/h1>/);
    assert.match(html, /default-src 'none';.*script-src 'none';/);
    assert.doesNotMatch(html, /<script|onclick|alert/);
    assert.equal(panel.title, 'Dashboard');
    assert.equal(panel.webview.options.enableScripts, false, 'no scripts without ui.panel');
    panel.dispose();
  });

  it('"Add Key Bindings of Sub-extension…" appends the bindings to keybindings.json after confirmation, once', async () => {
    const asked: string[] = [];
    let answer = false;
    const original = contributions().prompts;
    contributions().prompts = { confirm: async (message, detail) => (asked.push(`${message}\n${detail}`), answer) };
    try {
      assert.deepEqual(await vscode.commands.executeCommand('symphony.extensions.addKeybindings', 'dashboard'), [], 'nothing is added when the user declines');
      assert.match(asked[0]!, /^Add 2 key bindings of dashboard to your keybindings\.json\?\nctrl\+alt\+b → Dashboard: Bump Counter\nctrl\+k ctrl\+r → Dashboard: Read Settings \(when editorTextFocus\)/);

      answer = true;
      const keybindingsFile = path.join(path.dirname(contributions().settings.userFile!), 'keybindings.json');
      const before = fs.existsSync(keybindingsFile) ? fs.readFileSync(keybindingsFile, 'utf8') : undefined;
      const expected = [
        { key: 'ctrl+alt+b', command: 'symphony.ext.dashboard.dashboard.bump', mac: 'cmd+alt+b' },
        { key: 'ctrl+k ctrl+r', command: 'symphony.ext.dashboard.dashboard.readSettings', when: 'editorTextFocus' },
      ];
      assert.deepEqual(await vscode.commands.executeCommand('symphony.extensions.addKeybindings', 'dashboard'), expected);
      const doc = vscode.window.activeTextEditor?.document;
      assert.ok(doc && doc.uri.path.endsWith('/keybindings.json'), `keybindings.json is open, not ${doc?.uri.toString()}`);
      assert.equal(doc.isDirty, false, 'saved, so the bindings work at once');
      const entries = parseJsonc(doc.getText()) as unknown[];
      assert.deepEqual(entries.filter((e) => String((e as { command: string }).command).startsWith('symphony.ext.dashboard.')), expected);

      // Once is enough: a second run adds nothing.
      assert.deepEqual(await vscode.commands.executeCommand('symphony.extensions.addKeybindings', 'dashboard'), []);
      assert.equal((parseJsonc(doc.getText()) as unknown[]).length, entries.length);

      // One edit: a single Undo in the opened file takes every added binding back.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await vscode.commands.executeCommand('undo');
      if (before !== undefined) assert.equal(doc.getText(), before);
      assert.deepEqual((parseJsonc(doc.getText()) as unknown[] | undefined ?? []).filter((e) => String((e as { command: string }).command).startsWith('symphony.ext.dashboard.')), []);
      await doc.save();
    } finally {
      contributions().prompts = original;
    }
  });
});

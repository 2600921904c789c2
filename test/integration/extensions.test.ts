// Sub-extensions inside a real VS Code: workspace extensions are discovered, offered in "Run
// Command…", bound to real command ids, shown in the Symphony Extensions view, isolated from each
// other when one fails, hot reloaded when their code changes, and refused what they did not declare.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { SymphonyApi } from '../../src/host/extension';
import type { CommandFailure } from '../../src/host/extensions/register-extensions';
import { until } from './until';

/** test/fixtures/integration of the checkout the bundle was built in (out/test/integration/index.js). */
const fixtures = path.resolve(__dirname, '../../../test/fixtures/integration');

async function symphony(): Promise<SymphonyApi> {
  const ext = vscode.extensions.getExtension<SymphonyApi>(`${pkg.publisher}.${pkg.name}`);
  assert.ok(ext, 'Symphony is not loaded in this VS Code');
  return ext.activate();
}


/** The failure notifications the host shows while `action` runs. */
async function failuresDuring<T>(api: SymphonyApi, action: () => Thenable<T>): Promise<{ value: T; failures: CommandFailure[] }> {
  const failures: CommandFailure[] = [];
  const sub = api.extensions.onDidFailCommand((f) => failures.push(f));
  try {
    return { value: await action(), failures };
  } finally {
    sub.dispose();
  }
}

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opens a workspace folder');
  return folder.uri.fsPath;
}

describe('Sub-extensions in a real VS Code', function () {
  this.timeout(60_000);
  let api: SymphonyApi;
  let extensionsDir: string;

  const install = async (name: string) => {
    fs.cpSync(path.join(fixtures, 'extensions', name), path.join(extensionsDir, name), { recursive: true });
    await vscode.commands.executeCommand('symphony.extensions.refresh');
  };
  const treeRows = () =>
    api.extensions.tree.getChildren().map((node) => {
      const item = api.extensions.tree.getTreeItem(node);
      return { node, label: String(item.label), description: String(item.description ?? ''), tooltip: item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '') };
    });

  before(async () => {
    api = await symphony();
    assert.equal(vscode.workspace.isTrusted, true, 'workspace extensions run only in a trusted folder; code-server runs with --disable-workspace-trust');
    extensionsDir = path.join(workspaceDir(), '.symphony', 'extensions');
    fs.mkdirSync(extensionsDir, { recursive: true });
    await install('greeter');
    await install('stalled');
  });

  after(async () => {
    // Later suites get a workspace without these extensions.
    fs.rmSync(path.join(workspaceDir(), '.symphony', 'extensions'), { recursive: true, force: true });
    await vscode.commands.executeCommand('symphony.extensions.refresh');
  });

  it('discovers the workspace extensions on Refresh, loaded but not yet running', () => {
    const found = api.extensions.host.list().map((e) => ({ id: e.id, source: e.source, state: e.state }));
    assert.deepEqual(found, [
      { id: 'greeter', source: 'workspace', state: 'Loaded' },
      { id: 'stalled', source: 'workspace', state: 'Loaded' },
    ]);
    assert.deepEqual(api.extensions.host.problems.filter((p) => p.severity === 'error'), []);
  });

  it('lists every contributed command in "Run Command…" and runs the one picked', async () => {
    const items = api.extensions.pickItems();
    assert.deepEqual(
      items.map(({ label, description, detail }) => ({ label, description, detail })),
      [
        { label: 'Greeter: Say Hello', description: 'greeter', detail: 'greeter.hello' },
        { label: 'Stalled: Run', description: 'stalled', detail: 'stalled.run' },
      ],
    );
    // Drive the real quick pick: open it, then accept its first (selected) row as Enter would.
    const result = await until('the quick pick to run the first command', async () => {
      let settled = false;
      const running = Promise.resolve(vscode.commands.executeCommand<unknown>('symphony.runExtensionCommand')).finally(() => (settled = true));
      const deadline = Date.now() + 5000;
      while (!settled && Date.now() < deadline) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((r) => setTimeout(r, 150));
      }
      if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      // Accepting before the rows arrived closes the pick with nothing chosen: try again.
      return (await running) ?? undefined;
    });
    assert.equal(result, 'hello world from greeter v1');
  });

  it('registers symphony.ext.<extension>.<command> for each command, returning its value', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('symphony.ext.greeter.greeter.hello'), 'symphony.ext.greeter.greeter.hello is not a registered command');
    assert.ok(registered.has('symphony.ext.stalled.stalled.run'), 'symphony.ext.stalled.stalled.run is not a registered command');
    const value = await vscode.commands.executeCommand('symphony.ext.greeter.greeter.hello', { name: 'Ada' });
    assert.equal(value, 'hello Ada from greeter v1');
    assert.equal(api.extensions.host.get('greeter')?.state, 'Active');
  });

  it('marks an extension whose activate throws Failed, says so, and keeps the others working', async () => {
    const { value, failures } = await failuresDuring(api, () => vscode.commands.executeCommand('symphony.ext.stalled.stalled.run'));
    assert.equal(value, undefined);
    assert.equal(failures.length, 1, `one error notification, got ${JSON.stringify(failures)}`);
    assert.match(failures[0]!.message, /stalled\.run failed: .*stalled cannot start: its configuration is missing/);
    const stalled = api.extensions.host.get('stalled');
    assert.equal(stalled?.state, 'Failed');
    assert.match(stalled.lifecycle.error ?? '', /stalled cannot start/);

    assert.equal(api.extensions.host.get('greeter')?.state, 'Active');
    assert.equal(await vscode.commands.executeCommand('symphony.ext.greeter.greeter.hello'), 'hello world from greeter v1');
  });

  it('keeps a compiled copy of the sandbox code in Symphony\'s global storage once an extension ran', async () => {
    const caches = () => (fs.existsSync(api.sandboxCodeCacheDir) ? fs.readdirSync(api.sandboxCodeCacheDir).filter((f) => f.endsWith('.v8cache')) : []);
    const made = await until('a code cache in Symphony\'s global storage', () => (caches().length > 0 ? caches() : undefined), 30_000);
    assert.ok(made.some((f) => /^(quickjs|vm2|node)-[0-9a-f]{24}\.v8cache$/.test(f)), made.join(', '));
  });

  it('shows both in the Symphony Extensions view with their states', () => {
    const rows = treeRows();
    const greeter = rows.find((r) => r.label === 'greeter');
    const stalled = rows.find((r) => r.label === 'stalled');
    assert.ok(greeter && stalled, `rows: ${JSON.stringify(rows.map((r) => r.label))}`);
    assert.match(greeter.description, /^1\.0\.0 · IDE · Active · \d+ ms$/);
    assert.match(stalled.description, /^1\.0\.0 · IDE · Failed$/);
    assert.match(stalled.tooltip, /State: Failed — .*stalled cannot start/);
    // The view's context menu (activate, deactivate, reload…) is chosen by this value.
    assert.equal(api.extensions.tree.getTreeItem(greeter.node).contextValue, 'symphonyExtension.Active');
    assert.equal(api.extensions.tree.getTreeItem(stalled.node).contextValue, 'symphonyExtension.Failed');
  });

  it('hot reloads an extension whose code changed, without touching the others', async () => {
    const stalled = api.extensions.host.get('stalled');
    const stalledHistory = stalled?.lifecycle.history.length;
    const file = path.join(extensionsDir, 'greeter', 'index.js');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("const VERSION = 'v1';", "const VERSION = 'v2';"));
    const value = await until('the edited greeter to answer', async () => {
      const v = await vscode.commands.executeCommand<string>('symphony.ext.greeter.greeter.hello');
      return v?.endsWith('v2') ? v : undefined;
    });
    assert.equal(value, 'hello world from greeter v2');
    assert.equal(api.extensions.host.get('greeter')?.state, 'Active');
    // The other extension is the same object, with no new lifecycle step.
    assert.equal(api.extensions.host.get('stalled'), stalled);
    assert.equal(stalled?.lifecycle.history.length, stalledHistory);
    assert.equal(stalled?.state, 'Failed');
  });

  it('hot reloads a manifest change: a new command gets its own command id and a row in "Run Command…"', async () => {
    const dir = path.join(extensionsDir, 'greeter');
    fs.writeFileSync(path.join(dir, 'symphony.toml'), fs.readFileSync(path.join(dir, 'symphony.toml'), 'utf8') + '\n[[commands]]\nid = "greeter.bye"\ntitle = "Say Goodbye"\ncategory = "Greeter"\n');
    fs.writeFileSync(path.join(dir, 'index.js'), fs.readFileSync(path.join(dir, 'index.js'), 'utf8').replace(/\n\};\s*$/, "\n  symphony.commands.register('greeter.bye', async () => 'goodbye from greeter ' + VERSION);\n};\n"));
    await until('symphony.ext.greeter.greeter.bye to be registered', async () => ((await vscode.commands.getCommands(true)).includes('symphony.ext.greeter.greeter.bye') ? true : undefined));
    assert.ok(api.extensions.pickItems().some((i) => i.label === 'Greeter: Say Goodbye' && i.detail === 'greeter.bye'));
    const value = await until('greeter.bye to answer', () => vscode.commands.executeCommand<string>('symphony.ext.greeter.greeter.bye'));
    assert.equal(value, 'goodbye from greeter v2');
    assert.equal(await vscode.commands.executeCommand('symphony.ext.greeter.greeter.hello'), 'hello world from greeter v2');
  });

  it('runs a failed extension once its code is repaired', async () => {
    fs.writeFileSync(path.join(extensionsDir, 'stalled', 'index.js'), "exports.activate = (symphony) => symphony.commands.register('stalled.run', async () => 'running again');\n");
    const value = await until('the repaired extension to answer', () => vscode.commands.executeCommand<string>('symphony.ext.stalled.stalled.run'));
    assert.equal(value, 'running again');
    assert.equal(api.extensions.host.get('stalled')?.state, 'Active');
    assert.match(treeRows().find((r) => r.label === 'stalled')?.description ?? '', /· Active · \d+ ms$/);
  });

  it('refuses a permission the extension did not declare, names it, and runs the next command', async () => {
    fs.writeFileSync(path.join(workspaceDir(), 'secret.txt'), 'not for nosy extensions\n');
    await install('nosy');
    const { value, failures } = await failuresDuring(api, () => vscode.commands.executeCommand('symphony.ext.nosy.nosy.peek'));
    assert.equal(value, undefined, 'the file content must not reach the caller');
    assert.equal(failures.length, 1, `one error notification, got ${JSON.stringify(failures)}`);
    assert.match(failures[0]!.message, /^Symphony: nosy\.peek was denied fs\.read on .*secret\.txt$/);

    // The same call through the host API rejects with a typed PermissionDenied.
    await assert.rejects(api.extensions.host.executeCommand('nosy.peek'), (e: Error & { code?: string; permission?: string; target?: string }) => {
      assert.equal(e.code, 'PermissionDenied');
      assert.equal(e.permission, 'fs.read');
      assert.match(e.target ?? '', /secret\.txt$/);
      return true;
    });
    assert.equal(await vscode.commands.executeCommand('symphony.ext.nosy.nosy.ping'), 'pong');
    assert.equal(api.extensions.host.get('nosy')?.state, 'Active');
  });

  it('carries what an extension publishes on the host\'s bus to subscribers and the Bus Activity view', async () => {
    await install('herald');
    const received: Array<{ channel: string; sender: string; data: unknown }> = [];
    const sub = api.bus.bus.subscribe('integration-test', 'news/*', (m) => void received.push({ channel: m.channel, sender: m.sender, data: m.data }));
    try {
      assert.equal(await vscode.commands.executeCommand('symphony.ext.herald.herald.announce', { headline: 'sandbox reaches the bus' }), 'announced');
      const message = await until('the host to receive the message', () => received[0]);
      assert.deepEqual(message, { channel: 'news/today', sender: 'herald', data: { headline: 'sandbox reaches the bus' } });
      api.bus.activity.setFilter('herald');
      const row = api.bus.activity.getChildren().map((m) => api.bus.activity.getTreeItem(m)).find((i) => i.label === 'news/today');
      assert.ok(row, 'the message is in the Bus Activity view, filtered by its extension');
      assert.match(String(row.description), /^herald · /);
    } finally {
      sub.dispose();
      api.bus.activity.setFilter('');
    }
  });
});

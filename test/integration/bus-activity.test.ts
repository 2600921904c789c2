// The Bus Activity view in a real VS Code: messages published on the host's bus appear in the view
// (newest first, with channel and sender), the filter narrows them by channel glob or extension,
// and "Clear" empties it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import pkg from '../../package.json';
import type { SymphonyApi } from '../../src/host/extension';
import type { BusMessage } from '../../src/core/bus';

describe('Bus Activity view in a real VS Code', function () {
  this.timeout(30_000);
  let api: SymphonyApi;
  const rows = () =>
    api.bus.activity.getChildren().map((m: BusMessage) => {
      const item = api.bus.activity.getTreeItem(m);
      return { label: String(item.label), description: String(item.description ?? '') };
    });
  const channels = () => rows().map((r) => r.label);

  before(async () => {
    api = await vscode.extensions.getExtension<SymphonyApi>(`${pkg.publisher}.${pkg.name}`)!.activate();
    await vscode.commands.executeCommand('symphony.clearBusActivity');
  });

  after(async () => {
    api.bus.activity.setFilter('');
    await vscode.commands.executeCommand('symphony.clearBusActivity');
  });

  it('shows each published message with its channel and sender, newest first, and refreshes the view', async () => {
    assert.deepEqual(rows(), [], 'Clear Bus Activity emptied the view');
    const refreshed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the view did not refresh within 5 s of a publish')), 5000);
      const sub = api.bus.activity.onDidChangeTreeData(() => (clearTimeout(timer), sub.dispose(), resolve()));
    });
    api.bus.bus.publish('git-helper', 'git/commit', { sha: 'abc123' });
    api.bus.bus.publish('chat-bot', 'chat/message', { text: 'hi' });
    api.bus.bus.publish('git-helper', 'git/push', { remote: 'origin' });
    await refreshed;

    assert.deepEqual(channels(), ['git/push', 'chat/message', 'git/commit']);
    const [push] = rows();
    assert.match(push!.description, /^git-helper · /);
    const tooltip = api.bus.activity.getTreeItem(api.bus.activity.getChildren()[0]!).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /"remote": "origin"/);
  });

  it('filters by channel glob and by extension, and shows everything again when cleared', () => {
    api.bus.activity.setFilter('git/*');
    assert.deepEqual(channels(), ['git/push', 'git/commit']);
    api.bus.activity.setFilter('chat-bot');
    assert.deepEqual(channels(), ['chat/message']);
    api.bus.activity.setFilter('chat');
    assert.deepEqual(channels(), ['chat/message'], 'a bare word matches channels that start with it');
    api.bus.activity.setFilter('deploy/*');
    assert.deepEqual(channels(), []);
    api.bus.activity.setFilter('');
    assert.deepEqual(channels(), ['git/push', 'chat/message', 'git/commit']);
  });

  it('keeps recording while filtered, and Clear Bus Activity empties it', async () => {
    api.bus.activity.setFilter('git/*');
    api.bus.bus.publish('chat-bot', 'chat/message', { text: 'second' });
    api.bus.bus.publish('git-helper', 'git/tag', { name: 'v1' });
    assert.deepEqual(channels(), ['git/tag', 'git/push', 'git/commit']);
    api.bus.activity.setFilter('');
    assert.equal(rows().length, 5);
    await vscode.commands.executeCommand('symphony.clearBusActivity');
    assert.deepEqual(rows(), []);
  });
});

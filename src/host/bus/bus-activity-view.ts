import * as vscode from 'vscode';
import { type BusMessage, channelMatcher, type MessageBus } from '../../core/bus';

const KEEP = 500;

/**
 * "Bus Activity": the newest messages on the bus, for extension authors. Filter by a channel
 * glob or an extension id; the view only records while it exists, and keeps a bounded ring.
 */
export class BusActivityView implements vscode.TreeDataProvider<BusMessage>, vscode.Disposable {
  private readonly messages: BusMessage[] = [];
  private filter = '';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly tap: vscode.Disposable;

  constructor(bus: MessageBus) {
    const sub = bus.use((m) => this.record(m));
    this.tap = new vscode.Disposable(() => sub.dispose());
  }

  setFilter(filter: string): void {
    this.filter = filter.trim();
    this.changed.fire();
  }

  clear(): void {
    this.messages.length = 0;
    this.changed.fire();
  }

  getTreeItem(m: BusMessage): vscode.TreeItem {
    const item = new vscode.TreeItem(m.channel, vscode.TreeItemCollapsibleState.None);
    item.description = `${m.sender} · ${new Date(m.timestamp).toLocaleTimeString()}`;
    const data = safeJson(m.data);
    item.tooltip = new vscode.MarkdownString(`**${m.channel}** from \`${m.sender}\`${m.correlationId ? ` (request ${m.correlationId})` : ''}\n\n\`\`\`json\n${data}\n\`\`\``);
    item.iconPath = new vscode.ThemeIcon(m.correlationId ? 'arrow-swap' : 'broadcast');
    return item;
  }

  getChildren(): BusMessage[] {
    const matches = this.filter.includes('/') || /[*?]/.test(this.filter) ? channelMatcher(this.filter) : undefined;
    const shown = this.filter
      ? this.messages.filter((m) => (matches ? matches(m.channel) : m.sender === this.filter || m.channel.startsWith(this.filter)))
      : this.messages;
    return [...shown].reverse();
  }

  dispose(): void {
    this.tap.dispose();
    this.changed.dispose();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }

  private record(m: BusMessage): void {
    this.messages.push(m);
    if (this.messages.length > KEEP) this.messages.splice(0, this.messages.length - KEEP);
    // Coalesce bursts into one refresh so a busy channel cannot flood the UI thread.
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire();
    }, 100);
  }
}

function safeJson(data: unknown): string {
  try {
    const text = JSON.stringify(data, null, 2) ?? String(data);
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  } catch {
    return String(data);
  }
}

/** Registers the view and its commands; the bus is the host's single instance. */
export function registerBusActivity(bus: MessageBus): vscode.Disposable & { readonly view: BusActivityView } {
  const view = new BusActivityView(bus);
  const registration = vscode.Disposable.from(
    view,
    vscode.window.registerTreeDataProvider('symphony.busActivity', view),
    vscode.commands.registerCommand('symphony.showBusActivity', () => vscode.commands.executeCommand('symphony.busActivity.focus')),
    vscode.commands.registerCommand('symphony.filterBusActivity', async () => {
      const filter = await vscode.window.showInputBox({ title: 'Filter Bus Activity', prompt: 'A channel glob (git/*) or an extension id; empty shows everything' });
      if (filter !== undefined) view.setFilter(filter);
    }),
    vscode.commands.registerCommand('symphony.clearBusActivity', () => view.clear()),
  );
  return { view, dispose: () => registration.dispose() };
}

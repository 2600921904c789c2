import * as vscode from 'vscode';
import type { BaseExtension, ExtensionHost } from '../../core/extensions';
import type { BusPort } from '../../core/sandbox';
import { hostCommandId } from './keybinding-translation';

/** A status bar item as a sub-extension declared it and as it shows now. */
export interface StatusBarItemInfo {
  extension: string;
  id: string;
  text: string;
  tooltip: string | undefined;
  /** The VS Code command a click runs (`symphony.ext.<extension>.<command>`), if any. */
  command: string | undefined;
  alignment: 'left' | 'right';
  priority: number | undefined;
}

/** The channel a sub-extension publishes on to change one of its items: `statusbar/<extension>/<item>`. */
export const STATUS_BAR_CHANNEL = 'statusbar/**';

/**
 * Shows each active sub-extension's `[[status_bar]]` items. They are created when the extension
 * becomes Active and live in its disposable store, so deactivation, reload and failure remove
 * them. At run time an extension changes an item's text or tooltip by publishing
 * `{ text?, tooltip? }` (or a string) on `statusbar/<extension>/<item>` on the message bus,
 * which needs `bus.publish` on that channel; only the item's own extension can change it.
 */
export class StatusBarItems implements vscode.Disposable {
  private readonly live = new Map<string, { item: vscode.StatusBarItem; info: StatusBarItemInfo }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(host: ExtensionHost, bus: BusPort | undefined, private readonly log: (id: string) => vscode.LogOutputChannel) {
    this.subscriptions.push(host.onDidChangeState(({ extension, change }) => {
      if (change.to === 'Active') this.show(extension);
    }));
    for (const ext of host.list()) if (ext.state === 'Active') this.show(ext);
    if (bus) this.subscriptions.push(bus.subscribe('symphony', STATUS_BAR_CHANNEL, (m) => this.onMessage(m)));
  }

  /** Every item on the status bar now, in creation order. */
  items(): StatusBarItemInfo[] {
    return [...this.live.values()].map((v) => ({ ...v.info }));
  }

  private show(ext: BaseExtension): void {
    const commands = new Set(ext.manifest.commands.map((c) => c.id));
    for (const decl of ext.manifest.status_bar) {
      const key = `${ext.id}\u0000${decl.id}`;
      this.live.get(key)?.item.dispose();
      let command: string | undefined;
      if (decl.command) {
        // The declared command, in this extension's namespace (the id VS Code knows it by).
        const own = decl.command.startsWith(`symphony.ext.${ext.id}.`) ? decl.command.slice(`symphony.ext.${ext.id}.`.length) : decl.command;
        if (commands.has(own)) command = hostCommandId(ext.id, own);
        else this.log(ext.id).warn(`status_bar item "${decl.id}": command "${decl.command}" is not one of this extension's [[commands]]; the item is shown without a click action`);
      }
      const alignment = decl.alignment === 'right' ? vscode.StatusBarAlignment.Right : vscode.StatusBarAlignment.Left;
      const item = vscode.window.createStatusBarItem(`symphony.ext.${ext.id}.${decl.id}`, alignment, decl.priority);
      item.name = `${ext.manifest.package.display_name ?? ext.id}: ${decl.id}`;
      item.text = decl.text;
      item.tooltip = decl.tooltip;
      item.command = command;
      item.show();
      const info: StatusBarItemInfo = { extension: ext.id, id: decl.id, text: decl.text, tooltip: decl.tooltip, command, alignment: decl.alignment, priority: decl.priority };
      this.live.set(key, { item, info });
      ext.store.add({
        dispose: () => {
          if (this.live.get(key)?.item !== item) return;
          item.dispose();
          this.live.delete(key);
        },
      });
    }
  }

  private onMessage(m: { channel: string; data: unknown }): void {
    const [, extension, itemId] = m.channel.split('/');
    const sender = (m as { sender?: string }).sender;
    const entry = this.live.get(`${extension}\u0000${itemId}`);
    if (!extension || !itemId || !entry) return;
    // The bus names the real sender; an extension may only change its own items.
    if (sender !== undefined && sender !== extension) {
      this.log(sender).warn(`published on ${m.channel}, which belongs to ${extension}; status bar items change only for their own extension`);
      return;
    }
    const data = typeof m.data === 'string' ? { text: m.data } : (m.data as { text?: unknown; tooltip?: unknown } | null);
    if (typeof data?.text === 'string') entry.item.text = entry.info.text = data.text.slice(0, 500);
    if (typeof data?.tooltip === 'string') entry.item.tooltip = entry.info.tooltip = data.tooltip.slice(0, 5000);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const { item } of this.live.values()) item.dispose();
    this.live.clear();
  }
}

import { type Disposable, DisposableStore, toDisposable } from '../base/disposable';
import { HostChannels, type BusMessage } from '../bus/bus-message';
import { broadcast } from '../bus/host-broadcasts';
import type { MessageBus } from '../bus/message-bus';
import { undeclaredEmitMiddleware } from '../bus/middleware';
import type { EffectiveManifest } from '../manifest/index';
import { PermissionSet } from '../security/permission-set';
import type { ExtensionHost } from './extension-host';

/** What a `subscribes_to` handler receives: the command named after the pattern is called with it. */
export interface ExtensionEvent {
  channel: string;
  sender: string;
  data: unknown;
  timestamp: number;
}

export interface ExtensionEventsOptions {
  /** Resolves relative scopes of the extensions' permissions (only channel scopes matter here). */
  workspaceRoot?: string;
  log?: (extension: string, level: 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * Connects every loadable extension's `[events]` table to the bus:
 * - each `subscribes_to` pattern the extension may subscribe to (`bus.subscribe`) gets a host-held
 *   subscription in the extension's name; a message on it activates the extension first when
 *   `onEvent:<channel>` (or a glob covering it) is declared, then calls the extension's command
 *   named after the pattern with an ExtensionEvent. Messages for an inactive extension that no
 *   activation event covers are not delivered; nor are an extension's own messages;
 * - an `onEvent:<channel>` activation event without a matching `subscribes_to` wakes the extension;
 * - a publish on a channel outside `emits` is logged against the extension, once per channel.
 */
export function routeExtensionEvents(host: ExtensionHost, bus: MessageBus, options: ExtensionEventsOptions = {}): Disposable {
  const log = options.log ?? (() => undefined);
  const routes = new Map<string, { manifest: EffectiveManifest; store: DisposableStore }>();
  const sync = () => {
    const present = new Set<string>();
    for (const ext of host.list()) {
      present.add(ext.id);
      if (routes.get(ext.id)?.manifest === ext.manifest) continue;
      routes.get(ext.id)?.store.dispose();
      routes.set(ext.id, { manifest: ext.manifest, store: subscribeExtension(host, bus, ext.id, ext.manifest, options.workspaceRoot ?? ext.manifest.dir, log) });
    }
    for (const [id, route] of routes) {
      if (present.has(id)) continue;
      route.store.dispose();
      routes.delete(id);
    }
  };
  sync();
  const store = new DisposableStore();
  store.add(host.onDidChangeExtensions(sync));
  store.add(
    bus.use(
      undeclaredEmitMiddleware(
        (sender) => host.get(sender)?.manifest.events.emits,
        (sender, channel) => log(sender, 'warn', `published on "${channel}", which [events] emits does not list (${host.get(sender)?.manifest.events.emits.join(', ')}); add it so other extensions can rely on it`),
      ),
    ),
  );
  store.add(toDisposable(() => {
    for (const route of routes.values()) route.store.dispose();
    routes.clear();
  }));
  return store;
}

function subscribeExtension(host: ExtensionHost, bus: MessageBus, id: string, manifest: EffectiveManifest, workspaceRoot: string, log: NonNullable<ExtensionEventsOptions['log']>): DisposableStore {
  const store = new DisposableStore();
  const patterns = manifest.events.subscribes_to;
  // `onEvent:<channel>` without a matching `subscribes_to`: the message only wakes the extension
  // (its own symphony.bus.subscribe calls take over from there). Service channels wake providers
  // through the service registry instead.
  for (const raw of manifest.runtime.activation_events) {
    const channel = raw.startsWith('onEvent:') ? raw.slice('onEvent:'.length) : '';
    if (!channel || channel.startsWith('service/') || patterns.includes(channel)) continue;
    try {
      store.add(
        bus.subscribe(id, channel, async (message) => {
          const ext = host.get(id);
          if (!ext || ext.state === 'Active' || message.sender === id) return;
          await host.activate(id).catch((e: unknown) => log(id, 'error', `could not be activated for "${message.channel}": ${e instanceof Error ? e.message : String(e)}`));
        }),
      );
    } catch (e) {
      log(id, 'warn', `activation event "${raw}": ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!patterns.length) return store;
  const { set } = PermissionSet.from(manifest.security.permissions, { workspaceRoot, extensionDir: manifest.dir });
  // Patterns whose command the extension's code did not register; forgotten on each activation.
  const noHandler = new Set<string>();
  store.add(host.onDidChangeState(({ extension, change }) => {
    if (extension.id === id && change.to === 'Active') noHandler.clear();
  }));
  for (const pattern of patterns) {
    const check = set.check('bus.subscribe', pattern);
    if (!check.inScope) {
      log(id, 'warn', `[events] subscribes_to "${pattern}" is not delivered: add { name = "bus.subscribe", scope = ["${pattern}"] } to [security] permissions`);
      continue;
    }
    const deliver = async (message: BusMessage) => {
      if (message.sender === id) return;
      const ext = host.get(id);
      if (!ext) return;
      if (ext.state !== 'Active') {
        if (!ext.activation.matches({ kind: 'event', name: message.channel })) return;
        try {
          await host.activate(id);
        } catch (e) {
          log(id, 'error', `could not be activated for "${message.channel}": ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
      }
      if (!ext.running || noHandler.has(pattern)) return;
      const event: ExtensionEvent = { channel: message.channel, sender: message.sender, data: message.data, timestamp: message.timestamp };
      try {
        await ext.running.invoke(pattern, event);
      } catch (e) {
        if ((e as { code?: unknown }).code === 'CommandNotFound') {
          noHandler.add(pattern);
          log(id, 'info', `[events] subscribes_to "${pattern}": register a command named "${pattern}" to receive these messages (symphony.commands.register("${pattern}", (event) => …))`);
          return;
        }
        log(id, 'warn', `the handler of "${pattern}" failed on "${message.channel}": ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    try {
      store.add(bus.subscribe(id, pattern, deliver));
    } catch (e) {
      log(id, 'warn', `[events] subscribes_to "${pattern}": ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return store;
}

/** Publishes extension activations and deactivations on HostChannels, as the host. */
export function broadcastLifecycle(host: ExtensionHost, bus: MessageBus): Disposable {
  return host.onDidChangeState(({ extension, change }) => {
    const about = { id: extension.id, version: extension.manifest.version, kind: extension.kindLabel };
    try {
      if (change.to === 'Active') broadcast(bus, HostChannels.extensionActivated, { ...about, activationMs: extension.activationMs });
      else if (change.to === 'Inactive') broadcast(bus, HostChannels.extensionDeactivated, about);
    } catch {
      // A full subscriber queue (policy "reject") must not break the lifecycle transition itself.
    }
  });
}

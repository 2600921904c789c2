import type { Disposable } from '../base/disposable';
import { Emitter, type Event } from '../base/event';
import type { EffectiveManifest } from '../manifest/index';
import type { ActivationTrigger } from './activation-events';
import { discoverExtensions, type ExtensionRoot } from './discover-extensions';
import type { ExtensionRuntime } from './extension-runtime';
import type { StateChange } from './extension-state';
import { ManifestCache } from './manifest-cache';
import { resolveDependencies, type ExtensionProblem, type Resolution } from './resolve-dependencies';
import { type BaseExtension, createExtension, DEFAULT_HOOK_TIMEOUT_MS, type ExtensionLog } from './symphony-extension';

export interface ExtensionHostOptions {
  /** Where to look, in override order (built-in, user, workspace). Called on every refresh. */
  roots: () => ExtensionRoot[];
  runtime: ExtensionRuntime;
  /** A logger per extension (the editor gives each its own output channel). */
  logFor: (id: string) => ExtensionLog;
  hostVersion?: string;
  hookTimeoutMs?: number;
}

/** A command some sub-extension contributes. */
export interface ContributedCommand {
  extension: string;
  id: string;
  title: string;
  category?: string;
}

/** A command that no extension (able to load) contributes. */
export class UnknownCommandError extends Error {
  constructor(readonly command: string) {
    super(`no loaded Symphony extension contributes the command "${command}"; see "symphony extensions list" for problems`);
    this.name = 'UnknownCommandError';
  }
}

/**
 * Symphony's own extension host: discovers sub-extensions, resolves their order, activates them
 * lazily when their activation events fire (dependencies first), and runs their commands.
 * One broken extension never stops the others.
 */
export class ExtensionHost implements Disposable {
  private readonly cache = new ManifestCache();
  private readonly extensions = new Map<string, BaseExtension>();
  private resolution: Resolution = { extensions: [], loadOrder: [], problems: [], blocked: new Map(), dependsOn: new Map() };
  private readonly changed = new Emitter<void>();
  private readonly stateChanged = new Emitter<{ extension: BaseExtension; change: StateChange }>();
  /** Fires after a refresh changed the set of extensions. */
  readonly onDidChangeExtensions: Event<void> = this.changed.event;
  /** Fires on every lifecycle transition. */
  readonly onDidChangeState: Event<{ extension: BaseExtension; change: StateChange }> = this.stateChanged.event;

  constructor(private readonly options: ExtensionHostOptions) {}

  get problems(): ExtensionProblem[] {
    return this.resolution.problems;
  }

  get loadOrder(): string[] {
    return this.resolution.loadOrder;
  }

  /** Every loadable extension, in load order. */
  list(): BaseExtension[] {
    return this.resolution.loadOrder.map((id) => this.extensions.get(id)!).filter(Boolean);
  }

  get(id: string): BaseExtension | undefined {
    return this.extensions.get(id);
  }

  /** Why an extension cannot load, if it cannot. */
  blockedReason(id: string): string | undefined {
    return this.resolution.blocked.get(id);
  }

  /**
   * Re-reads manifests (only changed ones are parsed again) and re-resolves. Extensions whose
   * manifest changed are deactivated and replaced; the others keep running untouched.
   */
  async refresh(): Promise<Resolution> {
    const found = discoverExtensions(this.options.roots(), this.cache);
    const resolution = resolveDependencies(found, this.options.hostVersion);
    const loadable = new Set(resolution.loadOrder);
    const next = new Map<string, BaseExtension>();
    for (const ext of resolution.extensions) {
      if (!ext.manifest || !loadable.has(ext.id)) continue;
      const current = this.extensions.get(ext.id);
      if (current && sameManifest(current.manifest, ext.manifest)) {
        next.set(ext.id, current);
        continue;
      }
      if (current) await current.unload();
      const created = createExtension({ ...ext, manifest: ext.manifest }, this.options.logFor(ext.id), (e, change) => this.stateChanged.fire({ extension: e, change }));
      created.load();
      next.set(ext.id, created);
    }
    for (const [id, old] of this.extensions) if (!next.has(id)) await old.unload();
    this.extensions.clear();
    for (const [id, ext] of next) this.extensions.set(id, ext);
    this.resolution = resolution;
    this.changed.fire();
    return resolution;
  }

  /** Activates every extension the trigger concerns, in load order. Failures are logged, not thrown. */
  async fire(trigger: ActivationTrigger): Promise<BaseExtension[]> {
    const woken: BaseExtension[] = [];
    for (const ext of this.list()) {
      if (ext.state === 'Active' || !ext.activation.matches(trigger)) continue;
      try {
        await this.activate(ext.id);
        woken.push(ext);
      } catch {
        // The extension is Failed and its log says why; the others go on.
      }
    }
    return woken;
  }

  /** Activates an extension after its dependencies. */
  async activate(id: string, chain: string[] = []): Promise<void> {
    const ext = this.extensions.get(id);
    if (!ext) throw new Error(this.blockedReason(id) ?? `no Symphony extension "${id}" is installed`);
    if (chain.includes(id)) return;
    for (const dep of this.resolution.dependsOn.get(id) ?? []) {
      if (this.extensions.has(dep)) await this.activate(dep, [...chain, id]);
    }
    await ext.activate(this.options.runtime, this.options.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS);
  }

  async deactivate(id: string): Promise<void> {
    await this.extensions.get(id)?.deactivate(this.options.hookTimeoutMs);
  }

  /** Deactivates and activates again (hot reload), re-reading the manifest first. */
  async reload(id: string): Promise<void> {
    const wasActive = this.extensions.get(id)?.state === 'Active';
    await this.deactivate(id);
    this.cache.forget(this.extensions.get(id)?.manifest.file ?? '');
    await this.refresh();
    if (wasActive && this.extensions.has(id)) await this.activate(id);
  }

  /** Every command contributed by a loadable extension. */
  commands(): ContributedCommand[] {
    return this.list().flatMap((e) => e.manifest.commands.map((c) => ({ extension: e.id, id: c.id, title: c.title ?? c.id, category: c.category })));
  }

  /** Runs a contributed command: activates its extension if needed, then invokes it in the sandbox. */
  async executeCommand(commandId: string, args?: unknown): Promise<unknown> {
    const owner = this.list().find((e) => e.manifest.commands.some((c) => c.id === commandId));
    if (!owner) throw new UnknownCommandError(commandId);
    await this.fire({ kind: 'command', id: commandId });
    if (owner.state !== 'Active') await this.activate(owner.id);
    if (!owner.running) throw new Error(`${owner.id} has no code to run "${commandId}" (its manifest has no runtime.entry)`);
    return owner.running.invoke(commandId, args);
  }

  async dispose(): Promise<void> {
    for (const ext of [...this.list()].reverse()) await ext.unload().catch(() => undefined);
    this.extensions.clear();
    this.changed.dispose();
    this.stateChanged.dispose();
  }
}

function sameManifest(a: EffectiveManifest, b: EffectiveManifest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

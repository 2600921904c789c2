import { DisposableStore } from '../base/disposable';
import type { Diagnostic } from '../base/diagnostic';
import type { EffectiveManifest } from '../manifest/index';
import { ActivationEvents } from './activation-events';
import type { DiscoveredExtension, ExtensionSource } from './discover-extensions';
import type { ExtensionRuntime, RunningExtension } from './extension-runtime';
import { Lifecycle, type StateChange } from './extension-state';

/** A line an extension logged, or the host logged about it. */
export type ExtensionLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** How long a lifecycle hook may take before the extension is marked Failed. */
export const DEFAULT_HOOK_TIMEOUT_MS = 5000;

/**
 * One sub-extension: its manifest, its lifecycle, what it registered (a DisposableStore disposed
 * on deactivation) and, while active, its running code.
 */
export abstract class BaseExtension {
  readonly lifecycle: Lifecycle;
  readonly activation: ActivationEvents;
  /** Everything registered on the extension's behalf; cleared when it deactivates. */
  readonly store = new DisposableStore();
  running: RunningExtension | undefined;
  activationMs: number | undefined;
  private activating: Promise<void> | undefined;

  constructor(
    readonly manifest: EffectiveManifest,
    readonly source: ExtensionSource,
    readonly diagnostics: Diagnostic[],
    protected readonly log: ExtensionLog,
    onChange?: (ext: BaseExtension, change: StateChange) => void,
  ) {
    this.lifecycle = new Lifecycle(manifest.id, (c) => onChange?.(this, c));
    this.activation = new ActivationEvents(manifest);
  }

  get id(): string {
    return this.manifest.id;
  }

  get state() {
    return this.lifecycle.state;
  }

  abstract get kindLabel(): string;

  /** Marks the manifest as read and ready; no code runs yet. */
  load(): void {
    if (this.state === 'Loaded' || this.state === 'Active') return;
    this.lifecycle.move('Loading');
    this.lifecycle.move('Loaded');
  }

  /** Starts the extension's code and runs its on_activate hook (once, however often it is asked). */
  activate(runtime: ExtensionRuntime, hookTimeoutMs = DEFAULT_HOOK_TIMEOUT_MS): Promise<void> {
    if (this.state === 'Active') return Promise.resolve();
    this.activating ??= this.doActivate(runtime, hookTimeoutMs).finally(() => (this.activating = undefined));
    return this.activating;
  }

  private async doActivate(runtime: ExtensionRuntime, hookTimeoutMs: number): Promise<void> {
    if (this.state === 'Failed' || this.state === 'Unloaded' || this.state === 'Discovered') this.load();
    this.lifecycle.move('Activating');
    const started = performance.now();
    try {
      if (this.manifest.runtime.entry && this.manifest.runtime.language === 'js') {
        this.running = await runtime.start({ manifest: this.manifest, source: this.source, log: this.log });
        this.store.add(this.running);
        const { on_load, on_activate } = this.manifest.lifecycle;
        for (const hook of [on_load, on_activate]) if (hook) await withTimeout(this.running.callHook?.(hook, hookTimeoutMs), hookTimeoutMs, `${this.id}: lifecycle hook "${hook}"`);
      }
      this.activationMs = performance.now() - started;
      this.lifecycle.move('Active');
      this.log('info', `activated in ${this.activationMs.toFixed(1)} ms`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.store.clear();
      this.running = undefined;
      this.lifecycle.fail(message);
      this.log('error', `activation failed: ${message}`);
      throw e;
    }
  }

  /** Runs on_deactivate (bounded), stops the code and disposes everything the extension registered. */
  async deactivate(hookTimeoutMs = DEFAULT_HOOK_TIMEOUT_MS): Promise<void> {
    if (this.activating) await this.activating.catch(() => undefined);
    if (this.state !== 'Active') return;
    this.lifecycle.move('Deactivating');
    const hook = this.manifest.lifecycle.on_deactivate;
    try {
      if (hook && this.running?.callHook) await withTimeout(this.running.callHook(hook, hookTimeoutMs), hookTimeoutMs, `${this.id}: lifecycle hook "${hook}"`);
    } catch (e) {
      this.log('warn', `${hook} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.store.clear();
      this.running = undefined;
      this.lifecycle.move('Inactive');
    }
  }

  async unload(): Promise<void> {
    await this.deactivate();
    if (this.lifecycle.canMove('Unloaded')) this.lifecycle.move('Unloaded');
    this.store.dispose();
  }
}

/** Editor features: commands, views, menus, keybindings, settings, events. */
export class IDEExtension extends BaseExtension {
  get kindLabel() {
    return 'IDE';
  }
}

/** AI extensions; one subclass per AIDE type. */
export abstract class AIDEExtension extends BaseExtension {
  get kindLabel() {
    return `AIDE ${this.manifest.type}`;
  }
}

/** A model provider for AI operators. */
export class InstrumentExtension extends AIDEExtension {
  get model() {
    return this.manifest.model;
  }
}

/** A node type for melodies (JS in the sandbox, or Python). */
export class OperatorExtension extends AIDEExtension {
  /**
   * The operator id on the board, `<extension>.<operator>`: the extension's first command in its
   * own namespace (the handler the host calls with items), else `<extension>.run`.
   */
  get operatorId(): string {
    return this.manifest.commands.find((c) => c.id.startsWith(`${this.id}.`))?.id ?? `${this.id}.run`;
  }
}

/** UI described as VirtualNode trees, rendered by the host. */
export class AddonExtension extends AIDEExtension {}

/** A packaged workflow. */
export class MelodyExtension extends AIDEExtension {
  get workflowFile(): string | undefined {
    return this.manifest.workflow?.file;
  }
}

/** The class for a discovered, valid extension. */
export function createExtension(found: DiscoveredExtension & { manifest: EffectiveManifest }, log: ExtensionLog, onChange?: (ext: BaseExtension, change: StateChange) => void): BaseExtension {
  const args = [found.manifest, found.source, found.diagnostics, log, onChange] as const;
  if (found.manifest.kind === 'ide') return new IDEExtension(...args);
  switch (found.manifest.type) {
    case 'instrument':
      return new InstrumentExtension(...args);
    case 'operator':
      return new OperatorExtension(...args);
    case 'melody':
      return new MelodyExtension(...args);
    default:
      return new AddonExtension(...args);
  }
}

async function withTimeout<T>(promise: Promise<T> | undefined, ms: number, what: string): Promise<T | undefined> {
  if (!promise) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

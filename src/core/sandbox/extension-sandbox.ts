import * as fs from 'node:fs';
import { closest } from '../base/diagnostic';
import type { Disposable } from '../base/disposable';
import { SandboxError } from './sandbox-error';
import { chooseEngine, type SandboxedExtension } from './sandboxed-extension';
import { snapshotModules } from './module-snapshot';
import { disableNetworkNamespace } from './network-namespace';
import { disablePermissionFlag } from './sandbox-launch';
import type { ExitInfo } from './sandbox-process';
import { InvokeRequest, LoadRequest, ProbeRequest, UnloadRequest, type EngineKind, type ProbeResult } from './sandbox-protocol';
import type { CapabilityBroker } from './capability-broker';
import type { HostedProcess, SandboxRuntime } from './sandbox-runtime';

/** How long a sandbox may sit without calls before it is stopped, unless `idleMs` says otherwise. */
export const DEFAULT_IDLE_MS = 5 * 60_000;

/**
 * One running sub-extension, as the host sees it: call its commands; the sandbox behind it is
 * (re)started as needed, with backoff after crashes.
 */
export class ExtensionSandbox implements Disposable {
  readonly engine: EngineKind;
  readonly broker: CapabilityBroker;
  /** Command ids the extension registered when it activated. */
  commands: string[] = [];
  /** @internal */
  hosted: HostedProcess | undefined;
  private loading: Promise<void> | undefined;
  private readonly crashes: number[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private inflight = 0;
  private retriedWithoutFlags = false;
  private disposed = false;

  constructor(
    readonly ext: SandboxedExtension,
    private readonly runtime: SandboxRuntime,
    private readonly registration: Disposable,
  ) {
    const choice = chooseEngine(ext);
    this.engine = choice.engine;
    if (choice.note) runtime.log(ext.id, 'warn', choice.note);
    this.broker = runtime.createBroker(this);
  }

  get id(): string {
    return this.ext.id;
  }

  /** The child's process id while it runs. */
  get pid(): number | undefined {
    return this.hosted?.process.alive ? this.hosted.process.pid : undefined;
  }

  /** Loads and activates the extension unless it already runs. */
  async ensureLoaded(): Promise<void> {
    if (this.disposed) throw new SandboxError('SandboxUnavailable', `${this.id} was stopped`);
    if (this.hosted?.process.alive) return;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const { restart } = this.runtime;
    const now = Date.now();
    while (this.crashes.length && now - this.crashes[0]! > restart.windowMs) this.crashes.shift();
    if (this.crashes.length >= restart.maxCrashes) {
      throw new SandboxError('SandboxUnavailable', `${this.id} crashed ${this.crashes.length} times within ${restart.windowMs / 1000} s and was not restarted; fix the extension, then reload it`);
    }
    if (this.crashes.length) {
      const delay = Math.min(restart.maxMs, restart.baseMs * 2 ** (this.crashes.length - 1));
      await new Promise((r) => setTimeout(r, delay));
    }
    const { ext } = this;
    const entry = fs.realpathSync.native(ext.entry);
    const dir = fs.realpathSync.native(ext.dir);
    const shared = this.engine === 'quickjs';
    const files = shared ? snapshotModules(dir) : undefined;
    if (files && !(entry in files)) throw new SandboxError('ActivationFailed', `the entry ${entry} is not a .js, .cjs or .json file inside ${dir}`);
    const hosted = this.runtime.acquireProcess(this, shared);
    this.hosted = hosted;
    try {
      const result = await hosted.process.request(
        LoadRequest,
        { extension: ext.id, dir, entry, engine: this.engine, memoryMb: ext.limits.memoryMb, cpuMs: ext.limits.cpuMs, files },
        ext.limits.timeoutMs,
        () => this.timeout('activation'),
      );
      this.commands = result.commands;
    } catch (e) {
      this.detach();
      const process = hosted.process;
      const diedAtStart = process.exit !== undefined && !process.exit.killed && !process.hasAnswered;
      if (diedAtStart && (process.usesPermissionFlag || process.usesNetworkNamespace) && !this.retriedWithoutFlags) {
        // Node's permission flags and the network namespace are seat belts, never requirements:
        // a system that cannot start a child with them gets children without them.
        this.retriedWithoutFlags = true;
        const dropped = [];
        if (process.usesPermissionFlag) {
          disablePermissionFlag(process.executable);
          dropped.push("Node's permission flags");
        }
        if (process.usesNetworkNamespace) {
          disableNetworkNamespace(process.executable);
          dropped.push('a network namespace of its own');
        }
        this.runtime.log(this.id, 'warn', `the sandbox could not start with ${dropped.join(' and ')} (${process.exit?.message ?? 'unknown'}); continuing without them`);
        return this.load();
      }
      throw SandboxError.from(e, 'ActivationFailed');
    }
  }

  private timeout(what: string, ms = this.ext.limits.timeoutMs, field = 'performance.limits.timeout_s'): SandboxError {
    const seconds = ms / 1000;
    const hosted = this.hosted;
    if (hosted && !hosted.shared) {
      // A vm2 or plain-Node guest cannot be interrupted from outside: its child is stopped, and
      // that counts as a crash for the restart backoff.
      this.crashes.push(Date.now());
      this.hosted = undefined;
      this.broker.dispose();
      hosted.process.kill('CallTimeout', `${this.id}: ${what} did not finish within ${seconds} s (${field}); the sandbox was stopped and restarts on the next call`);
    }
    return new SandboxError('CallTimeout', `${this.id}: ${what} did not finish within ${seconds} s (${field})`);
  }

  /** Runs a command in the sandbox. Rejects with a SandboxError (PermissionDenied, CallTimeout, …). */
  async invoke(command: string, args?: unknown, retried = false): Promise<unknown> {
    this.inflight++;
    clearTimeout(this.idleTimer);
    try {
      await this.ensureLoaded();
      const hosted = this.hosted!;
      try {
        const own = this.ext.commandTimeouts?.[command];
        const ms = own ?? this.ext.limits.timeoutMs;
        const field = own !== undefined ? `the timeout of command "${command}"` : 'performance.limits.timeout_s';
        return await hosted.process.request(InvokeRequest, { extension: this.id, command, args: args ?? null }, ms, () => this.timeout(`"${command}"`, ms, field));
      } catch (e) {
        const err = SandboxError.from(e);
        if (err.code === 'CommandNotFound') {
          const guess = closest(command, this.commands);
          throw new SandboxError('CommandNotFound', `${this.id} registers no command "${command}"${guess ? `; did you mean "${guess}"?` : this.commands.length ? `; it registers ${this.commands.join(', ')}` : ''}`);
        }
        if (hosted.shared && hosted.process.alive) {
          // A QuickJS instance stopped by its limits is replaced before the next call; one that
          // was stopped earlier (in a timer) is replaced now and the call runs on the new one.
          if (err.code === 'CallTimeout' || err.code === 'OutOfMemory') this.unloadFrom(hosted);
          if (err.code === 'SandboxUnavailable' && !retried) {
            this.unloadFrom(hosted);
            return await this.invoke(command, args, true);
          }
        }
        throw err;
      }
    } finally {
      this.inflight--;
      this.scheduleIdle();
    }
  }

  /** What the child's own realm looks like (tests use it to prove nothing was polluted). */
  async probe(): Promise<ProbeResult> {
    await this.ensureLoaded();
    return this.hosted!.process.connection.sendRequest(ProbeRequest);
  }

  private scheduleIdle(): void {
    const idleMs = this.runtime.options.idleMs ?? DEFAULT_IDLE_MS;
    if (!idleMs || this.inflight > 0 || this.disposed) return;
    this.idleTimer = setTimeout(() => {
      if (this.inflight === 0 && this.hosted) this.unloadFrom(this.hosted);
    }, idleMs);
    this.idleTimer.unref();
  }

  private unloadFrom(hosted: HostedProcess): void {
    if (this.hosted !== hosted) return;
    this.detach();
    if (hosted.process.alive && hosted.members.size > 0) void hosted.process.request(UnloadRequest, { extension: this.id }).catch(() => undefined);
  }

  private detach(): void {
    const hosted = this.hosted;
    this.hosted = undefined;
    this.broker.dispose();
    if (hosted) this.runtime.releaseProcess(hosted, this.id);
  }

  /** @internal The child died: count the crash (unless we stopped it), forget it; the next call restarts. */
  processExited(hosted: HostedProcess, info: ExitInfo): void {
    if (this.hosted !== hosted) return;
    this.hosted = undefined;
    this.broker.dispose();
    if (info.code !== 'SandboxUnavailable') {
      this.crashes.push(Date.now());
      this.runtime.reportError(this.id, 'uncaughtException', info.message);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.idleTimer);
    if (this.hosted) this.unloadFrom(this.hosted);
    this.broker.dispose();
    this.registration.dispose();
    this.runtime.forget(this.id);
  }
}

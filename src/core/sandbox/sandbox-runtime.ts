// Runs sub-extensions out of process. Moderate (vm2) and plain-Node extensions get a child each;
// strict (QuickJS) ones share children, one WebAssembly instance per extension. Crashes, hangs
// and memory overruns fail the call at hand with a clear error and restart the sandbox with
// backoff on the next call; they never reach the host or other extensions' children.
import * as fs from 'node:fs';
import type { Disposable } from '../base/disposable';
import { Emitter, type Event } from '../base/event';
import type { PermissionGate } from '../security/permission-gate';
import { PermissionSet } from '../security/permission-set';
import { CapabilityBroker } from './capability-broker';
import type { HostServices } from './host-services';
import type { LaunchOptions } from './sandbox-launch';
import { SandboxError } from './sandbox-error';
import { DEFAULT_PROCESS_LIMITS, SandboxProcess, type ProcessLimits } from './sandbox-process';
import {
  BusEventNotification,
  CapabilityRequest,
  GuestErrorNotification,
  LogNotification,
  type EngineKind,
  type GuestErrorParams,
  type LogParams,
} from './sandbox-protocol';
import { DEFAULT_IDLE_MS, ExtensionSandbox } from './extension-sandbox';
import type { SandboxedExtension } from './sandboxed-extension';

/** Restart policy after a crash: exponential backoff, and a stop after too many crashes. */
export interface RestartPolicy {
  baseMs: number;
  maxMs: number;
  maxCrashes: number;
  windowMs: number;
}

export interface SandboxRuntimeOptions {
  gate: PermissionGate;
  workspaceRoot: string;
  launch: LaunchOptions;
  services?: HostServices;
  processLimits?: Partial<ProcessLimits>;
  /** Resident memory allowed for a child beyond what its extensions declare, MiB. */
  baseRssMb?: number;
  /** How many strict extensions share one child. */
  strictPerProcess?: number;
  restart?: Partial<RestartPolicy>;
  /** Stop an extension's sandbox after this long without calls (default 5 minutes; 0: never). */
  idleMs?: number;
}

/** One child and the extensions it hosts. */
export interface HostedProcess {
  process: SandboxProcess;
  shared: boolean;
  members: Map<string, ExtensionSandbox>;
}

/** The sandbox runtime of one host (the editor, or one CLI run). */
export class SandboxRuntime implements Disposable {
  private readonly logEmitter = new Emitter<LogParams>();
  private readonly errorEmitter = new Emitter<GuestErrorParams>();
  /** Guest console output and runtime notes, per extension. */
  readonly onDidLog: Event<LogParams> = this.logEmitter.event;
  /** Errors guests raised outside calls (timers, rejections) and sandbox crashes. */
  readonly onDidReportError: Event<GuestErrorParams> = this.errorEmitter.event;
  private readonly sandboxes = new Map<string, ExtensionSandbox>();
  private readonly processes = new Set<HostedProcess>();
  readonly restart: RestartPolicy;
  readonly limits: ProcessLimits;
  private disposed = false;

  constructor(readonly options: SandboxRuntimeOptions) {
    this.restart = { baseMs: 100, maxMs: 10_000, maxCrashes: 5, windowMs: 60_000, ...options.restart };
    this.limits = { ...DEFAULT_PROCESS_LIMITS, ...options.processLimits };
    if (!fs.existsSync(options.launch.workerPath)) {
      throw new SandboxError('SandboxUnavailable', `the sandbox worker ${options.launch.workerPath} is missing; build it with "npm run build"`);
    }
  }

  /** Registers the extension's permissions and activates it in its sandbox. */
  async start(ext: SandboxedExtension): Promise<ExtensionSandbox> {
    if (this.disposed) throw new SandboxError('SandboxUnavailable', 'the sandbox runtime was disposed');
    if (this.sandboxes.has(ext.id)) throw new SandboxError('ActivationFailed', `${ext.id} is already running`);
    const { set, diagnostics } = PermissionSet.from(ext.permissions, { workspaceRoot: this.options.workspaceRoot, extensionDir: ext.dir });
    for (const d of diagnostics) this.log(ext.id, 'warn', `${d.path ?? 'security.permissions'}: ${d.message}${d.fix ? ` (${d.fix})` : ''}`);
    const registration = this.options.gate.register(ext.id, set);
    const sandbox = new ExtensionSandbox(ext, this, registration);
    this.sandboxes.set(ext.id, sandbox);
    try {
      await sandbox.ensureLoaded();
    } catch (e) {
      sandbox.dispose();
      throw e;
    }
    return sandbox;
  }

  get(id: string): ExtensionSandbox | undefined {
    return this.sandboxes.get(id);
  }

  /** Live children, for the memory bench and leak tests. */
  get processCount(): number {
    return this.processes.size;
  }

  pids(): number[] {
    return [...this.processes].map((p) => p.process.pid).filter((p): p is number => p !== undefined);
  }

  /** @internal Finds or starts the child an extension should live in. */
  acquireProcess(sandbox: ExtensionSandbox, shared: boolean): HostedProcess {
    const perProcess = this.options.strictPerProcess ?? 8;
    if (shared) {
      for (const hosted of this.processes) {
        if (hosted.shared && hosted.process.alive && hosted.members.size < perProcess) {
          hosted.members.set(sandbox.id, sandbox);
          hosted.process.setRssCap(this.rssCap(hosted));
          return hosted;
        }
      }
    }
    const base = this.options.baseRssMb ?? 128;
    const limits: ProcessLimits = shared
      ? { ...this.limits, rssMb: base + sandbox.ext.limits.memoryMb }
      : { ...this.limits, heapMb: Math.max(32, sandbox.ext.limits.memoryMb), rssMb: base + sandbox.ext.limits.memoryMb };
    const hosted = this.spawn(shared, limits, shared ? [] : [sandbox.ext.dir], shared ? this.options.workspaceRoot : sandbox.ext.dir, sandbox.engine);
    hosted.members.set(sandbox.id, sandbox);
    return hosted;
  }

  /**
   * Starts a shared strict child ahead of need, so the next strict extension activates into a
   * running child (QuickJS already compiled and warmed). The editor calls this once it is idle.
   */
  prewarm(): void {
    const perProcess = this.options.strictPerProcess ?? 8;
    if (this.disposed || [...this.processes].some((h) => h.shared && h.process.alive && h.members.size < perProcess)) return;
    const hosted = this.spawn(true, { ...this.limits, rssMb: this.options.baseRssMb ?? 128 }, [], this.options.workspaceRoot, 'quickjs');
    // A child nobody moved into is stopped by the same idle policy as an extension's (it holds
    // ~5 MB); once an extension lives in it, the last one to leave stops it.
    const idleMs = this.options.idleMs ?? DEFAULT_IDLE_MS;
    if (!idleMs) return;
    const timer = setTimeout(() => {
      if (hosted.members.size > 0 || !this.processes.delete(hosted)) return;
      hosted.process.dispose();
    }, idleMs);
    timer.unref();
    hosted.process.onDidExit(() => clearTimeout(timer));
  }

  private spawn(shared: boolean, limits: ProcessLimits, readable: string[], cwd: string, engine: EngineKind): HostedProcess {
    const process = new SandboxProcess(this.options.launch, limits, readable, cwd, engine, (text) => {
      for (const m of hosted.members.keys()) this.log(m, 'debug', `[stderr] ${text.trimEnd()}`);
    });
    const hosted: HostedProcess = { process, shared, members: new Map() };
    this.processes.add(hosted);
    this.wire(hosted);
    return hosted;
  }

  /** @internal Removes an extension from its child; an empty child is stopped. */
  releaseProcess(hosted: HostedProcess, id: string): void {
    hosted.members.delete(id);
    if (hosted.members.size === 0) {
      this.processes.delete(hosted);
      hosted.process.dispose();
    } else {
      hosted.process.setRssCap(this.rssCap(hosted));
    }
  }

  private rssCap(hosted: HostedProcess): number {
    let sum = this.options.baseRssMb ?? 128;
    for (const m of hosted.members.values()) sum += m.ext.limits.memoryMb;
    return sum;
  }

  private wire(hosted: HostedProcess): void {
    const conn = hosted.process.connection;
    // Who is calling is decided by the host: a dedicated child speaks for its one extension; a
    // shared child only for the extensions it hosts (never for another child's).
    const member = (claimed: string): ExtensionSandbox | undefined =>
      hosted.shared ? hosted.members.get(claimed) : [...hosted.members.values()][0];
    conn.onRequest(CapabilityRequest, async (params) => {
      const sandbox = member(params.extension);
      if (!sandbox) throw new SandboxError('NotAllowed', `no extension "${params.extension}" runs in this sandbox`).toResponseError();
      try {
        return (await sandbox.broker.handle(params.name, params.args)) ?? null;
      } catch (e) {
        throw SandboxError.from(e, 'CapabilityFailed').toResponseError();
      }
    });
    conn.onNotification(LogNotification, (p) => {
      const sandbox = member(p.extension);
      if (sandbox) this.log(sandbox.id, p.level, p.message);
    });
    conn.onNotification(GuestErrorNotification, (p) => {
      const sandbox = member(p.extension);
      const ids = sandbox ? [sandbox.id] : [...hosted.members.keys()];
      for (const id of ids) this.errorEmitter.fire({ extension: id, kind: p.kind, message: p.message });
    });
    hosted.process.onDidExit((info) => {
      this.processes.delete(hosted);
      for (const sandbox of hosted.members.values()) sandbox.processExited(hosted, info);
      hosted.members.clear();
    });
  }

  /** @internal Creates the broker for one extension; bus messages go back over its child's connection. */
  createBroker(sandbox: ExtensionSandbox): CapabilityBroker {
    return new CapabilityBroker({
      extension: sandbox.id,
      gate: this.options.gate,
      services: this.options.services ?? {},
      workspaceRoot: this.options.workspaceRoot,
      deliver: (subscription, channel, data) => {
        const hosted = sandbox.hosted;
        if (hosted?.process.alive) void hosted.process.connection.sendNotification(BusEventNotification, { extension: sandbox.id, subscription, channel, data });
      },
    });
  }

  /** @internal */
  forget(id: string): void {
    this.sandboxes.delete(id);
  }

  /** @internal */
  log(extension: string, level: LogParams['level'], message: string): void {
    this.logEmitter.fire({ extension, level, message });
  }

  /** @internal */
  reportError(extension: string, kind: GuestErrorParams['kind'], message: string): void {
    this.errorEmitter.fire({ extension, kind, message });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of [...this.sandboxes.values()]) s.dispose();
    for (const p of this.processes) p.process.dispose();
    this.processes.clear();
    this.logEmitter.dispose();
    this.errorEmitter.dispose();
  }
}

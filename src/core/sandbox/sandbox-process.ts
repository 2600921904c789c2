import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createMessageConnection, type MessageConnection, ResponseError, type RequestType } from 'vscode-jsonrpc/node';
import { Emitter, type Event } from '../base/event';
import { FramedMessageReader, FramedMessageWriter } from './framed-transport';
import { discardCodeCache, type CodeCacheFile } from './sandbox-code-cache';
import { childArguments, type LaunchOptions } from './sandbox-launch';
import { SandboxError } from './sandbox-error';
import { PingRequest, SANDBOX_RPC_ERROR, type EngineKind, type SandboxErrorCode } from './sandbox-protocol';

/** Timings and caps of one child. */
export interface ProcessLimits {
  /** V8 heap cap of the child, MiB. */
  heapMb: number;
  /** Resident memory cap of the whole child (heap, buffers, WebAssembly), MiB. */
  rssMb: number;
  heartbeatMs: number;
  /** A child that misses its heartbeat this long while no call is running is stopped. */
  heartbeatTimeoutMs: number;
  /**
   * How often the host reads the child's resident size from /proc; 0 (or no /proc, as on macOS
   * and Windows) leaves the check to the size the child reports with each heartbeat.
   */
  memoryPollMs: number;
}

export const DEFAULT_PROCESS_LIMITS: ProcessLimits = { heapMb: 128, rssMb: 256, heartbeatMs: 1000, heartbeatTimeoutMs: 5000, memoryPollMs: 100 };

/** Why a child ended, as the calls it was serving report it. */
export interface ExitInfo {
  code: SandboxErrorCode;
  message: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The host stopped it (timeout, memory, heartbeat, dispose), as opposed to the child dying by itself. */
  killed: boolean;
}

const PAGE = 4096;

/**
 * One sandbox child process: its JSON-RPC connection, heartbeat, memory watch and the
 * bookkeeping that fails every pending call with the reason when it dies.
 */
export class SandboxProcess {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly pending = new Set<(e: SandboxError) => void>();
  private readonly exited = new Emitter<ExitInfo>();
  readonly onDidExit: Event<ExitInfo> = this.exited.event;
  private stderrTail = '';
  private killReason: { code: SandboxErrorCode; message: string } | undefined;
  private exitInfo: ExitInfo | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private memoryWatch: NodeJS.Timeout | undefined;
  private lastPong = Date.now();
  private busy = 0;
  private answered = false;
  readonly executable: string;
  /** Whether Node's permission model confines this child. */
  readonly usesPermissionFlag: boolean;
  /** Whether the child runs in a network namespace of its own. */
  readonly usesNetworkNamespace: boolean;
  /** The code cache the child was started with, until it turns out V8 refused it. */
  private codeCache: CodeCacheFile | undefined;

  constructor(
    launch: LaunchOptions,
    private limits: ProcessLimits,
    readable: readonly string[],
    cwd: string,
    engine: EngineKind,
    onStderr?: (text: string) => void,
  ) {
    const command = childArguments(launch, limits.heapMb, readable, engine);
    const { executable, args, env, permissionFlag } = command;
    this.executable = executable;
    this.usesPermissionFlag = permissionFlag !== null;
    this.usesNetworkNamespace = command.networkNamespace;
    this.codeCache = command.codeCache;
    this.child = spawn(command.command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    // The next child of this kind starts from the code cache; this one could not.
    command.makeCodeCache();
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-8192);
      onStderr?.(text);
    });
    this.child.stdin!.on('error', () => undefined); // EPIPE after a crash is reported through 'exit'
    const reader = new FramedMessageReader(this.child.stdout!);
    // Anything on stdout that is not a frame means the protocol stream can no longer be trusted.
    reader.onError((e) => this.kill('SandboxCrashed', `the sandbox wrote something other than the protocol to its stdout (${e.message}) and was stopped`));
    this.connection = createMessageConnection(reader, new FramedMessageWriter(this.child.stdin!));
    this.connection.onError(() => undefined);
    this.connection.listen();
    this.child.on('exit', (exitCode, signal) => this.handleExit(exitCode, signal));
    this.child.on('error', (e) => {
      this.killReason ??= { code: 'SandboxCrashed', message: `the sandbox process could not start: ${e.message}` };
      this.handleExit(null, null);
    });
    this.startWatches();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True once the child answered anything: it started fine. */
  get hasAnswered(): boolean {
    return this.answered;
  }

  /** False from the moment the child is being stopped, so no new work is sent to it. */
  get alive(): boolean {
    return this.exitInfo === undefined && this.killReason === undefined;
  }

  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** Raises or lowers the resident cap (a shared child grows with each extension it hosts). */
  setRssCap(mb: number): void {
    this.limits = { ...this.limits, rssMb: mb };
  }

  /** Sends a request; if the child dies first, rejects with the reason it died. */
  request<P, R, E>(type: RequestType<P, R, E>, params: P, timeoutMs?: number, onTimeout?: () => SandboxError): Promise<R> {
    const gone = this.exitInfo ?? this.killReason;
    if (gone) return Promise.reject(new SandboxError(gone.code, gone.message));
    return new Promise<R>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const fail = (e: SandboxError) => settle(() => reject(e));
      const settle = (fn: () => void) => {
        if (!this.pending.delete(fail)) return;
        this.busy--;
        if (timer) clearTimeout(timer);
        fn();
      };
      this.pending.add(fail);
      this.busy++;
      if (timeoutMs !== undefined && onTimeout) timer = setTimeout(() => fail(onTimeout()), timeoutMs);
      let sent: Promise<R>;
      try {
        sent = this.connection.sendRequest(type, params as never) as Promise<R>;
      } catch (e) {
        sent = Promise.reject(e);
      }
      sent.then(
        (r) => {
          this.answered = true;
          settle(() => resolve(r));
        },
        (e: unknown) => {
          // Errors the worker raised carry a Symphony code; anything else is the connection
          // going away, and the exit reason (known a moment later) says more than it does.
          if (e instanceof ResponseError && e.code === SANDBOX_RPC_ERROR) settle(() => reject(SandboxError.from(e)));
          else void this.whenExited(1000).then((info) => fail(info ? new SandboxError(info.code, info.message) : SandboxError.from(e, 'SandboxCrashed')));
        },
      );
    });
  }

  private whenExited(ms: number): Promise<ExitInfo | undefined> {
    if (this.exitInfo) return Promise.resolve(this.exitInfo);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(this.exitInfo);
      }, ms);
      const sub = this.onDidExit((info) => {
        clearTimeout(timer);
        resolve(info);
      });
    });
  }

  /** Stops the child; calls in flight fail with `code` and `message`. */
  kill(code: SandboxErrorCode, message: string): void {
    if (this.exitInfo || this.killReason) return;
    this.killReason ??= { code, message };
    this.child.kill('SIGKILL');
  }

  private startWatches(): void {
    this.heartbeat = setInterval(() => {
      if (this.busy === 0 && Date.now() - this.lastPong > this.limits.heartbeatTimeoutMs) {
        this.kill('SandboxCrashed', `the sandbox stopped answering its heartbeat for ${this.limits.heartbeatTimeoutMs} ms (a loop in a timer or event handler?) and was stopped`);
        return;
      }
      if (!this.alive) return;
      try {
        this.connection.sendRequest(PingRequest).then((pong) => {
          this.lastPong = Date.now();
          if (pong?.codeCache === 'rejected' && this.codeCache) {
            discardCodeCache(this.codeCache.file);
            this.codeCache = undefined;
          }
          // Without /proc the child's own figure is all there is: it misses a child too busy to
          // answer (the call timeout covers that) and trusts the child, so it is only the fallback.
          if (!this.memoryWatch && typeof pong?.rss === 'number') this.checkRss(pong.rss);
        }, () => undefined);
      } catch {
        /* the connection closed under us; the exit handler reports why */
      }
    }, this.limits.heartbeatMs);
    this.heartbeat.unref();
    // The child's own event loop may be stuck in the allocation that grows it, so the host reads
    // its resident size from /proc instead of asking it.
    const statm = `/proc/${this.child.pid}/statm`;
    if (!this.child.pid || this.limits.memoryPollMs <= 0 || !fs.existsSync(statm)) return;
    this.memoryWatch = setInterval(() => {
      fs.readFile(statm, 'utf8', (err, text) => {
        if (err || !this.alive) return;
        this.checkRss(Number(text.split(' ')[1]) * PAGE);
      });
    }, this.limits.memoryPollMs);
    this.memoryWatch.unref();
  }

  private checkRss(rss: number): void {
    if (this.alive && rss > this.limits.rssMb * 1024 * 1024) {
      this.kill('OutOfMemory', `the sandbox used ${Math.round(rss / 1048576)} MB of memory, over its cap of ${this.limits.rssMb} MB (performance.limits.memory_mb), and was stopped`);
    }
  }

  private handleExit(exitCode: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitInfo) return;
    clearInterval(this.heartbeat);
    clearInterval(this.memoryWatch);
    const killed = this.killReason !== undefined;
    let reason = this.killReason;
    if (!reason && /heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail)) {
      reason = { code: 'OutOfMemory', message: 'the sandbox ran out of JavaScript heap (performance.limits.memory_mb) and stopped' };
    }
    reason ??= {
      code: 'SandboxCrashed',
      message: `the sandbox process exited (${signal ?? `code ${exitCode}`})${this.stderrTail.trim() ? `: ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
    };
    this.exitInfo = { ...reason, exitCode, signal, killed };
    const error = new SandboxError(reason.code, reason.message);
    for (const fail of [...this.pending]) fail(error);
    this.connection.dispose();
    this.exited.fire(this.exitInfo);
    this.exited.dispose();
  }

  /** Ends the child politely (stdin closed), then firmly. */
  dispose(): void {
    if (this.exitInfo || this.killReason) return;
    this.killReason = { code: 'SandboxUnavailable', message: 'the sandbox was stopped' };
    this.child.stdin?.end();
    const force = setTimeout(() => this.child.kill('SIGKILL'), 500);
    force.unref();
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { Disposable } from '../base/disposable';
import { Emitter, type Event } from '../base/event';
import type { LogLevel } from '../operators/operator';
import { FrameReader, writeFrame } from '../base/content-length-framing';
import { PythonError } from './python-errors';
import {
  type InitializeParams,
  type InitializeResult,
  type LogNotification,
  PythonMethods,
  type ProgressNotification,
} from './python-protocol';
import { translatePythonError } from './translate-python-error';

export interface PythonWorkerOptions {
  /** The interpreter command or path. */
  command: string;
  /** The folder holding symphony_runtime and symphony_sdk. */
  runtimeDir: string;
  /** Extra sys.path entries, e.g. the extension's folder. */
  paths?: string[];
  /** Working directory of the process (the workspace root). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  maxPayloadBytes: number;
  /** stderr lines and log lines that belong to no call. */
  onLog?: (level: LogLevel, message: string) => void;
  startTimeoutMs?: number;
}

/** Callbacks for what a running call reports before it answers. */
export interface CallHandlers {
  onLog?(level: LogLevel, message: string): void;
  onProgress?(fraction: number, message?: string): void;
}

/** How and why a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the host ended it on purpose (timeout, corrupt stream, dispose). */
  reason?: string;
}

const STDERR_TAIL = 20;

/** What a frame from the worker holds: an answer (id with result or error) or a notification. */
interface FrameMessage {
  id?: unknown;
  method?: unknown;
  params?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

/** A request sent and not yet answered: how errors name it, where its reports and its answer go. */
export interface PendingRequest extends CallHandlers {
  what: string;
  /** Called once, with the error or the result. */
  settle(err: Error | undefined, value?: unknown): void;
}

/**
 * One Python process speaking JSON-RPC over its stdin/stdout. The process runs calls one at a time
 * in the order they were sent; several may be in flight (pipelined), answers are matched by id.
 */
export class PythonWorker implements Disposable {
  private static nextId = 1;
  readonly id = PythonWorker.nextId++;
  private readonly proc: ChildProcess;
  private readonly pending = new Map<number, PendingRequest>();
  private nextRequestId = 1;
  private readonly exitEmitter = new Emitter<WorkerExit>();
  /** Fires once when the process has ended, for whatever reason. */
  readonly onDidExit: Event<WorkerExit> = this.exitEmitter.event;
  private readonly stderrTail: string[] = [];
  private stderrPartial = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stdoutClosed = false;
  private partialTimer: ReturnType<typeof setTimeout> | undefined;
  private exit: WorkerExit | undefined;
  private killReason: string | undefined;
  private infoValue: InitializeResult | undefined;

  private constructor(private readonly options: PythonWorkerOptions) {
    const env = { ...(options.env ?? process.env) };
    const existing = env.PYTHONPATH ? [env.PYTHONPATH] : [];
    env.PYTHONPATH = [options.runtimeDir, ...(options.paths ?? []), ...existing].join(path.delimiter);
    env.PYTHONIOENCODING = 'utf-8';
    // The script path (not `-m`) keeps the working directory off sys.path, so a workspace file named
    // like a standard module cannot shadow it.
    const script = path.join(options.runtimeDir, 'symphony_runtime', '__main__.py');
    this.proc = spawn(options.command, [script], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (chunk: string) => this.onStderr(chunk));
    this.proc.on('error', (err: NodeJS.ErrnoException) => this.onProcessError(err));
    // The reply to a last call can still sit in the stdout pipe when 'exit' fires; finish only once
    // stdout has closed too (or shortly after, if a grandchild keeps the pipe open).
    this.proc.on('exit', (code, signal) => {
      this.exitInfo = { code, signal };
      if (this.stdoutClosed) this.onExit();
      else setTimeout(() => this.onExit(), 300).unref();
    });
    this.proc.stdout!.on('close', () => {
      this.stdoutClosed = true;
      if (this.exitInfo) this.onExit();
    });
    // Writes to a dead process fail asynchronously; the exit handler reports them.
    this.proc.stdin!.on('error', () => undefined);

    const reader = new FrameReader(
      (body) => this.onFrame(body),
      // Bytes that are not a frame reached the protocol stream: nothing it says can be trusted now.
      (message) => this.protocolBroken(message),
    );
    this.proc.stdout!.on('data', (chunk: Buffer) => reader.push(chunk));
  }

  /** Starts a worker and waits for its `initialize` answer. */
  static async start(options: PythonWorkerOptions): Promise<PythonWorker> {
    const worker = new PythonWorker(options);
    try {
      const params: InitializeParams = { maxPayloadBytes: options.maxPayloadBytes, paths: options.paths ?? [] };
      worker.infoValue = await worker.withStartTimeout(worker.request<InitializeResult>(PythonMethods.initialize, params, undefined, 'start-up'));
      return worker;
    } catch (err) {
      worker.kill('it failed to start');
      throw worker.startError(err);
    }
  }

  /** What the worker reported at start-up (Python version, pid). */
  get info(): InitializeResult | undefined {
    return this.infoValue;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** The last lines the process wrote to stderr, for crash reports. */
  get recentStderr(): string {
    return [...this.stderrTail, this.stderrPartial].filter(Boolean).join('\n');
  }

  /** Sends one request; rejects with a PythonError if the process dies before answering. */
  request<R>(method: string, params: unknown, handlers?: CallHandlers, what = method): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.send(method, JSON.stringify(params) ?? 'null', {
        ...handlers,
        what,
        settle: (err, value) => (err ? reject(err) : resolve(value as R)),
      });
    });
  }

  /**
   * Sends a request whose params are already JSON text (the pool serialises each call once, for
   * its size check and for the wire) and returns its id. The answer goes to `call.settle`, called
   * directly from the reader: no promise per call on this side.
   */
  send(method: string, paramsJson: string, call: PendingRequest): number {
    const id = this.nextRequestId++;
    if (this.exit) {
      const error = this.crashError(call.what);
      queueMicrotask(() => call.settle(error));
      return id;
    }
    this.pending.set(id, call);
    writeFrame(this.proc.stdin!, `{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)},"params":${paramsJson}}`);
    return id;
  }

  /** Asks the process to interrupt request `id` (or skip it, if it has not started). */
  cancel(id: number): void {
    if (this.exit || !this.pending.has(id)) return;
    writeFrame(this.proc.stdin!, `{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":${id}}}`);
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Ends the process now (SIGKILL); calls in flight fail with `reason`. */
  kill(reason: string): void {
    if (this.exit) return;
    this.killReason ??= reason;
    this.proc.kill('SIGKILL');
  }

  /** Asks the process to finish (end of input), killing it if it lingers. */
  dispose(): void {
    if (this.exit) return;
    this.killReason ??= 'the pool was shut down';
    this.proc.stdin?.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 1_000);
    timer.unref();
  }

  private withStartTimeout<T>(promise: Promise<T>): Promise<T> {
    const ms = this.options.startTimeoutMs ?? 30_000;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new PythonError('PythonStartFailed', `The Python worker (${this.options.command}) did not answer within ${ms} ms of starting.`)), ms);
      promise.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  private startError(err: unknown): Error {
    if (err instanceof PythonError && (err.code === 'PythonNotFound' || err.code === 'PythonStartFailed' || err.code === 'PythonTooOld')) return err;
    const stderr = this.recentStderr;
    if (/too old; Python operators need/.test(stderr)) return new PythonError('PythonTooOld', `${this.options.command}: ${stderr.trim()}`);
    return new PythonError(
      'PythonStartFailed',
      `The Python worker (${this.options.command}) failed to start${this.exit ? ` (exit code ${this.exit.code ?? this.exit.signal})` : ''}.` +
        (stderr ? `\n${stderr}` : ` ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private crashError(what: string): PythonError {
    const exit = this.exit;
    if (exit?.reason && this.killReason === exit.reason && /protocol/.test(exit.reason)) {
      return new PythonError('PythonProtocolError', `The Python worker running ${what} was stopped: ${exit.reason}. The next call runs on a new worker.`);
    }
    const how = exit?.signal ? `was killed by ${exit.signal}` : `exited with code ${exit?.code ?? 'unknown'}`;
    const why = exit?.reason ? ` because ${exit.reason}` : '';
    const stderr = this.recentStderr;
    return new PythonError(
      'PythonWorkerCrashed',
      `The Python worker running ${what} ${how}${why}. The next call runs on a new worker.${stderr ? `\nLast output on stderr:\n${stderr}` : ''}`,
      { code: exit?.code, signal: exit?.signal, stderr },
    );
  }

  private onStderr(chunk: string): void {
    const text = this.stderrPartial + chunk;
    const lines = text.split(/\r?\n/);
    this.stderrPartial = lines.pop() ?? '';
    clearTimeout(this.partialTimer);
    // A line without its newline still reaches the log, a moment later.
    if (this.stderrPartial) this.partialTimer = setTimeout(() => this.exit || this.onStderr('\n'), 100);
    for (const line of lines) {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_TAIL) this.stderrTail.shift();
      this.options.onLog?.('warn', line);
    }
  }

  private onLogNotification(p: LogNotification): void {
    const onLog = p.id === null ? undefined : this.pending.get(p.id as number)?.onLog;
    (onLog ?? this.options.onLog)?.(p.level, p.message);
  }

  private onFrame(body: Buffer): void {
    if (this.exit) return;
    let msg: FrameMessage;
    try {
      msg = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return this.protocolBroken(`a frame that is not JSON (${(err as Error).message})`);
    }
    if (typeof msg !== 'object' || msg === null) return this.protocolBroken('a frame that is not a JSON object');
    try {
      this.dispatch(msg);
    } catch (err) {
      // A handler that throws (a log sink, a caller's callback) must not take the reader down.
      this.options.onLog?.('error', `Handling a message from the Python worker failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private dispatch(msg: FrameMessage): void {
    if (typeof msg.method === 'string') {
      if (msg.method === PythonMethods.log) this.onLogNotification(msg.params as LogNotification);
      else if (msg.method === PythonMethods.progress) this.onProgressNotification(msg.params as ProgressNotification);
      return;
    }
    const call = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
    if (!call) {
      // An answer with no request: the worker could not tell which request a bad frame was.
      if (msg.error) this.options.onLog?.('warn', `The Python worker reported: ${String(msg.error.message)}`);
      return;
    }
    this.pending.delete(msg.id as number);
    if (msg.error) {
      const { code, message, data } = msg.error;
      call.settle(translatePythonError(new ResponseError(typeof code === 'number' ? code : 0, String(message), data), call.what));
    } else {
      call.settle(undefined, msg.result);
    }
  }

  private onProgressNotification(p: ProgressNotification): void {
    this.pending.get(p.id as number)?.onProgress?.(p.fraction, p.message);
  }

  private protocolBroken(why: string): void {
    if (this.exitInfo) return;
    this.kill(`its output is not a valid protocol stream (${why}); something in the process wrote to the protocol's file descriptor directly`);
  }

  private onProcessError(err: NodeJS.ErrnoException): void {
    if (err.code === 'ENOENT') {
      this.killReason ??= `"${this.options.command}" was not found`;
      const notFound = new PythonError('PythonNotFound', `Python was not found at "${this.options.command}". Install Python 3.9+ or set "symphony.python.path" to its full path.`);
      for (const call of this.pending.values()) call.settle(notFound);
      this.pending.clear();
    }
    if (this.proc.pid === undefined) {
      // Spawning failed: there will be no 'exit' event.
      this.exitInfo = { code: null, signal: null };
      this.onExit();
    }
  }

  private onExit(): void {
    if (this.exit) return;
    this.exit = { ...(this.exitInfo ?? { code: null, signal: null }), reason: this.killReason };
    if (this.stderrPartial) this.onStderr('\n');
    const calls = [...this.pending.values()];
    this.pending.clear();
    // Exit listeners first: the pool takes back the calls that never started before the running
    // one is failed, so those run again elsewhere instead of failing with it.
    this.exitEmitter.fire(this.exit);
    this.exitEmitter.dispose();
    for (const call of calls) call.settle(this.crashError(call.what));
  }
}

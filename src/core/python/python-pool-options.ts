import type { LogLevel } from '../operators/operator';
import type { PythonSettings } from './python-settings';
import type { PythonInterpreterSource } from './resolve-interpreter';
import type { PipelinePolicy } from './worker-slot';

/** How a pool starts its workers and where it reports; settings come from `symphony.python.*`. */
export interface PythonPoolOptions {
  settings?: Partial<PythonSettings>;
  /** A fixed interpreter (e.g. an extension's venv); otherwise it is resolved from `source` and the setting. */
  interpreter?: string;
  source?: PythonInterpreterSource;
  runtimeDir?: string;
  /** Extra sys.path entries for operator modules (extension folders). */
  paths?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Workspace trust: when it answers false the pool refuses to start Python. */
  isTrusted?: () => boolean;
  /** Worker stderr and log lines that belong to no call (the extension's log channel). */
  onLog?: (level: LogLevel, message: string) => void;
  /** Delay before restarting after consecutive crashes: initial, doubling up to max. */
  restartBackoffMs?: { initial: number; max: number };
  /** How often idle workers are pinged, and how long a ping may take before the worker counts as
   * hung and is replaced; 0 turns heartbeats off. Default: every 30 s, 10 s to answer. */
  heartbeat?: { everyMs: number; timeoutMs: number };
  /** When calls may be sent to a busy worker; default 16 deep, for workers answering within 2 ms. */
  pipeline?: PipelinePolicy;
}

/** A snapshot of the pool for status displays and tests. */
export interface PythonPoolStats {
  workers: number;
  busy: number;
  starting: number;
  queued: number;
  crashes: number;
  started: number;
  /** Calls sent to workers and not answered yet (more than `busy` when calls are pipelined). */
  inFlight: number;
}

import { spawn } from 'node:child_process';

export interface ProcessResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  timedOut: boolean;
}

export interface RunProcessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  shell?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  input?: string;
  /** Called with each chunk as it arrives, for live run logs. */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Keeps memory bounded on chatty commands: only the last this many characters are kept. */
  maxOutput?: number;
}

/**
 * Runs a command to completion, capturing output. Cancellation and timeouts kill the whole
 * process group, so a shell's children die with it.
 */
export function runProcess(command: string, args: string[], options: RunProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: options.shell ?? false,
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const max = options.maxOutput ?? 10 * 1024 * 1024;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const keep = (acc: string, text: string) => (acc.length + text.length > max ? (acc + text).slice(-max) : acc + text);
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout = keep(stdout, t);
      options.onOutput?.('stdout', t);
    });
    child.stderr.setEncoding('utf8').on('data', (t: string) => {
      stderr = keep(stderr, t);
      options.onOutput?.('stderr', t);
    });
    const kill = () => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = options.timeoutMs ? setTimeout(() => ((timedOut = true), kill()), options.timeoutMs) : undefined;
    const onAbort = () => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) {
        reject(options.signal.reason instanceof Error ? options.signal.reason : new Error('cancelled'));
        return;
      }
      resolve({ stdout, stderr, exitCode, signal, durationMs: performance.now() - started, timedOut });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

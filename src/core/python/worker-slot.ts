import { performance } from 'node:perf_hooks';
import type { PythonError } from './python-errors';
import type { CallHandlers, PythonWorker } from './python-worker';

/** Per-call options: cancellation, a timeout override, and where logs and progress go. */
export interface PythonCallOptions extends CallHandlers {
  signal?: AbortSignal;
  /** Overrides `callTimeoutMs`; 0 means no limit. */
  timeoutMs?: number;
  /** How errors name the call, e.g. the entry point or node. */
  what?: string;
}

/** A call as the pool tracks it, from its queue to its answer. */
export interface PoolJob {
  method: string;
  /** The params as JSON text, serialised once for the size check and the wire. */
  paramsJson: string;
  options: PythonCallOptions;
  what: string;
  resolve(value: unknown): void;
  reject(err: Error): void;
  done: boolean;
  stopError?: PythonError;
  /** The worker's request id while the job is sent. */
  requestId?: number;
  /** Which sending of the job an answer belongs to (a job is sent again when its worker dies first). */
  attempt: number;
  sentAt: number;
  /** When the job times out (performance.now() ms); set once its worker starts it. */
  deadline?: number;
  graceTimer?: ReturnType<typeof setTimeout>;
  unlisten?: () => void;
}

/** When the pool may send a call to a worker that is still busy with an earlier one. */
export interface PipelinePolicy {
  /** Calls in flight per worker at most; 1 turns pipelining off. */
  depth: number;
  /** Only a worker whose last call took at most this long (ms), and whose current call has not
   * yet run longer, gets calls pipelined: a slow call must not hold quick ones behind it. */
  maxCallMs: number;
}

/**
 * One place in the pool: its worker (once started), the jobs sent to it in order (the first is
 * running, the others wait in the worker's input), and one deadline timer for whichever job runs,
 * re-armed only when a deadline comes due, instead of a timer set and cleared per call.
 */
export class WorkerSlot {
  worker: PythonWorker | undefined;
  readonly jobs: PoolJob[] = [];
  /** How long the last call took, answer to answer (ms); Infinity before the first. */
  private lastCallMs = Infinity;
  private lastAnswerAt = 0;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private deadlineTimerAt = Infinity;

  constructor(readonly generation: number) {}

  /** Whether another call may be sent now, behind the one running. */
  acceptsPipelined(policy: PipelinePolicy): boolean {
    const running = this.jobs[0];
    if (!running || this.jobs.length >= policy.depth || this.lastCallMs > policy.maxCallMs) return false;
    return performance.now() - Math.max(this.lastAnswerAt, running.sentAt) <= policy.maxCallMs;
  }

  /** Removes an answered job; true when it was the running one (the next job has now started). */
  remove(job: PoolJob): boolean {
    const index = this.jobs.indexOf(job);
    if (index < 0) return false;
    this.jobs.splice(index, 1);
    if (index > 0) return false; // answered out of turn: refused when read, it never ran
    const now = performance.now();
    this.lastCallMs = now - Math.max(this.lastAnswerAt, job.sentAt);
    this.lastAnswerAt = now;
    return true;
  }

  /** Calls `onDue(job)` once the running job passes its deadline. */
  watchDeadline(deadline: number, onDue: (job: PoolJob) => void): void {
    // A timer already due sooner fires, finds this job running with time left, and re-arms.
    if (this.deadlineTimerAt <= deadline) return;
    clearTimeout(this.deadlineTimer);
    this.deadlineTimerAt = deadline;
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = undefined;
      this.deadlineTimerAt = Infinity;
      const job = this.jobs[0];
      if (!job || job.done || job.deadline === undefined) return;
      if (job.deadline > performance.now() + 1) this.watchDeadline(job.deadline, onDue);
      else onDue(job);
    }, Math.max(0, deadline - performance.now()));
    // Calls in flight keep the process alive through the worker's pipes; this timer need not.
    this.deadlineTimer.unref();
  }

  dispose(): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimerAt = Infinity;
  }
}

import type { LogLevel } from '../operators/operator';
import type { FinalRunStatus, RunError, RunStatus } from './run-state';

/** Everything a run reports while it goes, for the board, the output channel and logs. */
export type RunEvent =
  | { type: 'runStarted'; runId: string; melody: string; nodeCount: number; at: string }
  | { type: 'runStateChanged'; runId: string; status: RunStatus }
  | { type: 'nodeStarted'; runId: string; nodeId: string; attempt: number; itemsIn: number }
  | { type: 'nodeProgress'; runId: string; nodeId: string; fraction: number; message?: string }
  | { type: 'nodeLog'; runId: string; nodeId: string; level: LogLevel; message: string }
  | { type: 'nodeCompleted'; runId: string; nodeId: string; itemsIn: number; itemsOut: number[]; durationMs: number; attempts: number; reused?: boolean; recovered?: RunError }
  | { type: 'nodeFailed'; runId: string; nodeId: string; error: RunError; attempt: number; willRetry: boolean; retryInMs?: number; durationMs: number }
  | { type: 'nodeSkipped'; runId: string; nodeId: string; reason: string }
  | { type: 'inputRequested'; runId: string; nodeId: string; requestId: string; prompt: string }
  | { type: 'runFinished'; runId: string; status: FinalRunStatus; durationMs: number; error?: RunError };

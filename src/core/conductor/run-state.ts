/** The state of a run (DESIGN.md): Pending → Running → Paused | WaitingForInput → Completed | Failed | Cancelled. */
export type RunStatus = 'Pending' | 'Running' | 'Paused' | 'WaitingForInput' | 'Completed' | 'Failed' | 'Cancelled';

/** The state of one node in a run; Skipped always comes with a reason. */
export type NodeState = 'Pending' | 'Queued' | 'Running' | 'Completed' | 'Failed' | 'Skipped';

/** States a run ends in. */
export type FinalRunStatus = 'Completed' | 'Failed' | 'Cancelled';

const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  Pending: ['Running', 'Cancelled', 'Failed'],
  Running: ['Paused', 'WaitingForInput', 'Completed', 'Failed', 'Cancelled'],
  Paused: ['Running', 'Completed', 'Cancelled', 'Failed'],
  WaitingForInput: ['Running', 'Paused', 'Cancelled', 'Failed'],
  Completed: [],
  Failed: [],
  Cancelled: [],
};

/** Whether a run may move from one state to another. */
export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

export function isFinal(status: RunStatus): status is FinalRunStatus {
  return status === 'Completed' || status === 'Failed' || status === 'Cancelled';
}

/*
 * Node states live in a Uint8Array during a run (one byte per node, no object per node); these
 * codes map them to names only when a result is built.
 */
export const NODE_PENDING = 0;
export const NODE_QUEUED = 1;
export const NODE_RUNNING = 2;
export const NODE_COMPLETED = 3;
export const NODE_FAILED = 4;
export const NODE_SKIPPED = 5;

export const NODE_STATE_NAMES: readonly NodeState[] = ['Pending', 'Queued', 'Running', 'Completed', 'Failed', 'Skipped'];

/** An error recorded for a node or a run: a stable code, a message a user can act on, and details. */
export interface RunError {
  code: string;
  message: string;
  nodeId?: string;
  details?: Record<string, unknown>;
}

/** Where a sub-extension is in its life (DESIGN.md "Lifecycle states"). */
export type ExtensionState = 'Discovered' | 'Loading' | 'Loaded' | 'Activating' | 'Active' | 'Deactivating' | 'Inactive' | 'Unloaded' | 'Failed';

const NEXT: Record<ExtensionState, readonly ExtensionState[]> = {
  Discovered: ['Loading', 'Unloaded'],
  Loading: ['Loaded'],
  Loaded: ['Activating', 'Unloaded'],
  Activating: ['Active'],
  Active: ['Deactivating'],
  Deactivating: ['Inactive'],
  Inactive: ['Activating', 'Unloaded'],
  Unloaded: ['Loading'],
  // A failed extension can be retried (reload) or removed.
  Failed: ['Loading', 'Unloaded'],
};

export interface StateChange {
  from: ExtensionState;
  to: ExtensionState;
  at: number;
  error?: string;
}

/** A transition the lifecycle forbids, e.g. Active → Loading. */
export class InvalidTransitionError extends Error {
  constructor(
    readonly extensionId: string,
    readonly from: ExtensionState,
    readonly to: ExtensionState,
  ) {
    super(`${extensionId}: cannot go from ${from} to ${to} (allowed: ${[...NEXT[from], 'Failed'].join(', ')})`);
    this.name = 'InvalidTransitionError';
  }
}

/** The lifecycle state machine with its timestamped history. Failed is reachable from anywhere. */
export class Lifecycle {
  private current: ExtensionState = 'Discovered';
  readonly history: StateChange[] = [];
  private lastError: string | undefined;

  constructor(
    private readonly extensionId: string,
    private readonly onChange?: (change: StateChange) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): ExtensionState {
    return this.current;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  canMove(to: ExtensionState): boolean {
    return to === 'Failed' || NEXT[this.current].includes(to);
  }

  move(to: ExtensionState, error?: string): void {
    if (!this.canMove(to)) throw new InvalidTransitionError(this.extensionId, this.current, to);
    const change: StateChange = { from: this.current, to, at: this.now(), ...(error ? { error } : {}) };
    this.current = to;
    this.lastError = to === 'Failed' ? error : undefined;
    this.history.push(change);
    this.onChange?.(change);
  }

  fail(error: string): void {
    this.move('Failed', error);
  }
}

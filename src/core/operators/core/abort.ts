import { OperatorError } from '../operator';

/** Stops an operator's item loop as soon as the run is cancelled or timed out. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    const reason = signal.reason;
    throw reason instanceof Error ? reason : new OperatorError('Cancelled', 'The run was cancelled.');
  }
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new OperatorError('Cancelled', 'The run was cancelled.'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new OperatorError('Cancelled', 'The run was cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

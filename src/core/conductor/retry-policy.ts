import type { JsonObject } from '../operators/operator';
import type { OnError, PortRef } from '../melody/melody-schema';
import type { ConductorConfig } from './conductor-config';

/** What the conductor does with a node that failed, resolved once per node before the run. */
export interface FailurePolicy {
  /** Attempts after the first one. */
  retries: number;
  backoffMs: number;
  backoffFactor: number;
  maxBackoffMs: number;
  /** After the last attempt failed. */
  then: 'halt' | 'skip' | 'fallback';
  fallbackPort?: PortRef;
  fallbackOutput?: JsonObject[];
  /** `n8n`: a fallback emits n8n's error items, `{ json: { error: message } }` per input item. */
  errorItems?: 'n8n';
}

/** The policy of a node without onError: fail once, halt the run. Shared, never mutated. */
export const HALT: Readonly<FailurePolicy> = Object.freeze({ retries: 0, backoffMs: 0, backoffFactor: 1, maxBackoffMs: 0, then: 'halt' });

/** Resolves a node's onError against the workspace's retry defaults. */
export function resolveFailurePolicy(onError: OnError | undefined, defaults: ConductorConfig['retry']): Readonly<FailurePolicy> {
  if (!onError || onError.strategy === 'halt') return HALT;
  if (onError.strategy === 'skip') return { ...HALT, then: 'skip' };
  if (onError.strategy === 'fallback') {
    return { ...HALT, then: 'fallback', fallbackPort: onError.port, fallbackOutput: onError.output as JsonObject[] | undefined, ...errorItemsOf(onError) };
  }
  return {
    retries: onError.retries ?? defaults.retries,
    backoffMs: onError.backoffMs ?? defaults.backoffMs,
    backoffFactor: onError.backoffFactor ?? defaults.backoffFactor,
    maxBackoffMs: onError.maxBackoffMs ?? defaults.maxBackoffMs,
    then: onError.then ?? 'halt',
    fallbackPort: onError.port,
    fallbackOutput: onError.output as JsonObject[] | undefined,
    ...errorItemsOf(onError),
  };
}

/** `errorItems: "n8n"` is an extra field of onError (the schema keeps unknown fields); the n8n importer writes it. */
function errorItemsOf(onError: OnError): Pick<FailurePolicy, 'errorItems'> {
  return (onError as Record<string, unknown>)['errorItems'] === 'n8n' ? { errorItems: 'n8n' } : {};
}

/** The wait before retry number `retry` (1-based): backoffMs × factor^(retry-1), at most maxBackoffMs. */
export function backoffDelay(policy: Readonly<FailurePolicy>, retry: number): number {
  const raw = policy.backoffMs * Math.pow(policy.backoffFactor, retry - 1);
  return policy.maxBackoffMs > 0 ? Math.min(raw, policy.maxBackoffMs) : raw;
}

/** Waits `ms`, or less if the signal aborts first (then it resolves false). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

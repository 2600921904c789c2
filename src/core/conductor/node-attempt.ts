import { ExpressionError } from '../expression/run-data';
import { OperatorError, type PortItems } from '../operators/operator';
import type { CompiledNode } from './graph';
import type { RunError } from './run-state';

/**
 * Runs one operator call under a time limit: its own AbortSignal fires when the limit passes or
 * the run is stopped, and the attempt fails with Timeout even if the operator ignores the signal.
 */
export function withTimeout(node: CompiledNode, ms: number, runSignal: AbortSignal, call: (signal: AbortSignal) => PortItems | Promise<PortItems>): Promise<PortItems> {
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(runSignal.reason);
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new OperatorError('Timeout', `node "${node.id}" did not finish within ${ms} ms; raise its "timeoutMs" or make the operation faster`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  let result: Promise<PortItems>;
  try {
    result = Promise.resolve(call(controller.signal));
  } catch (e) {
    result = Promise.reject(e);
  }
  return Promise.race([result, timeout]).finally(() => {
    clearTimeout(timer);
    runSignal.removeEventListener('abort', onRunAbort);
  });
}

/** Turns what an operator threw into the run's error record. */
export function toRunError(e: unknown, node: CompiledNode): RunError {
  if (e instanceof OperatorError) return { code: e.code, message: e.message, nodeId: node.id, details: e.details };
  if (e instanceof ExpressionError) {
    return { code: 'ExpressionError', message: e.message, nodeId: node.id, details: { parameter: e.parameter, position: e.position, expression: e.expression } };
  }
  if (e instanceof Error) return { code: 'OperatorFailed', message: `node "${node.id}" (${node.node.operator}): ${e.message}`, nodeId: node.id };
  return { code: 'OperatorFailed', message: `node "${node.id}" (${node.node.operator}) failed: ${String(e)}`, nodeId: node.id };
}

/** The message a cancelled run reports for an aborted AbortSignal. */
export function abortMessage(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  if (r instanceof Error && r.name !== 'AbortError') return `the run was cancelled: ${r.message}`;
  if (typeof r === 'string') return `the run was cancelled: ${r}`;
  return 'the run was cancelled';
}

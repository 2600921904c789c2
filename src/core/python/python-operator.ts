import type { Item, JsonObject, JsonValue, Operator, OperatorContext, OperatorDescription, PortItems } from '../operators/operator';
import { PythonError } from './python-errors';
import type { PythonWorkerPool } from './python-worker-pool';

/** The part of the pool an operator needs. */
export type PythonExecutor = Pick<PythonWorkerPool, 'execute'>;

/**
 * Wraps a Python function as an Operator, so it runs in melodies like any other: parameters are
 * evaluated by the host (per item when they hold expressions), logs and progress reach the run.
 */
export function createPythonOperator(description: OperatorDescription, entry: string, pool: PythonExecutor): Operator {
  const declared = description.params.map((p) => p.name);
  return {
    description,
    async execute(ctx: OperatorContext, inputs: PortItems, signal: AbortSignal): Promise<PortItems> {
      const names = [...new Set([...declared, ...Object.keys(ctx.rawParams)])];
      const params = evaluateParams(ctx, names, 0);
      const firstPort = inputs[0] ?? [];
      const hasExpressions = Object.values(ctx.rawParams).some((v) => typeof v === 'string' && v.startsWith('='));
      const itemParams = hasExpressions && firstPort.length > 1 ? firstPort.map((_, i) => evaluateParams(ctx, names, i)) : undefined;
      const result = await pool.execute(
        {
          entry,
          inputs: description.inputs.map((_, i) => inputs[i] ?? []),
          inputPorts: description.inputs.map((p) => p.name),
          outputPorts: description.outputs.map((p) => p.name),
          params,
          ...(itemParams ? { itemParams } : {}),
          node: { id: ctx.nodeId, name: ctx.nodeName },
          workspaceRoot: ctx.workspaceRoot,
        },
        {
          signal,
          what: `node "${ctx.nodeName || ctx.nodeId}" (${description.id}, ${entry})`,
          onLog: (level, message) => ctx.log(level, message),
          onProgress: (fraction, message) => ctx.progress(fraction, message),
        },
      );
      return checkOutputs(result.outputs, description, entry);
    },
  };
}

function evaluateParams(ctx: OperatorContext, names: string[], itemIndex: number): JsonObject {
  const out: JsonObject = {};
  for (const name of names) {
    const value = ctx.param<JsonValue | undefined>(name, itemIndex, undefined);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function checkOutputs(outputs: unknown, description: OperatorDescription, entry: string): PortItems {
  if (!Array.isArray(outputs) || outputs.some((port) => !Array.isArray(port))) {
    throw new PythonError('PythonProtocolError', `${entry} answered without a list of items per output port.`);
  }
  const ports = outputs as Item[][];
  return description.outputs.map((_, i) => ports[i] ?? []);
}

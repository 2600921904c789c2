import { DisposableStore, type Disposable } from '../base/disposable';
import type { JsonObject, JsonValue, Operator, OperatorContext, OperatorDescription, PortItems } from '../operators/operator';
import { OperatorError } from '../operators/operator';
import type { OperatorRegistry } from '../operators/operator-registry';
import { createPythonOperator, pythonOperatorFromManifest, type PythonExecutor } from '../python/index';
import type { EffectiveManifest } from '../manifest/index';
import type { ExtensionHost } from './extension-host';
import { OperatorExtension } from './symphony-extension';

export interface ExtensionOperatorOptions {
  /** The Python pool for an extension's operators (its folder on sys.path); absent: Python operators are not offered. */
  pythonPool?: (manifest: EffectiveManifest) => PythonExecutor;
  /** Where to report problems with an extension's operator declaration. */
  onProblem?: (extension: string, message: string) => void;
}

/**
 * Keeps the operator registry in step with the extension host: every AIDE operator extension
 * (JS in its sandbox, or Python in the worker pool) appears as `<extension>.<operator>` and
 * disappears when the extension goes away — no reload of the editor needed.
 */
export function syncExtensionOperators(host: ExtensionHost, registry: OperatorRegistry, options: ExtensionOperatorOptions = {}): Disposable {
  const registered = new DisposableStore();
  const sync = () => {
    registered.clear();
    for (const ext of host.list()) {
      if (!(ext instanceof OperatorExtension)) continue;
      const operator = operatorFor(ext, host, options);
      if (!operator) continue;
      if (registry.has(operator.description.id)) {
        options.onProblem?.(ext.id, `operator "${operator.description.id}" is already provided by another extension or built in; ${ext.id}'s copy is not offered`);
        continue;
      }
      registered.add(registry.register(operator));
    }
  };
  sync();
  const sub = host.onDidChangeExtensions(sync);
  return { dispose: () => (sub.dispose(), registered.dispose()) };
}

function operatorFor(ext: OperatorExtension, host: ExtensionHost, options: ExtensionOperatorOptions): Operator | undefined {
  const m = ext.manifest;
  if (m.runtime.language === 'python') {
    if (!options.pythonPool) return undefined;
    const { operator, diagnostics } = pythonOperatorFromManifest({ ...m, runtime: { ...m.runtime, entry: m.runtime.entry ?? undefined } }, m.file);
    for (const d of diagnostics) options.onProblem?.(ext.id, `${d.path ?? ''}: ${d.message}`);
    if (!operator) return undefined;
    const pool = options.pythonPool(m);
    return createPythonOperator(operator.description, operator.entry, pool);
  }
  const description = jsDescription(m, ext.operatorId);
  if (!description) return undefined;
  return {
    description,
    async execute(ctx: OperatorContext, inputs: PortItems, signal: AbortSignal): Promise<PortItems> {
      signal.throwIfAborted();
      await host.activate(ext.id);
      if (!ext.running) throw new OperatorError('ExtensionInactive', `${ctx.nodeName}: ${ext.id} is not running (${ext.lifecycle.error ?? ext.state})`);
      const names = [...new Set([...description.params.map((p) => p.name), ...Object.keys(ctx.rawParams)])];
      const first = inputs[0] ?? [];
      const request = {
        items: first.map((i) => i.json),
        inputs: inputs.map((port) => port.map((i) => i.json)),
        params: paramsFor(ctx, names, 0),
        itemParams: first.length > 1 ? first.map((_, i) => paramsFor(ctx, names, i)) : undefined,
        node: { id: ctx.nodeId, name: ctx.nodeName },
      };
      const result = await ext.running.invoke(description.id, request);
      return toPortItems(result, description, ctx);
    },
  };
}

/** The board description of a JS operator, from the same `[board]` table Python operators use. */
function jsDescription(m: EffectiveManifest, id: string): OperatorDescription | undefined {
  // The [board] table reads the same for both languages; the Python reader does the conversion.
  const { operator } = pythonOperatorFromManifest({ ...m, runtime: { language: 'python', entry: 'board:run' } });
  if (!operator) return undefined;
  return { ...operator.description, id, source: 'extension', category: m.board?.category ?? 'Extensions', icon: m.board?.icon ?? 'extensions' };
}

function paramsFor(ctx: OperatorContext, names: string[], itemIndex: number): JsonObject {
  const out: JsonObject = {};
  for (const n of names) {
    const v = ctx.param<JsonValue | undefined>(n, itemIndex, undefined);
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/** Accepts `[json…]` (port 0), `{ items: [json…] }` or `{ outputs: [[json…], …] }` from the extension. */
function toPortItems(result: unknown, description: OperatorDescription, ctx: OperatorContext): PortItems {
  const asItems = (list: unknown, port: number) => {
    if (!Array.isArray(list)) throw new OperatorError('InvalidOutput', `${ctx.nodeName}: ${description.id} returned ${typeof list} for port ${port}; return a list of objects`);
    return list.map((json, i) => ({ json: (json && typeof json === 'object' && !Array.isArray(json) ? json : { value: json }) as JsonObject, pairedItem: { item: i } }));
  };
  if (Array.isArray(result)) return [asItems(result, 0)];
  if (result && typeof result === 'object') {
    const r = result as { items?: unknown; outputs?: unknown };
    if (Array.isArray(r.outputs)) return r.outputs.map((list, port) => asItems(list, port));
    if (r.items !== undefined) return [asItems(r.items, 0)];
    return [[{ json: result as JsonObject, pairedItem: { item: 0 } }]];
  }
  if (result === undefined || result === null) return [[]];
  return [[{ json: { value: result as JsonValue }, pairedItem: { item: 0 } }]];
}

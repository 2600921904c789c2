import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type OperatorContext, OperatorError } from '../operator';
import { isJsonObject } from './json-values';

/** How often a Code node runs its code: once with all items, or once per item. */
export type CodeMode = 'runOnceForAllItems' | 'runOnceForEachItem';

/**
 * The seam to the JavaScript sandbox (QuickJS or a sandboxed child process). Code never runs in
 * the host process: the CLI and the editor put an implementation at `ctx.services.sandbox`.
 */
export interface CodeSandbox {
  runJavaScript(
    request: { code: string; mode: CodeMode; items: Item[]; nodeId: string; itemIndex?: number },
    signal: AbortSignal,
  ): Promise<unknown>;
}

function sandboxOf(ctx: OperatorContext): CodeSandbox | undefined {
  const s = ctx.services['sandbox'] as Partial<CodeSandbox> | undefined;
  return s && typeof s.runJavaScript === 'function' ? (s as CodeSandbox) : undefined;
}

/** Turns what the code returned into items, the way n8n accepts it (items or plain objects). */
export function normaliseCodeResult(nodeName: string, result: unknown, inputCount: number, pairedWith?: number): Item[] {
  const list = Array.isArray(result) ? result : result === undefined || result === null ? [] : [result];
  return list.map((entry, i) => {
    if (!isJsonObject(entry)) {
      throw new OperatorError('InvalidCodeResult', `Node "${nodeName}": the code returned ${Array.isArray(entry) ? 'an array' : typeof entry} at index ${i}; return objects such as { json: { ... } } or plain objects.`);
    }
    const item: Item = isJsonObject(entry['json']) ? { json: entry['json'] as JsonObject } : { json: entry };
    if (isJsonObject(entry['json']) && isJsonObject(entry['binary'])) item.binary = entry['binary'] as Item['binary'];
    // Like n8n: an explicit pairedItem wins; otherwise pair by position when the counts allow it.
    const explicit = entry['pairedItem'] as unknown as Item['pairedItem'] | undefined;
    if (pairedWith !== undefined) item.pairedItem = { item: pairedWith };
    else if (explicit !== undefined) item.pairedItem = explicit;
    else if (inputCount === 1) item.pairedItem = { item: 0 };
    else if (list.length === inputCount) item.pairedItem = { item: i };
    return item;
  });
}

/** `core.code` — runs JavaScript over the items, in the sandbox. */
export const codeOperator = defineOperator(
  {
    id: 'core.code',
    displayName: 'Code',
    description: 'Runs JavaScript over the items (in the sandbox) and outputs what it returns.',
    category: 'Data transformation',
    icon: 'code',
    params: [
      { name: 'mode', displayName: 'Mode', type: 'options', default: 'runOnceForAllItems', options: [{ value: 'runOnceForAllItems', label: 'Run once for all items' }, { value: 'runOnceForEachItem', label: 'Run once for each item' }] },
      { name: 'language', type: 'options', default: 'javaScript', options: [{ value: 'javaScript', label: 'JavaScript' }] },
      { name: 'jsCode', displayName: 'JavaScript', type: 'code', language: 'javascript', default: 'return $input.all();' },
    ],
    docs: 'The code sees $input.all(), $json (per item), items, and returns a list of items (or of plain objects). It runs in the strict sandbox, never in the editor\'s process.',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    const language = ctx.param<string>('language', 0, 'javaScript');
    if (language !== 'javaScript') throw new OperatorError('Unsupported', `Node "${ctx.nodeName}": language "${language}" is not supported by core.code; use JavaScript, or a python.call node for Python.`);
    const sandbox = sandboxOf(ctx);
    if (!sandbox) throw new OperatorError('SandboxUnavailable', `Node "${ctx.nodeName}": running JavaScript needs the sandbox service, which this environment does not provide. Run the melody from the editor or a CLI build with the sandbox.`);
    const code = String(ctx.rawParams['jsCode'] ?? '');
    const mode = ctx.param<CodeMode>('mode', 0, 'runOnceForAllItems');
    if (mode === 'runOnceForEachItem') {
      const out: Item[] = [];
      for (let i = 0; i < items.length; i++) {
        const result = await sandbox.runJavaScript({ code, mode, items, nodeId: ctx.nodeId, itemIndex: i }, signal);
        out.push(...normaliseCodeResult(ctx.nodeName, result, items.length, i));
      }
      return [out];
    }
    return [normaliseCodeResult(ctx.nodeName, await sandbox.runJavaScript({ code, mode, items, nodeId: ctx.nodeId }, signal), items.length)];
  },
);

import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type LogLevel, type OperatorContext, OperatorError } from '../operator';
import { isJsonObject } from './json-values';
import { throwIfAborted } from './abort';

/** How often a Code node runs its code: once with all items, or once per item. */
export type CodeMode = 'runOnceForAllItems' | 'runOnceForEachItem';

/** One Code run: the code, the items it sees and, per item, which one is `$json`. */
export interface CodeRunRequest {
  code: string;
  mode: CodeMode;
  items: Item[];
  nodeId: string;
  /**
   * The item `$json` is. Without it, "runOnceForAllItems" sees item 0 as `$json` and
   * "runOnceForEachItem" runs the code once per item and answers a list of the results.
   */
  itemIndex?: number;
  /** Where `console.log` and friends go (the run log). */
  log?: (level: LogLevel, message: string) => void;
}

/**
 * The seam to the JavaScript sandbox. An environment may put its own at `ctx.services.sandbox`;
 * otherwise core.code uses QuickJS in WebAssembly (src/core/code-sandbox), never eval.
 */
export interface CodeSandbox {
  runJavaScript(request: CodeRunRequest, signal: AbortSignal): Promise<unknown>;
}

function sandboxOf(ctx: OperatorContext): CodeSandbox {
  const s = ctx.services['sandbox'] as Partial<CodeSandbox> | undefined;
  if (s && typeof s.runJavaScript === 'function') return s as CodeSandbox;
  // Loaded on first use: the packaged extension ships the QuickJS runner as its own file
  // (scripts/lib/lazy-modules.mjs), so a require here rather than an import at the top.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runner = require('../../code-sandbox/quickjs-code-sandbox') as typeof import('../../code-sandbox/quickjs-code-sandbox');
  return runner.defaultCodeSandbox();
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
    docs: 'n8n\'s Code node. "Run once for all items": the code sees `$input.all()` and `items` and returns a list of items ({ json }) or plain objects. "Run once for each item": it sees `$json`, `$input.item` and `$itemIndex` and returns one item. `console.log` writes to the run log. The code runs in QuickJS compiled to WebAssembly, with a memory and a time limit, and sees no Node.js API (no require, process or file system).',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    const language = ctx.param<string>('language', 0, 'javaScript');
    if (language !== 'javaScript') throw new OperatorError('Unsupported', `Node "${ctx.nodeName}": language "${language}" is not supported by core.code; use JavaScript, or a python.call node for Python.`);
    const sandbox = sandboxOf(ctx);
    const code = String(ctx.rawParams['jsCode'] ?? '');
    const mode = ctx.param<CodeMode>('mode', 0, 'runOnceForAllItems');
    const log = (level: LogLevel, message: string) => ctx.log(level, message);
    const runOnce = (): Promise<unknown> => sandbox.runJavaScript({ code, mode, items, nodeId: ctx.nodeName, log }, signal);
    if (mode === 'runOnceForEachItem') {
      throwIfAborted(signal);
      // One sandbox call runs the code once per item and answers one result per item.
      const results = await runOnce();
      if (!Array.isArray(results) || results.length !== items.length) {
        throw new OperatorError('InvalidCodeResult', `Node "${ctx.nodeName}": the sandbox answered ${Array.isArray(results) ? results.length : typeof results} result(s) for ${items.length} item(s).`);
      }
      return [results.flatMap((result, i) => normaliseCodeResult(ctx.nodeName, result, items.length, i))];
    }
    return [normaliseCodeResult(ctx.nodeName, await runOnce(), items.length)];
  },
);

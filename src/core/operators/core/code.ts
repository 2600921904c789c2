import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type OperatorContext, OperatorError } from '../operator';
import { isJsonObject } from './json-values';
import { throwIfAborted } from './abort';
import { ExpressionError, type ExpressionScope, evaluateExpression, toJsonValue } from '../../expression/index';

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

/** A context that can hand out the expression scope of an item (the conductor may offer it). */
interface ScopedContext {
  expressionScope?(itemIndex: number): ExpressionScope;
}

/**
 * Without a sandbox, code runs in the expression interpreter (no eval): the body becomes an
 * arrow function, so `const`, `if` and `return` work, but loops, `let` and assignments do not.
 */
function runInInterpreter(ctx: OperatorContext, code: string, items: Item[], inputs: Item[][], itemIndex: number): unknown {
  const scoped = (ctx as OperatorContext & ScopedContext).expressionScope;
  const scope: ExpressionScope =
    typeof scoped === 'function' ? scoped.call(ctx, itemIndex) : { run: { get: () => undefined }, node: { id: ctx.nodeId, name: ctx.nodeName }, inputs: inputs.length ? inputs : [items], itemIndex, now: new Date() };
  try {
    return toJsonValue(evaluateExpression(`(() => {\n${code}\n})()`, scope, { strict: true }));
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    const unsupported = /allowed in a function body|Unexpected '(for|while|let|var|do|switch|try|class|function)'/.test(e.message);
    throw new OperatorError(
      unsupported ? 'SandboxUnavailable' : 'CodeFailed',
      unsupported
        ? `Node "${ctx.nodeName}": this code needs the JavaScript sandbox (it uses loops, let/var or assignments), which this environment does not provide. Rewrite it with const, if, return and array methods (map, filter, reduce), or run it where the sandbox is available. (${e.message})`
        : `Node "${ctx.nodeName}": the code failed: ${e.message}`,
    );
  }
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
    docs: 'The code sees $input.all(), $json (per item) and the other expression variables, and returns a list of items (or of plain objects). It runs in the sandbox when the environment provides one; otherwise in the expression interpreter, which accepts const, if, return and array methods but no loops or assignments. Code never runs with eval in the editor\'s process.',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    const language = ctx.param<string>('language', 0, 'javaScript');
    if (language !== 'javaScript') throw new OperatorError('Unsupported', `Node "${ctx.nodeName}": language "${language}" is not supported by core.code; use JavaScript, or a python.call node for Python.`);
    const sandbox = sandboxOf(ctx);
    const code = String(ctx.rawParams['jsCode'] ?? '');
    const mode = ctx.param<CodeMode>('mode', 0, 'runOnceForAllItems');
    const runOnce = (itemIndex?: number): Promise<unknown> | unknown =>
      sandbox ? sandbox.runJavaScript({ code, mode, items, nodeId: ctx.nodeId, ...(itemIndex !== undefined ? { itemIndex } : {}) }, signal) : runInInterpreter(ctx, code, items, inputs, itemIndex ?? 0);
    if (mode === 'runOnceForEachItem') {
      const out: Item[] = [];
      for (let i = 0; i < items.length; i++) {
        throwIfAborted(signal);
        out.push(...normaliseCodeResult(ctx.nodeName, await runOnce(i), items.length, i));
      }
      return [out];
    }
    return [normaliseCodeResult(ctx.nodeName, await runOnce(), items.length)];
  },
);

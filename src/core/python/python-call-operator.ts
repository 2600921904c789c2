import type { Item, JsonValue, Operator } from '../operators/operator';
import { defineOperator } from '../operators/operator-registry';
import { PythonError } from './python-errors';
import type { PythonWorkerPool } from './python-worker-pool';

const ENTRY = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*:[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;

/**
 * `python.call` — calls a Python function once per item with the item's JSON (and any extra
 * arguments) and stores what it returns in a field of the item.
 */
export function createPythonCallOperator(pool: Pick<PythonWorkerPool, 'call'>): Operator {
  return defineOperator(
    {
      id: 'python.call',
      displayName: 'Python Function',
      description: 'Calls a Python function for every item and stores its result on the item.',
      category: 'Code',
      icon: 'symbol-method',
      source: 'python',
      params: [
        { name: 'entry', displayName: 'Function', type: 'string', required: true, placeholder: 'package.module:function', description: 'The function to call, as package.module:function; its folder must be on the Python path.' },
        { name: 'args', displayName: 'Extra arguments', type: 'json', default: [], description: 'Arguments passed after the item, as a JSON list.' },
        { name: 'field', displayName: 'Result field', type: 'string', default: 'result', description: 'The item field that receives the return value.' },
      ],
      docs: 'The function receives the item JSON as its first argument; print() and logging go to the node log.',
    },
    async (ctx, inputs, signal) => {
      const items = inputs[0] ?? [];
      const out: Item[] = [];
      for (let i = 0; i < items.length; i++) {
        const entry = ctx.param<string>('entry', i, '');
        if (!ENTRY.test(entry)) {
          throw new PythonError('PythonEntryNotFound', `node "${ctx.nodeName || ctx.nodeId}": parameter "entry" is "${entry}"; expected "package.module:function", e.g. "my_tools.text:slugify".`);
        }
        const extra = ctx.param<JsonValue>('args', i, []);
        const field = ctx.param<string>('field', i, 'result') || 'result';
        const result = await pool.call(entry, [items[i]!.json, ...(Array.isArray(extra) ? extra : [extra])], undefined, {
          signal,
          what: `node "${ctx.nodeName || ctx.nodeId}" (${entry})`,
          onLog: (level, message) => ctx.log(level, message),
          onProgress: (fraction, message) => ctx.progress((i + fraction) / items.length, message),
        });
        out.push({ json: { ...items[i]!.json, [field]: result }, pairedItem: { item: i } });
      }
      return [out];
    },
  );
}

import { setMaxListeners } from 'node:events';
import type { JsonValue, Operator } from '../operators/operator';
import { defineOperator } from '../operators/operator-registry';
import { PythonError } from './python-errors';
import type { PythonWorkerPool } from './python-worker-pool';

/** Item calls in flight at once per node. */
const IN_FLIGHT = 16;
const ENTRY = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*:[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;

/**
 * `python.call` — calls a Python function once per item with the item's JSON (and any extra
 * arguments) and stores what it returns in a field of the item. Items are called concurrently
 * (up to IN_FLIGHT at a time); the output keeps their order.
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
      const node = ctx.nodeName || ctx.nodeId;
      const calls = items.map((item, i) => {
        const entry = ctx.param<string>('entry', i, '');
        if (!ENTRY.test(entry)) {
          throw new PythonError('PythonEntryNotFound', `node "${node}": parameter "entry" is "${entry}"; expected "package.module:function", e.g. "my_tools.text:slugify".`);
        }
        const extra = ctx.param<JsonValue>('args', i, []);
        const field = ctx.param<string>('field', i, 'result') || 'result';
        return { entry, args: [item.json, ...(Array.isArray(extra) ? extra : [extra])], field };
      });
      // Several items in flight at once: the pool pipelines them to a worker (or spreads them over
      // workers), so a long list does not pay one round trip per item. Results keep item order.
      const results: JsonValue[] = new Array(items.length);
      const stop = new AbortController();
      setMaxListeners(IN_FLIGHT + 1, stop.signal); // one listener per call in flight is expected
      const onAbort = () => stop.abort();
      if (signal.aborted) stop.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      let next = 0;
      let completed = 0;
      const lane = async () => {
        while (next < calls.length && !stop.signal.aborted) {
          const i = next++;
          const { entry, args } = calls[i]!;
          results[i] = await pool.call(entry, args, undefined, {
            signal: stop.signal,
            what: `node "${node}" (${entry})`,
            onLog: (level, message) => ctx.log(level, message),
            onProgress: (fraction, message) => ctx.progress(Math.min(1, (completed + fraction) / calls.length), message),
          });
          completed++;
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, calls.length) }, () => lane().catch((err: unknown) => {
          stop.abort(); // the first failure ends the node: the other items need not run
          throw err;
        })));
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (completed < calls.length) throw new PythonError('PythonCancelled', `node "${node}" was cancelled after ${completed} of ${calls.length} items.`);
      return [items.map((item, i) => ({ json: { ...item.json, [calls[i]!.field]: results[i]! }, pairedItem: { item: i } }))];
    },
  );
}

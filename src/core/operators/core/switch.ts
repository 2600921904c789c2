import { defineOperator } from '../operator-registry';
import { type Item, type JsonValue, type Operator, OperatorError, type PortDescription } from '../operator';
import { itemPasses } from './conditions';
import { isJsonObject } from './json-values';
import { throwIfAborted } from './abort';

interface SwitchOptions {
  fallbackOutput?: 'none' | 'extra' | number;
  allMatchingOutputs?: boolean;
  renameFallbackOutput?: string;
}

function rulesOf(raw: unknown): Array<Record<string, JsonValue>> {
  const list = isJsonObject(raw) ? raw['values'] : raw;
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/** One output per rule (named by the rule's output key when renamed), plus the fallback output. */
function outputsFor(params: Readonly<Record<string, JsonValue>>): PortDescription[] {
  const port = (i: number, displayName?: string): PortDescription => ({ name: String(i), displayName: displayName || String(i), type: 'items', required: false });
  if (params['mode'] === 'expression') {
    const n = Number(params['numberOutputs'] ?? 4);
    return Array.from({ length: Number.isInteger(n) && n > 0 ? Math.min(n, 100) : 4 }, (_, i) => port(i));
  }
  const rules = rulesOf(params['rules']);
  const ports = rules.map((r, i) => port(i, r['renameOutput'] && typeof r['outputKey'] === 'string' ? r['outputKey'] : undefined));
  const options = isJsonObject(params['options']) ? params['options'] : {};
  if (options['fallbackOutput'] === 'extra') ports.push(port(ports.length, typeof options['renameFallbackOutput'] === 'string' && options['renameFallbackOutput'] ? options['renameFallbackOutput'] : 'Fallback'));
  return ports;
}

const base = defineOperator(
  {
    id: 'core.switch',
    displayName: 'Switch',
    description: 'Routes each item to the output of the first rule it matches (or of every rule, or by an expression).',
    category: 'Flow',
    icon: 'list-tree',
    outputs: [
      { name: '0', type: 'items' },
      { name: '1', type: 'items' },
      { name: '2', type: 'items' },
      { name: '3', type: 'items' },
    ],
    params: [
      { name: 'mode', displayName: 'Mode', type: 'options', default: 'rules', options: [{ value: 'rules', label: 'Rules' }, { value: 'expression', label: 'Expression' }] },
      {
        name: 'rules',
        displayName: 'Routing rules',
        type: 'collection',
        default: { values: [] },
        description: 'A list { values: [{ conditions, renameOutput, outputKey }] }; rule k sends matching items to output k.',
        showWhen: { mode: ['rules'] },
      },
      { name: 'numberOutputs', displayName: 'Number of outputs', type: 'number', default: 4, min: 1, showWhen: { mode: ['expression'] } },
      { name: 'output', displayName: 'Output index', type: 'number', default: 0, description: 'Evaluated per item: the 0-based output to send it to.', showWhen: { mode: ['expression'] } },
      { name: 'looseTypeValidation', type: 'boolean', default: false },
      {
        name: 'options',
        type: 'collection',
        default: {},
        fields: [
          { name: 'fallbackOutput', type: 'json', default: 'none', description: '"none", "extra" (one more output) or the index of an output.' },
          { name: 'allMatchingOutputs', type: 'boolean', default: false, description: 'Send an item to every rule it matches.' },
          { name: 'ignoreCase', type: 'boolean', default: false },
          { name: 'looseTypeValidation', type: 'boolean', default: false },
          { name: 'renameFallbackOutput', type: 'string', default: '' },
        ],
      },
    ],
    docs: 'Outputs are numbered 0..n-1 in rule order; a rule with renameOutput shows its outputKey on the board. Items that match no rule are dropped unless options.fallbackOutput is "extra" (a last output) or an output index.',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    const ports = outputsFor(ctx.rawParams);
    const out: Item[][] = ports.map(() => []);
    const mode = ctx.param<string>('mode', 0, 'rules');
    for (let i = 0; i < items.length; i++) {
      throwIfAborted(signal);
      const item: Item = { ...items[i]!, pairedItem: { item: i } };
      if (mode === 'expression') {
        const index = Number(ctx.param('output', i));
        if (!Number.isInteger(index) || index < 0 || index >= out.length) {
          throw new OperatorError('InvalidOutput', `Node "${ctx.nodeName}": item ${i} chose output ${JSON.stringify(ctx.param('output', i))}, but it has to be between 0 and ${out.length - 1}. Fix the output expression or raise numberOutputs.`);
        }
        out[index]!.push(item);
        continue;
      }
      if (mode !== 'rules') throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": mode must be "rules" or "expression", not "${mode}".`);
      const rules = rulesOf(ctx.rawParams['rules']);
      const options = ctx.param<SwitchOptions>('options', i, {}) ?? {};
      let matched = false;
      for (let r = 0; r < rules.length; r++) {
        if (!itemPasses(ctx, 'rules', ['values', String(r), 'conditions'], inputs, i)) continue;
        matched = true;
        out[r]!.push(item);
        if (!options.allMatchingOutputs) break;
      }
      const fallback = options.fallbackOutput;
      if (matched || fallback === undefined || fallback === 'none') continue;
      const target = fallback === 'extra' ? out.length - 1 : Number(fallback);
      if (!Number.isInteger(target) || target < 0 || target >= out.length) {
        throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": options.fallbackOutput ${JSON.stringify(fallback)} is not an output; use "none", "extra" or 0..${out.length - 1}.`);
      }
      out[target]!.push(item);
    }
    return out;
  },
);

/** `core.switch` — n8n's Switch (rules or expression mode); its outputs follow the rules. */
export const switchOperator: Operator & { outputsFor: typeof outputsFor } = { ...base, outputsFor };

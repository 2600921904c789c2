import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type JsonValue, type Operator, type OperatorContext, OperatorError, type PortDescription } from '../operator';
import { type ClashHandling, type MatchOptions, combineJson, fieldPairs, findMatches, mergeMatched, suffixKeys } from './merge-by-fields';
import { isJsonObject } from './json-values';

interface MergeOptions extends MatchOptions {
  clashHandling?: { values?: ClashHandling };
  includeUnpaired?: boolean;
}

const tag = (items: Item[], input: number): Item[] => items.map((item, i) => ({ ...item, pairedItem: { item: i, input } }));

function inputCount(params: Readonly<Record<string, JsonValue>>): number {
  const n = Number(params['numberInputs'] ?? 2);
  return Number.isInteger(n) && n >= 2 && n <= 10 ? n : 2;
}

/** Symphony's short mode names map onto n8n's. */
function normaliseMode(mode: string, combineBy: string): string {
  if (mode === 'by-key' || mode === 'combineByFields') return 'combineByFields';
  if (mode === 'wait-all') return 'chooseBranch';
  if (mode === 'combine') return combineBy;
  return mode;
}

function combineByFields(ctx: OperatorContext, input1: Item[], input2: Item[], options: MergeOptions, clash: ClashHandling): Item[] {
  const pairs = fieldPairs(Boolean(ctx.param('advanced', 0, false)), ctx.param('fieldsToMatchString', 0, ''), ctx.param('mergeByFields', 0, { values: [] }));
  if (pairs.length === 0 || (pairs.length === 1 && !pairs[0]!.field1 && !pairs[0]!.field2)) {
    throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": no fields to match. Set fieldsToMatchString (e.g. "customerId") or mergeByFields.values.`);
  }
  pairs.forEach((p, k) => {
    if (!p.field1 || !p.field2) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": pair ${k + 1} of the fields to match has a blank side (field 1 = '${p.field1}', field 2 = '${p.field2}'); name both fields.`);
  });
  const joinMode = ctx.param<string>('joinMode', 0, 'keepMatches');
  const outputDataFrom = ctx.param<string>('outputDataFrom', 0, 'both');
  const from1 = (list: Array<{ item: Item; index: number }>) => list.map((e) => ({ ...e.item, pairedItem: { item: e.index, input: 0 } }));
  const from2 = (list: Array<{ item: Item; index: number }>) => list.map((e) => ({ ...e.item, pairedItem: { item: e.index, input: 1 } }));
  const indexed = (items: Item[]) => items.map((item, index) => ({ item, index }));
  // As n8n: with one input empty there is nothing to match.
  if (input1.length === 0 || input2.length === 0) {
    if (joinMode === 'keepNonMatches' && ((input1.length === 0 && outputDataFrom === 'input1') || (input2.length === 0 && outputDataFrom === 'input2'))) return [];
    if (joinMode === 'keepMatches' || (joinMode === 'enrichInput1' && input1.length === 0) || (joinMode === 'enrichInput2' && input2.length === 0)) return [];
    return [...from1(indexed(input1)), ...from2(indexed(input2))];
  }
  const perPair = outputDataFrom === 'both' || joinMode === 'enrichInput1' || joinMode === 'enrichInput2';
  const m = findMatches(input1, input2, pairs, options, perPair);
  const suffix = clash.resolveClash === 'addSuffix';
  const suffixed = (items: Item[], s: string) => (suffix ? items.map((i) => ({ ...i, json: suffixKeys(i.json, s) })) : items);
  switch (joinMode) {
    case 'keepMatches':
    case 'keepEverything': {
      let out: Item[] = [];
      if (outputDataFrom === 'input1') out = from1(m.matched.map((x) => x.entry));
      else if (outputDataFrom === 'input2') out = from2(m.matched2);
      else if (outputDataFrom === 'both') out = mergeMatched(m.matched, clash);
      if (joinMode === 'keepEverything') out = [...out, ...suffixed(from1(m.unmatched1), '1'), ...suffixed(from2(m.unmatched2), '2')];
      return out;
    }
    case 'keepNonMatches':
      if (outputDataFrom === 'input1') return from1(m.unmatched1);
      if (outputDataFrom === 'input2') return from2(m.unmatched2);
      return [
        ...from1(m.unmatched1).map((i) => ({ ...i, json: { ...i.json, _source: 'input1' } })),
        ...from2(m.unmatched2).map((i) => ({ ...i, json: { ...i.json, _source: 'input2' } })),
      ];
    case 'enrichInput1':
      return [...mergeMatched(m.matched, clash), ...suffixed(from1(m.unmatched1), '1')];
    case 'enrichInput2':
      // n8n keeps input 1's order for the matches and, unless told otherwise, input 1's values on clashes.
      return [...mergeMatched(m.matched, clash, true), ...suffixed(from2(m.unmatched2), '2')];
    default:
      throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": joinMode must be keepMatches, keepNonMatches, keepEverything, enrichInput1 or enrichInput2, not "${joinMode}".`);
  }
}

function combineByPosition(inputs: Item[][], clash: ClashHandling, includeUnpaired: boolean): Item[] {
  // n8n merges every input's item in order and then the preferred input's again, so it wins.
  const preferredMatch = /^preferInput(\d+)$/.exec(clash.resolveClash ?? '');
  const preferred = preferredMatch ? Number(preferredMatch[1]) - 1 : inputs.length - 1;
  const suffix = clash.resolveClash === 'addSuffix';
  const lengths = inputs.map((i) => i.length);
  const count = includeUnpaired ? Math.max(...lengths) : Math.min(...lengths);
  const out: Item[] = [];
  for (let i = 0; i < count; i++) {
    const at = (input: number): JsonObject => {
      const json = inputs[input]?.[i]?.json ?? {};
      return suffix ? suffixKeys(json, String(input + 1)) : json;
    };
    const jsons = [...inputs.map((_, input) => at(input)), at(preferred)];
    const pairedItem = inputs.flatMap((items, input) => (i < items.length ? [{ item: i, input }] : []));
    out.push({ json: combineJson(jsons, clash), pairedItem });
  }
  return out;
}

function combineAll(input1: Item[], input2: Item[], clash: ClashHandling): Item[] {
  // n8n swaps the inputs to let input 1 win, which also makes input 2 the outer loop.
  const swap = clash.resolveClash === 'preferInput1';
  const suffix = clash.resolveClash === 'addSuffix';
  const [outer, inner, outerInput, innerInput] = swap ? [input2, input1, 1, 0] : [input1, input2, 0, 1];
  const jsonOf = (item: Item, input: number) => (suffix ? suffixKeys(item.json, String(input + 1)) : item.json);
  const out: Item[] = [];
  outer.forEach((a, i) =>
    inner.forEach((b, j) =>
      out.push({ json: combineJson([jsonOf(a, outerInput), jsonOf(b, innerInput)], clash), pairedItem: [{ item: i, input: outerInput }, { item: j, input: innerInput }] }),
    ),
  );
  return out;
}

function chooseBranch(ctx: OperatorContext, inputs: Item[][]): Item[] {
  const output = ctx.param<string>('output', 0, 'specifiedInput');
  if (output === 'empty') return [{ json: {}, pairedItem: inputs.flatMap((items, input) => items.map((_, item) => ({ item, input }))) }];
  const which = output === 'input1' ? 1 : output === 'input2' ? 2 : Number(ctx.param('useDataOfInput', 0, 1));
  if (!Number.isInteger(which) || which < 1 || which > inputs.length) {
    throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": useDataOfInput must be between 1 and ${inputs.length}, not ${JSON.stringify(which)}.`);
  }
  return tag(inputs[which - 1]!, which - 1);
}

const inputsFor = (params: Readonly<Record<string, JsonValue>>): PortDescription[] =>
  Array.from({ length: inputCount(params) }, (_, i) => ({ name: `input${i + 1}`, displayName: `Input ${i + 1}`, type: 'items' as const, required: false }));

const base = defineOperator(
  {
    id: 'core.merge',
    displayName: 'Merge',
    description: 'Joins branches: append their items, combine items by matching fields or by position, or wait for all and pick one.',
    category: 'Flow',
    icon: 'git-merge',
    inputs: [
      { name: 'input1', displayName: 'Input 1', type: 'items' },
      { name: 'input2', displayName: 'Input 2', type: 'items' },
    ],
    params: [
      {
        name: 'mode',
        displayName: 'Mode',
        type: 'options',
        default: 'append',
        options: [
          { value: 'append', label: 'Append' },
          { value: 'combine', label: 'Combine' },
          { value: 'by-key', label: 'Combine by matching fields' },
          { value: 'combineByPosition', label: 'Combine by position' },
          { value: 'combineAll', label: 'All possible combinations' },
          { value: 'chooseBranch', label: 'Choose branch' },
          { value: 'wait-all', label: 'Wait for all, output one input' },
        ],
      },
      { name: 'numberInputs', displayName: 'Number of inputs', type: 'number', default: 2, min: 2, max: 10 },
      { name: 'combineBy', type: 'options', default: 'combineByFields', options: [{ value: 'combineByFields' }, { value: 'combineByPosition' }, { value: 'combineAll' }], showWhen: { mode: ['combine'] } },
      { name: 'fieldsToMatchString', displayName: 'Fields to match', type: 'string', default: '', description: 'Comma-separated field names present in both inputs.' },
      { name: 'advanced', displayName: 'Fields have different names', type: 'boolean', default: false },
      { name: 'mergeByFields', type: 'collection', default: { values: [] }, description: 'A list of { field1, field2 } when advanced is on.' },
      {
        name: 'joinMode',
        type: 'options',
        default: 'keepMatches',
        options: [{ value: 'keepMatches' }, { value: 'keepNonMatches' }, { value: 'keepEverything' }, { value: 'enrichInput1' }, { value: 'enrichInput2' }],
      },
      { name: 'outputDataFrom', type: 'options', default: 'both', options: [{ value: 'both' }, { value: 'input1' }, { value: 'input2' }] },
      { name: 'output', type: 'options', default: 'specifiedInput', options: [{ value: 'specifiedInput' }, { value: 'empty' }], showWhen: { mode: ['chooseBranch', 'wait-all'] } },
      { name: 'useDataOfInput', type: 'number', default: 1, min: 1, showWhen: { mode: ['chooseBranch', 'wait-all'] } },
      {
        name: 'options',
        type: 'collection',
        default: {},
        fields: [
          { name: 'clashHandling', type: 'collection', default: { values: {} }, description: '{ values: { resolveClash: preferLast | preferInput1 | addSuffix, mergeMode: deepMerge | shallowMerge, overrideEmpty } }' },
          { name: 'disableDotNotation', type: 'boolean', default: false },
          { name: 'fuzzyCompare', type: 'boolean', default: false },
          { name: 'multipleMatches', type: 'options', default: 'all', options: [{ value: 'all' }, { value: 'first' }] },
          { name: 'includeUnpaired', type: 'boolean', default: false },
        ],
      },
    ],
    docs: 'Append outputs input 1\'s items, then input 2\'s. Combining by matching fields outputs one item per matched input-1 item (in input-1 order), merged with all its matches; on clashes input 2 wins unless options.clashHandling says otherwise.',
  },
  async (ctx, inputs) => {
    const count = Math.max(inputCount(ctx.rawParams), inputs.length);
    const all = Array.from({ length: count }, (_, i) => inputs[i] ?? []);
    const mode = normaliseMode(ctx.param<string>('mode', 0, 'append'), ctx.param<string>('combineBy', 0, 'combineByFields'));
    const options = ctx.param<MergeOptions>('options', 0, {}) ?? {};
    const clash: ClashHandling = isJsonObject(options.clashHandling) && isJsonObject(options.clashHandling.values) ? (options.clashHandling.values as ClashHandling) : {};
    switch (mode) {
      case 'append':
        return [all.flatMap((items, input) => tag(items, input))];
      case 'combineByFields':
        return [combineByFields(ctx, all[0]!, all[1]!, options, clash)];
      case 'combineByPosition':
        return [combineByPosition(all, clash, Boolean(options.includeUnpaired))];
      case 'combineAll':
        return [combineAll(all[0]!, all[1]!, clash)];
      case 'chooseBranch':
        return [chooseBranch(ctx, all)];
      default:
        throw new OperatorError('Unsupported', `Node "${ctx.nodeName}": merge mode "${mode}" is not supported; use append, combine (by fields, by position, all combinations) or chooseBranch.`);
    }
  },
);

/**
 * n8n's Merge 3 requires data on every input only in "choose branch" mode (its description says
 * `requiredInputs: mode === "chooseBranch" ? [0, 1] : 1`); other modes run with one input empty.
 */
function requiredInputs(params: Readonly<Record<string, JsonValue>>): number[] {
  const mode = typeof params['mode'] === 'string' ? params['mode'] : 'append';
  if (mode !== 'chooseBranch' && mode !== 'wait-all') return [];
  return Array.from({ length: inputCount(params) }, (_, i) => i);
}

/** `core.merge` — n8n's Merge node; the number of inputs follows `numberInputs`. */
export const mergeOperator: Operator & { inputsFor: typeof inputsFor; requiredInputs: typeof requiredInputs } = { ...base, inputsFor, requiredInputs };

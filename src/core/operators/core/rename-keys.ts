import { defineOperator } from '../operator-registry';
import { type Item, type JsonValue, OperatorError } from '../operator';
import { deepCopy, isJsonObject } from './json-values';
import { getPath, setPath, unsetPath } from './field-path';
import { throwIfAborted } from './abort';

interface RegexReplacement {
  searchRegex: string;
  replaceRegex?: string;
  options?: { caseInsensitive?: boolean; depth?: number };
}

function listAt(raw: unknown, key: string): Array<Record<string, JsonValue>> {
  const list = isJsonObject(raw) ? raw[key] : raw;
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/** Renames keys matching `regex` at every level down to `depth` (-1: all levels). */
function renameByRegex(value: JsonValue, regex: RegExp, replacement: string, depth: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    if (depth !== 0) for (const v of value) renameByRegex(v, regex, replacement, depth - 1);
    return;
  }
  for (const key of Object.keys(value)) {
    let current = key;
    if (regex.test(key)) {
      const renamed = key.replace(regex, replacement);
      if (renamed !== key) {
        value[renamed] = value[key]!;
        delete value[key];
        current = renamed;
      }
    }
    if (depth !== 0) renameByRegex(value[current]!, regex, replacement, depth - 1);
  }
}

/** `core.rename-keys` — renames fields by name (dot paths) or by regular expression. */
export const renameKeysOperator = defineOperator(
  {
    id: 'core.rename-keys',
    displayName: 'Rename Keys',
    description: 'Renames fields of every item, by name or by a regular expression.',
    category: 'Data transformation',
    icon: 'symbol-key',
    params: [
      { name: 'keys', displayName: 'Keys', type: 'collection', default: { key: [] }, description: 'A list of { currentKey, newKey }; dot paths allowed.' },
      {
        name: 'additionalOptions',
        type: 'collection',
        default: {},
        description: '{ regexReplacement: { replacements: [{ searchRegex, replaceRegex, options: { caseInsensitive, depth } }] } }',
      },
    ],
    docs: 'A key that is missing on an item is left alone. Regex renames apply after the plain renames; depth -1 renames at every level.',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    return [
      items.map((item, i): Item => {
        throwIfAborted(signal);
        const json = deepCopy(item.json);
        for (const pair of listAt(ctx.param('keys', i, { key: [] }), 'key')) {
          const from = String(pair['currentKey'] ?? '');
          const to = String(pair['newKey'] ?? '');
          if (from === '' || to === '' || from === to) continue;
          const value = getPath(item.json, from);
          if (value === undefined) continue;
          setPath(json, to, deepCopy(value));
          unsetPath(json, from);
        }
        const extra = ctx.param<Record<string, JsonValue>>('additionalOptions', i, {}) ?? {};
        for (const r of listAt(extra['regexReplacement'], 'replacements') as unknown as RegexReplacement[]) {
          let regex: RegExp;
          try {
            regex = new RegExp(String(r.searchRegex ?? ''), r.options?.caseInsensitive ? 'i' : undefined);
          } catch (e) {
            throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": searchRegex "${r.searchRegex}" is not a valid regular expression (${(e as Error).message}).`);
          }
          renameByRegex(json, regex, String(r.replaceRegex ?? ''), r.options?.depth ?? -1);
        }
        const out: Item = { json, pairedItem: { item: i } };
        if (item.binary) out.binary = item.binary;
        return out;
      }),
    ];
  },
);

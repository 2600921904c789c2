import type { Item, JsonObject, JsonValue, PairedItem } from '../operator';
import { deepEqual, deepMerge, isJsonObject, shallowMerge } from './json-values';
import { readField } from './field-path';

/** A pair of fields whose values must be equal for two items to match. */
export interface FieldPair {
  field1: string;
  field2: string;
}

/** How clashing field values are resolved when two items are combined (n8n's clash handling). */
export interface ClashHandling {
  resolveClash?: 'preferLast' | 'preferInput1' | 'preferInput2' | 'addSuffix';
  mergeMode?: 'deepMerge' | 'shallowMerge';
  overrideEmpty?: boolean;
}

export interface MatchOptions {
  disableDotNotation?: boolean;
  fuzzyCompare?: boolean;
  multipleMatches?: 'all' | 'first';
}

interface Indexed {
  item: Item;
  index: number;
}

/** Matches of one input-1 item. */
export interface Matched {
  entry: Indexed;
  matches: Indexed[];
}

export interface MatchResult {
  matched: Matched[];
  matched2: Indexed[];
  unmatched1: Indexed[];
  unmatched2: Indexed[];
}

/** Loose equality for fuzzy matching: "1" equals 1, "true" equals true. */
function fuzzyEqual(a: unknown, b: unknown): boolean {
  if (deepEqual(a, b)) return true;
  const norm = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v === 'string' ? v.trim() : v);
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return deepEqual(norm(a), norm(b));
}

/**
 * Pairs every item of input 1 with the items of input 2 whose fields are equal. With `perPair`
 * (n8n does this when both inputs are merged, and when enriching) every matching pair is its own
 * entry, so an item with two matches gives two merged items.
 */
export function findMatches(input1: Item[], input2: Item[], pairs: FieldPair[], options: MatchOptions, perPair = false): MatchResult {
  const dot = !options.disableDotNotation;
  const equal = options.fuzzyCompare ? fuzzyEqual : deepEqual;
  const result: MatchResult = { matched: [], matched2: [], unmatched1: [], unmatched2: [] };
  const hit2 = new Set<number>();
  input1.forEach((item, index) => {
    const entry = { item, index };
    const lookup = pairs.map((p) => ({ field2: p.field2, value: readField(item.json, p.field1, dot) }));
    if (lookup.some((l) => l.value === undefined)) {
      result.unmatched1.push(entry);
      return;
    }
    const matches: Indexed[] = [];
    for (let j = 0; j < input2.length; j++) {
      if (lookup.every((l) => equal(l.value, readField(input2[j]!.json, l.field2, dot)))) {
        matches.push({ item: input2[j]!, index: j });
        if (options.multipleMatches === 'first') break;
      }
    }
    if (matches.length === 0) {
      result.unmatched1.push(entry);
      return;
    }
    for (const m of matches) hit2.add(m.index);
    if (perPair) for (const m of matches) result.matched.push({ entry, matches: [m] });
    else result.matched.push({ entry, matches });
  });
  input2.forEach((item, index) => (hit2.has(index) ? result.matched2 : result.unmatched2).push({ item, index }));
  return result;
}

/** Combines item jsons: later ones win, deep or shallow, optionally never with empty values. */
export function combineJson(sources: JsonObject[], clash: ClashHandling): JsonObject {
  return clash.mergeMode === 'shallowMerge' ? shallowMerge(sources, clash.overrideEmpty) : deepMerge(sources, clash.overrideEmpty);
}

/** Adds a suffix to every top-level key (`name` → `name_1`), for the "add suffix" clash mode. */
export function suffixKeys(json: JsonObject, suffix: string): JsonObject {
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [`${k}_${suffix}`, v]));
}

/** One merged item per matched input-1 item, combined with all of its matches. */
export function mergeMatched(matched: Matched[], clash: ClashHandling, preferInput1ByDefault = false): Item[] {
  const resolve = clash.resolveClash ?? (preferInput1ByDefault ? 'preferInput1' : 'preferLast');
  return matched.map(({ entry, matches }) => {
    let json: JsonObject;
    if (resolve === 'addSuffix') {
      json = combineJson([suffixKeys(entry.item.json, '1'), ...matches.map((m) => suffixKeys(m.item.json, '2'))], clash);
    } else if (resolve === 'preferInput1') {
      json = combineJson([...matches.map((m) => m.item.json), entry.item.json], clash);
    } else {
      json = combineJson([entry.item.json, ...matches.map((m) => m.item.json)], clash);
    }
    const pairedItem: PairedItem[] = [{ item: entry.index, input: 0 }, ...matches.map((m) => ({ item: m.index, input: 1 }))];
    return { json, pairedItem };
  });
}

/** Field pairs from n8n's `fieldsToMatchString` ("id, email") or `mergeByFields.values`; blank sides stay blank for the caller to report. */
export function fieldPairs(advanced: boolean, fieldsToMatch: JsonValue | undefined, mergeByFields: JsonValue | undefined): FieldPair[] {
  if (advanced) {
    const values = isJsonObject(mergeByFields) ? mergeByFields['values'] : mergeByFields;
    return Array.isArray(values) ? values.filter(isJsonObject).map((v) => ({ field1: String(v['field1'] ?? '').trim(), field2: String(v['field2'] ?? '').trim() })) : [];
  }
  return String(fieldsToMatch ?? '')
    .split(',')
    .map((f) => f.trim())
    .map((f) => ({ field1: f, field2: f }));
}

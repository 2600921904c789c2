import type { JsonObject, JsonValue } from '../operators/operator';
import { BASE } from './n8n-workflow';
import { filterToLatest, ifToLatest, mergeToLatest, setToLatest } from './legacy-parameters';
import { httpFromN8n, httpToN8n } from './http-parameters';

/**
 * How one n8n node type maps to a Symphony operator: which operator, how parameters are rewritten
 * each way, which versions are understood, and how n8n's output/input indexes name ports.
 */
export interface NodeMapping {
  /** The full n8n type, e.g. `n8n-nodes-base.set`. */
  n8nType: string;
  /** The Symphony operator for these parameters. */
  operator(params: JsonObject): string;
  /** The operators this mapping exports back to this n8n type. */
  operators: string[];
  /** The typeVersion written when exporting a node that was not imported (or was edited). */
  exportVersion: number;
  /** The oldest typeVersion whose parameters we understand; older nodes stay opaque. */
  minVersion?: number;
  /** n8n parameters (of `version`) → melody params. Default: unchanged. */
  toMelody?(params: JsonObject, version: number): JsonObject;
  /** Melody params of `operator` → n8n parameters of `exportVersion`. Default: unchanged. */
  fromMelody?(params: JsonObject, operator: string): JsonObject;
  /** A note for the user when the mapping cannot carry everything (shown as an import warning). */
  note?(params: JsonObject): string | undefined;
  /** Port names by index; index k beyond the list is named `String(k)`, index 0 `main`. */
  outputs?: string[] | 'numbered';
  inputs?: string[] | 'input-n';
}

const fixed = (id: string) => () => id;

/** Symphony's `fields` map (no types) becomes typed n8n assignments. */
function setFromMelody(params: JsonObject): JsonObject {
  const { fields, ...rest } = params;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || Object.keys(fields).length === 0) return rest;
  const assignmentsParam = rest['assignments'];
  const existing = typeof assignmentsParam === 'object' && assignmentsParam !== null && !Array.isArray(assignmentsParam) && Array.isArray(assignmentsParam['assignments']) ? assignmentsParam['assignments'] : [];
  const typeOf = (v: JsonValue): string => (Array.isArray(v) ? 'array' : v === null ? 'string' : typeof v === 'object' ? 'object' : typeof v === 'string' ? 'string' : typeof v);
  const added = Object.entries(fields).map(([name, value]) => ({ name, value, type: typeOf(value) }));
  return { ...rest, assignments: { assignments: [...existing, ...added] } };
}

/** Symphony's short merge modes become n8n's `mode` + `combineBy`. */
function mergeFromMelody(params: JsonObject): JsonObject {
  const mode = params['mode'];
  if (mode === 'by-key' || mode === 'combineByFields') return { ...params, mode: 'combine', combineBy: 'combineByFields' };
  if (mode === 'combineByPosition' || mode === 'combineAll') return { ...params, mode: 'combine', combineBy: mode };
  if (mode === 'wait-all') return { ...params, mode: 'chooseBranch' };
  return params;
}

// n8n reads files into, and writes files from, the binary property `data`; fs.read can do the
// same (`as: "binary"`), fs.write writes text, so a write node needs its `content` set by hand.
function readWriteToMelody(params: JsonObject): JsonObject {
  const options = typeof params['options'] === 'object' && params['options'] !== null && !Array.isArray(params['options']) ? params['options'] : {};
  if (params['operation'] === 'write') return { path: params['fileName'] ?? '', mode: options['append'] === true ? 'append' : 'overwrite' };
  return { path: params['fileSelector'] ?? '', as: 'binary' };
}

function readWriteFromMelody(params: JsonObject, operator: string): JsonObject {
  if (operator === 'fs.write') return { operation: 'write', fileName: params['path'] ?? '', options: params['mode'] === 'append' ? { append: true } : {} };
  return { fileSelector: params['path'] ?? '', options: {} };
}

/** Every n8n node type Symphony runs natively. */
export const NODE_MAPPINGS: readonly NodeMapping[] = [
  { n8nType: `${BASE}manualTrigger`, operator: fixed('core.manual-trigger'), operators: ['core.manual-trigger'], exportVersion: 1 },
  { n8nType: `${BASE}noOp`, operator: fixed('core.noop'), operators: ['core.noop'], exportVersion: 1 },
  { n8nType: `${BASE}set`, operator: fixed('core.set'), operators: ['core.set'], exportVersion: 3.4, toMelody: setToLatest, fromMelody: setFromMelody },
  { n8nType: `${BASE}if`, operator: fixed('core.if'), operators: ['core.if'], exportVersion: 2.2, toMelody: ifToLatest, outputs: ['true', 'false'] },
  { n8nType: `${BASE}filter`, operator: fixed('core.filter'), operators: ['core.filter'], exportVersion: 2.2, toMelody: filterToLatest },
  { n8nType: `${BASE}switch`, operator: fixed('core.switch'), operators: ['core.switch'], exportVersion: 3.2, minVersion: 3, outputs: 'numbered' },
  { n8nType: `${BASE}merge`, operator: fixed('core.merge'), operators: ['core.merge'], exportVersion: 3.2, toMelody: mergeToLatest, fromMelody: mergeFromMelody, inputs: 'input-n' },
  { n8nType: `${BASE}sort`, operator: fixed('core.sort'), operators: ['core.sort'], exportVersion: 1 },
  { n8nType: `${BASE}limit`, operator: fixed('core.limit'), operators: ['core.limit'], exportVersion: 1 },
  { n8nType: `${BASE}splitOut`, operator: fixed('core.split'), operators: ['core.split'], exportVersion: 1 },
  { n8nType: `${BASE}aggregate`, operator: fixed('core.aggregate'), operators: ['core.aggregate'], exportVersion: 1 },
  { n8nType: `${BASE}removeDuplicates`, operator: fixed('core.remove-duplicates'), operators: ['core.remove-duplicates'], exportVersion: 2 },
  { n8nType: `${BASE}renameKeys`, operator: fixed('core.rename-keys'), operators: ['core.rename-keys'], exportVersion: 1 },
  { n8nType: `${BASE}code`, operator: fixed('core.code'), operators: ['core.code'], exportVersion: 2 },
  {
    n8nType: `${BASE}wait`,
    operator: fixed('core.wait'),
    operators: ['core.wait'],
    exportVersion: 1.1,
    // n8n's Wait counts in hours when no unit is written; ours defaults to seconds.
    toMelody: (p) => ({ ...p, unit: p['unit'] ?? 'hours' }),
  },
  { n8nType: `${BASE}httpRequest`, operator: fixed('http.request'), operators: ['http.request'], exportVersion: 4.2, minVersion: 3, toMelody: httpFromN8n, fromMelody: httpToN8n },
  {
    n8nType: `${BASE}readWriteFile`,
    operator: (p) => (p['operation'] === 'write' ? 'fs.write' : 'fs.read'),
    operators: ['fs.read', 'fs.write'],
    exportVersion: 1,
    toMelody: readWriteToMelody,
    fromMelody: readWriteFromMelody,
    note: (p) => (p['operation'] === 'write' ? 'fs.write writes text: set its "content" parameter (n8n wrote the binary property of each item)' : undefined),
  },
  {
    n8nType: `${BASE}executeCommand`,
    operator: fixed('build.run'),
    operators: ['build.run'],
    exportVersion: 1,
    toMelody: (p) => ({ command: p['command'] ?? '' }),
    fromMelody: (p) => ({ command: p['command'] ?? '' }),
    // n8n runs the command once unless told to run it per item; build.run runs it per item.
    note: (p) => (p['executeOnce'] !== false ? 'build.run runs the command once per input item, where n8n ran it once; put a core.limit (maxItems 1) before it for the same effect' : undefined),
  },
];

const byType = new Map(NODE_MAPPINGS.map((m) => [m.n8nType, m]));
const byOperator = new Map(NODE_MAPPINGS.flatMap((m) => m.operators.map((op) => [op, m] as const)));

/** The mapping of an n8n node type, if Symphony runs it natively. */
export const mappingForType = (type: string): NodeMapping | undefined => byType.get(type);

/** The mapping that exports a Symphony operator, if n8n has an equivalent. */
export const mappingForOperator = (operator: string): NodeMapping | undefined => byOperator.get(operator);

/** The prefix of operator ids of n8n nodes without a Symphony equivalent. */
export const OPAQUE_PREFIX = 'n8n.';
/** The prefix of n8n types of Symphony operators that n8n does not have (written on export). */
export const SYMPHONY_TYPE_PREFIX = 'symphony.';

/** The melody port name of output `index` of a node. */
export function outputPortName(mapping: NodeMapping | undefined, index: number): string {
  if (mapping?.outputs === 'numbered') return String(index);
  const named = mapping?.outputs?.[index];
  if (named) return named;
  return index === 0 ? 'main' : String(index);
}

/** The melody port name of input `index` of a node. */
export function inputPortName(mapping: NodeMapping | undefined, index: number): string {
  if (mapping?.inputs === 'input-n') return `input${index + 1}`;
  const named = mapping?.inputs?.[index];
  if (named) return named;
  return index === 0 ? 'main' : String(index);
}

/** The n8n index of a melody port reference, or undefined when the name is not known. */
export function portIndex(mapping: NodeMapping | undefined, port: string | number | undefined, direction: 'input' | 'output'): number | undefined {
  if (port === undefined || port === 'main') return 0;
  if (typeof port === 'number') return port;
  const names = direction === 'output' ? mapping?.outputs : mapping?.inputs;
  if (Array.isArray(names) && names.includes(port)) return names.indexOf(port);
  const inputN = /^input(\d+)$/.exec(port);
  if (direction === 'input' && inputN) return Number(inputN[1]) - 1;
  return /^\d+$/.test(port) ? Number(port) : undefined;
}

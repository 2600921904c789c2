import type { Diagnostic } from '../base/diagnostic';
import type { JsonObject, JsonValue } from '../operators/operator';
import { MELODY_FORMAT, type Melody, type MelodyConnection, type MelodyNode } from '../melody/melody-schema';
import type { N8nNode } from './n8n-workflow';
import { OPAQUE_PREFIX, SYMPHONY_TYPE_PREFIX, type NodeMapping, inputPortName, mappingForType, outputPortName } from './node-map';

/** What importing an n8n workflow gives: the melody and what the user should know about it. */
export interface N8nImportResult {
  melody?: Melody;
  diagnostics: Diagnostic[];
}

/** n8n's canvas note type; notes are kept aside and restored on export. */
export const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

/** Fields of an n8n node that the melody node carries itself; everything else goes into its `n8n` record. */
const NODE_OWN_FIELDS = new Set(['name', 'position', 'parameters', 'disabled', 'notes', 'alwaysOutputData']);

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The mapping that will run this node, or undefined when it stays an opaque n8n node. */
function usableMapping(node: N8nNode): NodeMapping | undefined {
  if (node.type.startsWith(SYMPHONY_TYPE_PREFIX)) return undefined;
  const mapping = mappingForType(node.type);
  if (!mapping) return undefined;
  if (mapping.minVersion !== undefined && (node.typeVersion ?? 1) < mapping.minVersion) return undefined;
  return mapping;
}

/**
 * n8n's error settings as a melody onError. n8n's engine tries a node 2 to 5 times when
 * retryOnFail is on (maxTries, default 3) with a fixed wait of 0 to 5000 ms (waitBetweenTries;
 * 0 or missing means 1000). After the last try, "continue" modes emit one `{ error }` item per
 * input item: on the regular output, or on an extra "error" output after the node's own.
 */
function onErrorOf(node: N8nNode): MelodyNode['onError'] | undefined {
  const retry = node['retryOnFail'] === true;
  const clamp = (v: unknown, fallback: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, typeof v === 'number' && v ? v : fallback));
  const retries = retry ? clamp(node['maxTries'], 3, 2, 5) - 1 : 0;
  const backoffMs = retry ? clamp(node['waitBetweenTries'], 1000, 0, 5000) : 0;
  const mode = node['onError'];
  const port = mode === 'continueErrorOutput' ? 'error' : mode === 'continueRegularOutput' || (mode === undefined && node['continueOnFail'] === true) ? 0 : undefined;
  if (port === undefined) return retry ? { strategy: 'retry', retries, backoffMs, backoffFactor: 1 } : undefined;
  return { strategy: 'retry', retries, backoffMs, backoffFactor: 1, then: 'fallback', port, errorItems: 'n8n' } as MelodyNode['onError'];
}

function convertNode(node: N8nNode, index: number, diagnostics: Diagnostic[], file: string | undefined): MelodyNode {
  const mapping = usableMapping(node);
  const version = typeof node.typeVersion === 'number' ? node.typeVersion : 1;
  const original = isObject(node.parameters) ? node.parameters : {};
  const n8n: JsonObject = {};
  for (const [key, value] of Object.entries(node)) if (!NODE_OWN_FIELDS.has(key) && value !== undefined) n8n[key] = value;
  let operator: string;
  let params: JsonObject;
  if (node.type.startsWith(SYMPHONY_TYPE_PREFIX)) {
    // A Symphony operator that went through n8n on an earlier export comes home unchanged.
    operator = node.type.slice(SYMPHONY_TYPE_PREFIX.length);
    params = original;
    delete n8n['type'];
    delete n8n['typeVersion'];
  } else if (mapping) {
    operator = mapping.operator(original);
    params = mapping.toMelody ? mapping.toMelody(original, version) : original;
    if (params !== original) n8n['parameters'] = original;
    const note = mapping.note?.(original);
    if (note) diagnostics.push({ severity: 'warning', code: 'PartialN8nMapping', message: `node "${node.name}" (${node.type}) became ${operator}: ${note}`, file, path: `nodes[${index}]`, source: 'n8n' });
  } else {
    operator = OPAQUE_PREFIX + node.type;
    params = original;
    const known = mappingForType(node.type);
    diagnostics.push({
      severity: 'info',
      code: 'UnmappedN8nNode',
      message: known
        ? `node "${node.name}" is ${node.type} version ${version}, older than the oldest version Symphony runs (${known.minVersion}); it is kept as-is and fails if it runs`
        : `node "${node.name}" (${node.type}) has no Symphony equivalent; it is kept as-is, exported back unchanged, and fails if it runs`,
      file,
      path: `nodes[${index}]`,
      fix: known ? `open it in n8n and upgrade the node, or replace it with ${known.operator(original)}` : 'replace it with a Symphony operator, or keep it for export only',
      source: 'n8n',
    });
  }
  const out: MelodyNode = { id: node.name, operator };
  if (Array.isArray(node.position) && node.position.length >= 2) out.position = { x: Number(node.position[0]) || 0, y: Number(node.position[1]) || 0 };
  out.params = params as Record<string, JsonValue>;
  if (node.disabled === true) out.disabled = true;
  if (typeof node.notes === 'string') out.notes = node.notes;
  if (node.alwaysOutputData === true) out.alwaysOutputData = true;
  const onError = onErrorOf(node);
  if (onError) out.onError = onError;
  if (Object.keys(n8n).length > 0) (out as Record<string, unknown>)['n8n'] = n8n;
  return out;
}

function convertConnections(raw: unknown, nodes: Map<string, N8nNode>, diagnostics: Diagnostic[], file: string | undefined): MelodyConnection[] {
  const out: MelodyConnection[] = [];
  if (!isObject(raw)) return out;
  for (const [source, byType] of Object.entries(raw)) {
    if (!nodes.has(source)) {
      diagnostics.push({ severity: 'warning', code: 'UnknownN8nNode', message: `connections name a source node "${source}" that is not in nodes[]`, file, path: `connections.${source}`, fix: 'remove the connection or add the node', source: 'n8n' });
    }
    if (!isObject(byType)) continue;
    const fromMapping = nodes.has(source) ? usableMapping(nodes.get(source)!) : undefined;
    for (const [type, outputs] of Object.entries(byType)) {
      if (!Array.isArray(outputs)) continue;
      outputs.forEach((targets, outputIndex) => {
        if (!Array.isArray(targets)) return;
        for (const t of targets) {
          if (!isObject(t) || typeof t['node'] !== 'string') continue;
          const inputIndex = typeof t['index'] === 'number' ? t['index'] : 0;
          const target = nodes.get(t['node']);
          if (!target) {
            diagnostics.push({ severity: 'warning', code: 'UnknownN8nNode', message: `a connection from "${source}" goes to "${t['node']}", which is not in nodes[]`, file, path: `connections.${source}`, fix: 'remove the connection or add the node', source: 'n8n' });
          }
          const toMapping = target ? usableMapping(target) : undefined;
          const connection: MelodyConnection =
            type === 'main'
              ? { from: { node: source, port: outputPortName(fromMapping, outputIndex) }, to: { node: t['node'], port: inputPortName(toMapping, inputIndex) } }
              : // AI sub-node links (ai_tool, ai_languageModel…) keep their type and indexes for export.
                { from: { node: source, port: outputIndex === 0 ? type : `${type}.${outputIndex}` }, to: { node: t['node'], port: inputIndex === 0 ? type : `${type}.${inputIndex}` }, n8n: { type, output: outputIndex, input: inputIndex } };
          const targetType = t['type'];
          if (type === 'main' && typeof targetType === 'string' && targetType !== 'main') (connection as Record<string, unknown>)['n8n'] = { type: targetType };
          out.push(connection);
        }
      });
    }
  }
  return out;
}

/**
 * Converts n8n workflow JSON (already parsed) into a `melody/1` document. Node ids are the n8n
 * names (so `$('Name')` expressions keep working), ports follow the operators' port names, and
 * every field Symphony does not use is kept in `n8n` records for a faithful export.
 * Problems come back as diagnostics; this never throws on bad input.
 */
export function importN8nWorkflow(workflow: unknown, options: { file?: string; name?: string } = {}): N8nImportResult {
  const { file } = options;
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string, path?: string, fix?: string): N8nImportResult => ({ diagnostics: [...diagnostics, { severity: 'error', code: 'InvalidN8nWorkflow', message, file, path, fix, source: 'n8n' }] });
  if (!isObject(workflow)) return fail('an n8n workflow is a JSON object with "nodes" and "connections"', undefined, 'export the workflow from n8n with "Download"');
  if (!Array.isArray(workflow['nodes'])) return fail('"nodes" must be an array of n8n nodes', 'nodes', 'export the workflow from n8n with "Download"');
  const nodes = new Map<string, N8nNode>();
  const melodyNodes: MelodyNode[] = [];
  // Sticky notes are canvas annotations, not steps: they never run, so they do not become nodes.
  const stickyNotes: JsonObject[] = [];
  workflow['nodes'].forEach((raw, i) => {
    if (isObject(raw) && raw['type'] === STICKY_NOTE) {
      stickyNotes.push({ index: i, node: raw });
      return;
    }
    if (!isObject(raw) || typeof raw['name'] !== 'string' || raw['name'] === '' || typeof raw['type'] !== 'string') {
      diagnostics.push({ severity: 'error', code: 'InvalidN8nNode', message: `nodes[${i}] needs a non-empty "name" and a "type"`, file, path: `nodes[${i}]`, fix: 'give the node a name and an n8n type such as "n8n-nodes-base.noOp"', source: 'n8n' });
      return;
    }
    const node = raw as unknown as N8nNode;
    if (nodes.has(node.name)) {
      diagnostics.push({ severity: 'error', code: 'DuplicateNodeId', message: `two nodes are named "${node.name}"; n8n node names must be unique`, file, path: `nodes[${i}].name`, fix: 'rename one of them', source: 'n8n' });
      return;
    }
    nodes.set(node.name, node);
    melodyNodes.push(convertNode(node, i, diagnostics, file));
  });
  const { nodes: _n, connections, name, ...rest } = workflow;
  const melody: Melody = {
    format: MELODY_FORMAT,
    name: typeof name === 'string' && name !== '' ? name : (options.name ?? 'Imported n8n workflow'),
    nodes: melodyNodes,
    connections: convertConnections(connections, nodes, diagnostics, file),
    // n8n runs a node once per branch that reaches it (see docs/n8n.md, "Nodes that run more than once").
    config: { fanIn: 'perBranch' },
  };
  const record: JsonObject = { ...rest };
  if (stickyNotes.length > 0) record['stickyNotes'] = stickyNotes;
  if (Object.keys(record).length > 0) (melody as Record<string, unknown>)['n8n'] = record;
  return { melody, diagnostics };
}

import type { Diagnostic } from '../base/diagnostic';
import type { JsonObject, JsonValue } from '../operators/operator';
import type { Melody, MelodyNode } from '../melody/melody-schema';
import type { N8nConnections, N8nNode, N8nWorkflow } from './n8n-workflow';
import { OPAQUE_PREFIX, SYMPHONY_TYPE_PREFIX, type NodeMapping, mappingForOperator, mappingForType, portIndex } from './node-map';
import { deepEqual } from '../operators/core/json-values';

/** What exporting a melody gives: n8n workflow JSON and what did not translate. */
export interface N8nExportResult {
  workflow: N8nWorkflow;
  diagnostics: Diagnostic[];
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A deterministic UUID-shaped id for nodes that never had an n8n id. */
function stableId(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 + text.charCodeAt(i), 2246822519) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Target {
  type: string;
  typeVersion: number;
  parameters: JsonObject;
  mapping?: NodeMapping;
}

/** Which n8n type, version and parameters a melody node becomes. */
function targetOf(node: MelodyNode, record: JsonObject, diagnostics: Diagnostic[], file: string | undefined, index: number): Target {
  const params = (node.params ?? {}) as JsonObject;
  const recordedType = typeof record['type'] === 'string' ? record['type'] : undefined;
  const recordedVersion = typeof record['typeVersion'] === 'number' ? record['typeVersion'] : undefined;
  if (node.operator.startsWith(OPAQUE_PREFIX)) {
    return { type: node.operator.slice(OPAQUE_PREFIX.length), typeVersion: recordedVersion ?? 1, parameters: params };
  }
  const mapping = mappingForOperator(node.operator);
  if (!mapping) {
    diagnostics.push({
      severity: 'warning',
      code: 'NoN8nEquivalent',
      message: `node "${node.id}" uses ${node.operator}, which n8n does not have; it is written as type "${SYMPHONY_TYPE_PREFIX}${node.operator}" (n8n shows it as unknown, Symphony imports it back)`,
      file,
      path: `nodes[${index}]`,
      source: 'n8n',
    });
    return { type: SYMPHONY_TYPE_PREFIX + node.operator, typeVersion: 1, parameters: params };
  }
  if (recordedType === mapping.n8nType && recordedVersion !== undefined) {
    const original = record['parameters'];
    if (isObject(original)) {
      // Rewritten on import: unedited since, the original parameters go back as they were.
      if (mapping.toMelody && deepEqual(mapping.toMelody(original, recordedVersion), params)) {
        return { type: mapping.n8nType, typeVersion: recordedVersion, parameters: original, mapping };
      }
    } else if (!mapping.fromMelody || deepEqual(mapping.fromMelody(params, node.operator), params)) {
      // Imported unchanged and still in that version's shape: keep the version.
      return { type: mapping.n8nType, typeVersion: recordedVersion, parameters: params, mapping };
    }
  }
  const parameters = mapping.fromMelody ? mapping.fromMelody(params, node.operator) : params;
  return { type: mapping.n8nType, typeVersion: mapping.exportVersion, parameters, mapping };
}

function exportNode(node: MelodyNode, index: number, diagnostics: Diagnostic[], file: string | undefined): { n8n: N8nNode; mapping?: NodeMapping } {
  const record = isObject((node as Record<string, unknown>)['n8n']) ? ((node as Record<string, unknown>)['n8n'] as JsonObject) : {};
  const target = targetOf(node, record, diagnostics, file, index);
  const { type: _t, typeVersion: _v, parameters: _p, id, ...extra } = record;
  const out: N8nNode = {
    id: typeof id === 'string' ? id : stableId(node.id),
    name: node.id,
    type: target.type,
    typeVersion: target.typeVersion,
    position: [node.position?.x ?? 0, node.position?.y ?? 0],
    parameters: target.parameters,
  };
  for (const [k, v] of Object.entries(extra)) out[k] = v;
  if (node.disabled) out.disabled = true;
  if (node.notes !== undefined) out.notes = node.notes;
  if (node.alwaysOutputData) out.alwaysOutputData = true;
  const onError = node.onError;
  // n8n's own fields come back as they were unless the melody now says something else.
  if (onError?.strategy === 'retry' && (onError.retries ?? 2) > 0) {
    out['retryOnFail'] = true;
    const tries = (onError.retries ?? 2) + 1;
    if (Math.min(5, Math.max(2, Number(out['maxTries']) || 3)) !== tries) out['maxTries'] = tries;
    const wait = onError.backoffMs;
    if (wait !== undefined && Math.min(5000, Math.max(0, Number(out['waitBetweenTries']) || 1000)) !== wait) out['waitBetweenTries'] = wait;
  }
  if (onError?.strategy === 'retry' && onError.then === 'fallback' && out['onError'] === undefined) {
    out['onError'] = onError.port === 'error' ? 'continueErrorOutput' : 'continueRegularOutput';
  }
  if ((onError?.strategy === 'skip' || onError?.strategy === 'fallback') && out['onError'] === undefined) out['onError'] = 'continueRegularOutput';
  return { n8n: out, mapping: target.mapping ?? mappingForType(target.type) };
}

/**
 * Converts a melody into n8n workflow JSON. Nodes imported from n8n come back with their type,
 * version, id and every field n8n wrote; native Symphony nodes become the nearest n8n node.
 * Diagnostics report what n8n cannot represent.
 */
export function exportN8nWorkflow(melody: Melody, options: { file?: string } = {}): N8nExportResult {
  const diagnostics: Diagnostic[] = [];
  const exported = melody.nodes.map((node, i) => exportNode(node, i, diagnostics, options.file));
  const mappings = new Map(exported.map((e) => [e.n8n.name, e.mapping]));
  const connections: N8nConnections = {};
  (melody.connections ?? []).forEach((c, i) => {
    const record = isObject((c as Record<string, unknown>)['n8n']) ? ((c as Record<string, unknown>)['n8n'] as JsonObject) : {};
    const type = typeof record['type'] === 'string' && typeof record['output'] === 'number' ? record['type'] : 'main';
    const output = type === 'main' ? portIndex(mappings.get(c.from.node), c.from.port, 'output') : (record['output'] as number);
    const input = type === 'main' ? portIndex(mappings.get(c.to.node), c.to.port, 'input') : (record['input'] as number);
    if (output === undefined || input === undefined) {
      diagnostics.push({
        severity: 'warning',
        code: 'UnmappedPort',
        message: `connection ${c.from.node}:${String(c.from.port)} → ${c.to.node}:${String(c.to.port)} uses a port n8n cannot number; it is written to port 0`,
        file: options.file,
        path: `connections[${i}]`,
        source: 'n8n',
      });
    }
    const outputs = ((connections[c.from.node] ??= {})[type] ??= []);
    while (outputs.length <= (output ?? 0)) outputs.push([]);
    const targetType = typeof record['type'] === 'string' && type === 'main' ? record['type'] : type;
    (outputs[output ?? 0] ??= []).push({ node: c.to.node, type: targetType, index: input ?? 0 });
  });
  const { stickyNotes, ...extra } = isObject((melody as Record<string, unknown>)['n8n']) ? ((melody as Record<string, unknown>)['n8n'] as JsonObject) : {};
  const nodes = exported.map((e) => e.n8n);
  // Sticky notes go back where they were in n8n's node list.
  if (Array.isArray(stickyNotes)) {
    for (const note of stickyNotes) {
      if (!isObject(note) || !isObject(note['node'])) continue;
      const at = typeof note['index'] === 'number' ? Math.min(note['index'], nodes.length) : nodes.length;
      nodes.splice(at, 0, note['node'] as unknown as N8nNode);
    }
  }
  const workflow: N8nWorkflow = {
    name: melody.name,
    nodes,
    connections,
    ...(extra as Record<string, JsonValue>),
  };
  if (workflow.settings === undefined) workflow.settings = { executionOrder: 'v1' };
  return { workflow, diagnostics };
}

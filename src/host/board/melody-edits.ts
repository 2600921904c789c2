import type { OperatorDescription, JsonValue } from '../../core/operators/operator';
import type { BoardIntent, Connection, MelodyNodeShape, NodeSettings } from '../../protocol/board';
import { connectionProblem } from '../../protocol/board-connection-rules';
import { minimalReplacement, parseMelodyText, serialize, type TextReplacement } from './melody-text';

/**
 * Turns one board intent into one text replacement on the melody document. Works on plain JSON:
 * the parsed document is edited in place, so unknown fields (at any level) and key order survive,
 * and the result is written back in the document's own style. View state never enters the file.
 */

/** What applying an intent gives: the replacement (none when nothing changed) and new node ids. */
export type IntentResult =
  | { ok: true; replacement?: TextReplacement; created: string[] }
  | { ok: false; reason: string };

type Doc = Record<string, unknown> & { nodes: MelodyNodeShape[]; connections: Connection[] };

/** Applies `intent` to the melody `text`. Refuses (never throws) when the text does not parse. */
export function applyIntent(text: string, intent: BoardIntent, operators: ReadonlyMap<string, OperatorDescription>): IntentResult {
  const parsed = parseMelodyText(text);
  if (!parsed.ok) {
    return { ok: false, reason: `The melody is not valid JSON (line ${parsed.problem.line}, column ${parsed.problem.column}): ${parsed.problem.message}. Fix it in the text editor; the board will not overwrite it.` };
  }
  const doc = parsed.value as Doc;
  if (doc.nodes !== undefined && !Array.isArray(doc.nodes)) return { ok: false, reason: '"nodes" must be a list; fix it in the text editor first.' };
  if (doc.connections !== undefined && !Array.isArray(doc.connections)) return { ok: false, reason: '"connections" must be a list; fix it in the text editor first.' };
  doc.nodes ??= [];
  doc.connections ??= [];
  const outcome = mutate(doc, intent, operators);
  if (typeof outcome === 'string') return { ok: false, reason: outcome };
  const replacement = minimalReplacement(text, serialize(doc, parsed.style));
  return { ok: true, replacement, created: outcome };
}

/** Changes `doc`; returns created node ids, or the reason the intent was refused. */
function mutate(doc: Doc, intent: BoardIntent, operators: ReadonlyMap<string, OperatorDescription>): string[] | string {
  const byId = new Map(doc.nodes.filter(isNode).map((n) => [n.id, n]));
  const need = (id: string): MelodyNodeShape | string => byId.get(id) ?? `There is no node "${id}" in this melody (it may have been removed in the text editor).`;
  switch (intent.type) {
    case 'addNode': {
      const description = operators.get(intent.operator);
      const id = uniqueId(baseId(intent.operator), byId);
      const node: MelodyNodeShape = { id, operator: intent.operator };
      node.name = intent.name ?? uniqueName(description?.displayName ?? id, doc.nodes);
      node.position = roundPosition(intent.position);
      node.params = intent.params ?? defaultParams(description);
      doc.nodes.push(node);
      byId.set(id, node);
      if (intent.connectFrom) {
        const port = description?.inputs[0]?.name ?? 'main';
        const connection = { from: intent.connectFrom, to: { node: id, port } };
        const problem = connectionProblem(connection, byId, operators, doc.connections);
        if (!problem) doc.connections.push(connection);
      }
      return [id];
    }
    case 'moveNodes':
    case 'autoLayout': {
      for (const move of intent.moves) {
        const node = need(move.id);
        if (typeof node === 'string') return node;
        node.position = roundPosition(move.position);
      }
      return [];
    }
    case 'connect': {
      const problem = connectionProblem(intent.connection, byId, operators, doc.connections);
      if (problem) return problem;
      doc.connections.push({ from: { ...intent.connection.from }, to: { ...intent.connection.to } });
      return [];
    }
    case 'disconnect': {
      const before = doc.connections.length;
      doc.connections = doc.connections.filter((c) => !intent.connections.some((d) => sameConnection(c, d)));
      return before === doc.connections.length ? 'That connection is no longer in the melody.' : [];
    }
    case 'deleteElements': {
      const gone = new Set(intent.nodes);
      doc.nodes = doc.nodes.filter((n) => !isNode(n) || !gone.has(n.id));
      doc.connections = doc.connections.filter(
        (c) => !gone.has(c.from?.node ?? '') && !gone.has(c.to?.node ?? '') && !intent.connections.some((d) => sameConnection(c, d)),
      );
      return [];
    }
    case 'updateParams': {
      const node = need(intent.node);
      if (typeof node === 'string') return node;
      const params = (node.params ??= {});
      for (const [key, value] of Object.entries(intent.set)) params[key] = value as JsonValue;
      for (const key of intent.unset) delete params[key];
      return [];
    }
    case 'updateNodeSettings': {
      const node = need(intent.node);
      if (typeof node === 'string') return node;
      applySettings(node, intent.settings);
      return [];
    }
    case 'paste':
      return paste(doc, byId, intent.nodes, intent.connections, intent.offset, intent.at);
    case 'renameMelody':
      doc.name = intent.name;
      return [];
  }
}

function applySettings(node: MelodyNodeShape, settings: NodeSettings): void {
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (value === null || (key === 'name' && value === '') || (key === 'disabled' && value === false)) delete record[key];
    else record[key] = value;
  }
}

/** Adds copies of `nodes` with fresh ids where theirs are taken, and the connections among them. */
function paste(
  doc: Doc,
  byId: Map<string, MelodyNodeShape>,
  nodes: MelodyNodeShape[],
  connections: Connection[],
  offset: { x: number; y: number } | undefined,
  at: { x: number; y: number } | undefined,
): string[] {
  let dx = offset?.x ?? 0;
  let dy = offset?.y ?? 0;
  if (at) {
    const xs = nodes.map((n) => n.position?.x ?? 0);
    const ys = nodes.map((n) => n.position?.y ?? 0);
    dx = at.x - Math.min(...xs);
    dy = at.y - Math.min(...ys);
  }
  const idMap = new Map<string, string>();
  const created: string[] = [];
  for (const source of nodes) {
    const copy = structuredClone(source);
    copy.id = uniqueId(source.id, byId);
    copy.position = roundPosition({ x: (source.position?.x ?? 0) + dx, y: (source.position?.y ?? 0) + dy });
    idMap.set(source.id, copy.id);
    byId.set(copy.id, copy);
    doc.nodes.push(copy);
    created.push(copy.id);
  }
  for (const c of connections) {
    const from = idMap.get(c.from.node);
    const to = idMap.get(c.to.node);
    if (from && to) doc.connections.push({ from: { node: from, port: c.from.port }, to: { node: to, port: c.to.port } });
  }
  return created;
}

function isNode(n: unknown): n is MelodyNodeShape {
  return typeof n === 'object' && n !== null && typeof (n as { id?: unknown }).id === 'string';
}

/** Equal ends; `b` comes from the board, which sends ports exactly as the file spells them. */
function sameConnection(a: Connection, b: Connection): boolean {
  return a.from?.node === b.from.node && (a.from?.port ?? 'main') === b.from.port && a.to?.node === b.to.node && (a.to?.port ?? 'main') === b.to.port;
}

function roundPosition(p: { x: number; y: number }): { x: number; y: number } {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** `core.set` → `set`; `my-ext.fetch-page` → `fetch-page`. */
function baseId(operator: string): string {
  const last = operator.split('.').pop() ?? 'node';
  return last.replace(/[^a-zA-Z0-9_-]/g, '-') || 'node';
}

/** `set`, then `set-2`, `set-3`… (a copied `set-2` becomes `set-3`, not `set-2-2`). */
export function uniqueId(wanted: string, taken: ReadonlyMap<string, unknown>): string {
  if (!taken.has(wanted)) return wanted;
  const stem = wanted.replace(/-\d+$/, '');
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function uniqueName(wanted: string, nodes: readonly MelodyNodeShape[]): string {
  const names = new Set(nodes.map((n) => n.name));
  if (!names.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!names.has(`${wanted} ${i}`)) return `${wanted} ${i}`;
}

/** Required parameters with a default: a new node starts valid where the operator allows it. */
function defaultParams(description: OperatorDescription | undefined): Record<string, JsonValue> {
  const params: Record<string, JsonValue> = {};
  for (const p of description?.params ?? []) if (p.required && p.default !== undefined) params[p.name] = p.default;
  return params;
}

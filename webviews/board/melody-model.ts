import type { Edge, Node } from '@xyflow/react';
import type { OperatorDescription } from '../../src/core/operators/operator';
import type { Connection, MelodyNodeShape } from '../../src/protocol/board';
import { findPort, portsOf } from '../../src/protocol/board-connection-rules';

/** What a board node carries; the same object is reused while the file's node is unchanged. */
export interface OperatorNodeData extends Record<string, unknown> {
  raw: MelodyNodeShape;
  operator: OperatorDescription | undefined;
}

export type BoardNode = Node<OperatorNodeData, 'operator'>;
export type BoardEdge = Edge<{ connection: Connection }>;

/** The melody as the board reads it. */
export interface MelodyView {
  name: string;
  nodes: MelodyNodeShape[];
  connections: Connection[];
}

/** Parse result with the line and column of a JSON error. */
export type ParsedText = { ok: true; melody: MelodyView } | { ok: false; message: string; line: number; column: number };

/** Reads the document text; never throws. */
export function parseText(text: string): ParsedText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const where = locate(text, message);
    return { ok: false, message: message.replace(/\s*\(line \d+ column \d+\)/, ''), ...where };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'A melody file must hold one JSON object.', line: 1, column: 1 };
  }
  const v = value as { name?: unknown; nodes?: unknown; connections?: unknown };
  const nodes = (Array.isArray(v.nodes) ? v.nodes : []).filter(
    (n): n is MelodyNodeShape => typeof n === 'object' && n !== null && typeof (n as MelodyNodeShape).id === 'string',
  );
  const connections = (Array.isArray(v.connections) ? v.connections : []).filter(
    (c): c is Connection => typeof c === 'object' && c !== null && typeof c.from?.node === 'string' && typeof c.to?.node === 'string',
  );
  return { ok: true, melody: { name: typeof v.name === 'string' ? v.name : 'Untitled melody', nodes, connections } };
}

function locate(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Keeps node data objects stable across document changes: a node whose JSON did not change gets
 * the same `data`, so memoised node components skip re-rendering on edits elsewhere.
 */
export class NodeDataCache {
  private entries = new Map<string, { key: string; op: OperatorDescription | undefined; data: OperatorNodeData }>();

  data(raw: MelodyNodeShape, operator: OperatorDescription | undefined): OperatorNodeData {
    const key = JSON.stringify(raw);
    const hit = this.entries.get(raw.id);
    if (hit && hit.key === key && hit.op === operator) return hit.data;
    const data: OperatorNodeData = { raw, operator };
    this.entries.set(raw.id, { key, op: operator, data });
    return data;
  }

  /** Forget nodes that left the document. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!ids.has(id)) this.entries.delete(id);
  }
}

/** Port name of a connection end, resolving numeric references against the operator's ports. */
export function portName(ports: ReturnType<typeof portsOf>, ref: string | number | undefined): string {
  return findPort(ports, ref)?.name ?? String(ref ?? 'main');
}

/** Builds React Flow nodes, reusing previous node objects when nothing about them changed. */
export function toFlowNodes(
  melody: MelodyView,
  operators: ReadonlyMap<string, OperatorDescription>,
  cache: NodeDataCache,
  previous: ReadonlyMap<string, BoardNode>,
  selected: ReadonlySet<string>,
): BoardNode[] {
  const ids = new Set<string>();
  const out: BoardNode[] = [];
  for (const raw of melody.nodes) {
    if (ids.has(raw.id)) continue; // a duplicate id is reported by validation; draw the first one
    ids.add(raw.id);
    const op = operators.get(raw.operator);
    const data = cache.data(raw, op);
    const position = raw.position ?? { x: 0, y: 0 };
    const prev = previous.get(raw.id);
    const isSelected = selected.has(raw.id);
    if (prev?.dragging) {
      // Never pull a node out from under the pointer; the drop sends its position.
      out.push(prev.data === data ? prev : { ...prev, data });
      continue;
    }
    if (prev && prev.data === data && prev.position.x === position.x && prev.position.y === position.y && !!prev.selected === isSelected) {
      out.push(prev);
      continue;
    }
    out.push({
      id: raw.id,
      type: 'operator',
      position: { x: position.x, y: position.y },
      data,
      selected: isSelected,
      ariaLabel: `${raw.name ?? raw.id}, ${op?.displayName ?? raw.operator} node`,
      width: prev?.width,
      height: prev?.height,
      measured: prev?.measured,
    });
  }
  cache.retain(ids);
  return out;
}

/** Builds React Flow edges; edge ids name both ends so selection survives document changes. */
export function toFlowEdges(melody: MelodyView, operators: ReadonlyMap<string, OperatorDescription>, selected: ReadonlySet<string>): BoardEdge[] {
  const byId = new Map(melody.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const edges: BoardEdge[] = [];
  for (const c of melody.connections) {
    const from = byId.get(c.from.node);
    const to = byId.get(c.to.node);
    if (!from || !to) continue;
    const sourceHandle = portName(portsOf(operators.get(from.operator), 'outputs'), c.from.port);
    const targetHandle = portName(portsOf(operators.get(to.operator), 'inputs'), c.to.port);
    let id = `${c.from.node}:${sourceHandle}->${c.to.node}:${targetHandle}`;
    if (seen.has(id)) id += `#${edges.length}`;
    seen.add(id);
    edges.push({
      id,
      source: c.from.node,
      target: c.to.node,
      sourceHandle,
      targetHandle,
      selected: selected.has(id),
      ariaLabel: `Connection from ${from.name ?? from.id} ${sourceHandle} to ${to.name ?? to.id} ${targetHandle}`,
      data: { connection: c },
    });
  }
  return edges;
}

import { closest, type Diagnostic, formatPath } from '../base/diagnostic';
import type { Operator, PortDescription } from '../operators/operator';
import type { OperatorRegistry } from '../operators/operator-registry';
import { findCycles } from './find-cycles';
import { conformsToMelodyShape } from './melody-shape';
import { validateExpressions } from './validate-expressions';
import { operatorPorts, portTypesCompatible, resolvePort, resolvePortLoosely } from './melody-ports';
import { MELODY_FORMAT, MelodySchema } from './melody-schema';
import { validateParams } from './validate-params';

/** Options of validateMelody. */
export interface ValidateMelodyOptions {
  /** Severity of OrphanNode (a node with no connections in a melody of several nodes). Default warning. */
  orphans?: 'warning' | 'error' | 'off';
  /** Check parameters against the operators' descriptions (default true). */
  params?: boolean;
}

interface NodeView {
  id: string;
  operator: string;
  params?: Record<string, unknown>;
  op?: Operator;
  inputs?: PortDescription[];
  outputs?: PortDescription[];
}

/**
 * Checks a melody: its shape (the melody/1 schema), then the graph — DuplicateNodeId,
 * UnknownOperator, InvalidEdge, TypeMismatch, MissingRequiredInput, OrphanNode, CycleDetected —
 * and each node's parameters. Never throws; every diagnostic has a path such as `nodes[3].params.x`.
 * Without a registry the operator-dependent checks are left out.
 */
export function validateMelody(melody: unknown, registry?: OperatorRegistry, opts: ValidateMelodyOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (typeof melody !== 'object' || melody === null || Array.isArray(melody)) {
    return [diag('error', 'InvalidMelody', 'a melody must be a JSON object', '', 'start the file with {"format": "melody/1", …}')];
  }
  const doc = melody as Record<string, unknown>;
  if (doc.format !== MELODY_FORMAT) {
    out.push(diag('error', 'UnsupportedFormat', `"format" is ${JSON.stringify(doc.format)}; expected "${MELODY_FORMAT}"`, 'format', `set "format": "${MELODY_FORMAT}" (older formats are migrated when the file is loaded)`));
  }
  const parsed = conformsToMelodyShape(doc) ? undefined : MelodySchema.safeParse(melody);
  if (parsed && !parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = formatPath(issue.path as Array<string | number>);
      if (path === 'format') continue;
      out.push(diag('error', 'InvalidMelody', `${path || 'melody'}: ${issue.message}`, path, schemaFix(issue.path as Array<string | number>)));
    }
  }
  const rawNodes = Array.isArray(doc.nodes) ? (doc.nodes as unknown[]) : [];
  const rawConnections = Array.isArray(doc.connections) ? (doc.connections as unknown[]) : [];

  // Node table. Nodes whose shape is broken were reported above; they stay out of the graph.
  const n = rawNodes.length;
  const nodes: Array<NodeView | undefined> = new Array(n);
  const byId = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const raw = rawNodes[i] as Record<string, unknown> | null;
    if (!raw || typeof raw !== 'object' || typeof raw.id !== 'string' || typeof raw.operator !== 'string') continue;
    const view: NodeView = { id: raw.id, operator: raw.operator, params: isObject(raw.params) ? raw.params : undefined };
    const first = byId.get(raw.id);
    if (first !== undefined) {
      out.push(diag('error', 'DuplicateNodeId', `node id "${raw.id}" is used by nodes[${first}] and nodes[${i}]`, `nodes[${i}].id`, `rename it, e.g. "${freeId(raw.id, byId)}"`));
      continue;
    }
    byId.set(raw.id, i);
    nodes[i] = view;
    if (opts.params !== false) validateExpressions(raw.params, `nodes[${i}].params`, `node "${raw.id}"`, out);
    if (!registry) continue;
    const op = registry.get(raw.operator);
    if (!op) {
      const guess = registry.suggest(raw.operator);
      out.push(diag('error', 'UnknownOperator', `node "${raw.id}": no operator "${raw.operator}" is installed`, `nodes[${i}].operator`, guess ? `did you mean "${guess}"?` : 'install the sub-extension that provides it, or pick an operator from the palette'));
      continue;
    }
    view.op = op;
    const ports = operatorPorts(op, view.params as never, raw as never);
    view.inputs = ports.inputs;
    view.outputs = ports.outputs;
    if (opts.params !== false) validateParams(view.params, op.description.params, () => `nodes[${i}].params`, `node "${raw.id}" (${raw.operator})`, out);
  }

  // Connections, as compressed adjacency lists (one pass to count, one to fill).
  const from = new Int32Array(rawConnections.length).fill(-1);
  const to = new Int32Array(rawConnections.length).fill(-1);
  const connected = new Uint8Array(n);
  // Which input ports of each node are connected: a bit per port (ports 0-31), a set beyond.
  const inputBits = new Uint32Array(n);
  const highPorts = new Set<string>();
  for (let j = 0; j < rawConnections.length; j++) {
    const c = rawConnections[j] as { from?: { node?: unknown; port?: unknown }; to?: { node?: unknown; port?: unknown } } | null;
    if (!c || typeof c !== 'object' || !c.from || !c.to || typeof c.from.node !== 'string' || typeof c.to.node !== 'string') continue;
    const a = endpoint(c.from.node, j, 'from', byId, out);
    const b = endpoint(c.to.node, j, 'to', byId, out);
    if (a < 0 || b < 0) continue;
    const src = nodes[a]!;
    const dst = nodes[b]!;
    const outPort = port(src.outputs, c.from.port, j, 'from', src, out);
    const inPort = port(dst.inputs, c.to.port, j, 'to', dst, out);
    if (outPort < 0 || inPort < 0) continue;
    if (src.outputs && dst.inputs) {
      const ot = src.outputs[outPort]!.type;
      const it = dst.inputs[inPort]!.type;
      if (!portTypesCompatible(ot, it)) {
        out.push(diag('error', 'TypeMismatch', `"${src.id}" output "${src.outputs[outPort]!.name}" carries ${ot} but "${dst.id}" input "${dst.inputs[inPort]!.name}" expects ${it}`, `connections[${j}]`, 'connect ports of the same type, or put a converting node between them'));
      }
    }
    from[j] = a;
    to[j] = b;
    connected[a] = 1;
    connected[b] = 1;
    if (inPort < 32) inputBits[b]! |= 1 << inPort;
    else highPorts.add(`${b}:${inPort}`);
  }

  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    if (!node) continue;
    if (node.inputs) {
      for (let p = 0; p < node.inputs.length; p++) {
        const input = node.inputs[p]!;
        const linked = p < 32 ? (inputBits[i]! & (1 << p)) !== 0 : highPorts.has(`${i}:${p}`);
        if (input.required && !linked) {
          out.push(diag('error', 'MissingRequiredInput', `node "${node.id}" (${node.operator}) needs a connection into its input "${input.name}"`, `nodes[${i}]`, `connect an output to "${node.id}".${input.name}`));
        }
      }
    }
    if (!connected[i] && n > 1 && opts.orphans !== 'off') {
      out.push(diag(opts.orphans ?? 'warning', 'OrphanNode', `node "${node.id}" is not connected to anything; it runs on its own with the run's input`, `nodes[${i}]`, 'connect it or remove it'));
    }
  }

  for (const cycle of findCycles(n, from, to, (i) => nodes[i]?.id ?? String(i))) {
    const ids = cycle.map((i) => nodes[i]!.id);
    out.push(diag('error', 'CycleDetected', `the connections form a cycle: ${[...ids, ids[0]].join(' → ')}`, `nodes[${cycle[0]}]`, `remove one of the connections between ${ids.map((id) => `"${id}"`).join(', ')}`));
  }
  return out;
}

// Paths are built only when there is something to report: validation of a large melody is a hot path.
function endpoint(id: string, j: number, end: 'from' | 'to', byId: Map<string, number>, out: Diagnostic[]): number {
  const i = byId.get(id);
  if (i !== undefined) return i;
  const path = `connections[${j}].${end}.node`;
  const guess = closest(id, byId.keys());
  out.push(diag('error', 'InvalidEdge', `connection refers to node "${id}", which does not exist`, path, guess ? `did you mean "${guess}"?` : 'connect to an existing node id'));
  return -1;
}

function port(ports: PortDescription[] | undefined, ref: unknown, j: number, end: 'from' | 'to', node: NodeView, out: Diagnostic[]): number {
  if (ref !== undefined && typeof ref !== 'string' && typeof ref !== 'number') return -1;
  const index = ports ? resolvePort(ports, ref) : resolvePortLoosely(ref);
  if (index >= 0) return index;
  const path = `connections[${j}].${end}.port`;
  const side = end === 'from' ? 'output' : 'input';
  const names = (ports ?? []).map((p) => p.name);
  const guess = typeof ref === 'string' ? closest(ref, names) : undefined;
  const list = names.length ? `its ${side}s are ${names.map((p) => `"${p}"`).join(', ')}` : `it has no ${side}s`;
  out.push(diag('error', 'InvalidEdge', `node "${node.id}" (${node.operator}) has no ${side} ${JSON.stringify(ref ?? 0)}; ${list}`, path, guess ? `did you mean "${guess}"?` : `use one of its ${side} ports`));
  return -1;
}

function freeId(id: string, taken: Map<string, number>): string {
  for (let k = 2; ; k++) if (!taken.has(`${id}-${k}`)) return `${id}-${k}`;
}

function schemaFix(path: Array<string | number>): string | undefined {
  const last = path[path.length - 1];
  if (last === 'id') return 'give every node a unique, non-empty "id"';
  if (last === 'operator') return 'set "operator" to an operator id such as "core.set"';
  if (last === 'strategy') return 'use one of "retry", "fallback", "skip", "halt"';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function diag(severity: Diagnostic['severity'], code: string, message: string, path: string, fix?: string): Diagnostic {
  return { severity, code, message, path, fix, source: 'melody' };
}

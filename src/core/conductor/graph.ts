import type { Diagnostic } from '../base/diagnostic';
import type { JsonValue, Operator, ParamDescription, PortDescription } from '../operators/operator';
import type { OperatorRegistry } from '../operators/operator-registry';
import type { Melody, MelodyNode } from '../melody/melody-schema';
import { operatorPorts, resolvePort, resolvePortLoosely } from '../melody/melody-ports';
import { isExpression } from '../melody/validate-params';
import { validateMelody } from '../melody/validate-melody';
import { type ConductorConfig, defaultConductorConfig } from './conductor-config';
import { ReadyQueue } from './ready-queue';
import { type FailurePolicy, resolveFailurePolicy } from './retry-policy';

/** One node, resolved against the registry once, before any run. */
export interface CompiledNode {
  readonly index: number;
  readonly id: string;
  readonly name?: string;
  readonly node: MelodyNode;
  /** Undefined when no operator has the node's id; running such a node fails with UnknownOperator. */
  readonly operator?: Operator;
  readonly params: Readonly<Record<string, JsonValue>>;
  /** Parameter names whose values hold an expression somewhere inside; empty for most nodes. */
  readonly expressionParams: ReadonlySet<string>;
  readonly defaults: ReadonlyMap<string, JsonValue>;
  readonly inputCount: number;
  readonly outputCount: number;
  /** The operator's ports for this node's parameters (empty without an operator). */
  readonly inputPorts: readonly PortDescription[];
  readonly outputPorts: readonly PortDescription[];
  readonly disabled: boolean;
  readonly critical: boolean;
  readonly alwaysOutputData: boolean;
  readonly timeoutMs?: number;
  readonly policy: Readonly<FailurePolicy>;
}

/**
 * A melody as the scheduler needs it: nodes by index and the connections as compressed arrays.
 * Edge e goes from output `srcPort[e]` of `src[e]` to input `dstPort[e]` of `dst[e]`. Edges are
 * grouped by target node (`inStart[i]`…`inStart[i+1]`), ordered by input port and then by their
 * order in the file — so concatenating them in index order gives n8n's item order; `outEdges`
 * lists each node's outgoing edge numbers (`outStart`). No per-node arrays, no maps per node.
 */
export interface CompiledMelody {
  readonly melody: Melody;
  readonly nodes: readonly CompiledNode[];
  readonly ids: readonly string[];
  readonly byId: ReadonlyMap<string, number>;
  readonly inStart: Int32Array;
  readonly src: Int32Array;
  readonly srcPort: Int32Array;
  readonly dst: Int32Array;
  readonly dstPort: Int32Array;
  readonly outStart: Int32Array;
  readonly outEdges: Int32Array;
  readonly config: ConductorConfig;
}

/** Options of compileMelody. */
export interface CompileOptions {
  config?: ConductorConfig;
  /** Run validateMelody first and refuse a melody with errors (default true). */
  validate?: boolean;
}

const EMPTY_PARAMS: Readonly<Record<string, JsonValue>> = Object.freeze({});
const NO_NAMES: ReadonlySet<string> = new Set();
const NO_PORTS: readonly PortDescription[] = Object.freeze([]);
const NO_DEFAULTS: ReadonlyMap<string, JsonValue> = new Map();
const defaultsCache = new WeakMap<Operator, ReadonlyMap<string, JsonValue>>();

/** Resolves a melody against the registry; errors come back as diagnostics and no graph. */
export function compileMelody(
  melody: Melody,
  registry: OperatorRegistry,
  opts: CompileOptions = {},
): { compiled?: CompiledMelody; diagnostics: Diagnostic[] } {
  const diagnostics = opts.validate === false ? [] : validateMelody(melody, registry, { orphans: 'off', params: false });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const config = opts.config ?? defaultConductorConfig();

  const rawNodes = melody.nodes;
  const n = rawNodes.length;
  const nodes: CompiledNode[] = new Array(n);
  const ids: string[] = new Array(n);
  const byId = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const node = rawNodes[i]!;
    const operator = registry.get(node.operator);
    const params = (node.params as Record<string, JsonValue> | undefined) ?? EMPTY_PARAMS;
    const ports = operator ? operatorPorts(operator, params, node) : undefined;
    const outputs = ports ? ports.outputs : NO_PORTS;
    ids[i] = node.id;
    byId.set(node.id, i);
    nodes[i] = {
      index: i,
      id: node.id,
      name: node.name,
      node,
      operator,
      params,
      expressionParams: expressionParams(params),
      defaults: operator ? paramDefaults(operator) : NO_DEFAULTS,
      inputCount: ports ? ports.inputs.length : 1,
      outputCount: ports ? outputs.length : 1,
      inputPorts: ports ? ports.inputs : NO_PORTS,
      outputPorts: outputs,
      disabled: node.disabled === true,
      critical: node.critical === true,
      alwaysOutputData: node.alwaysOutputData === true,
      timeoutMs: node.timeoutMs ?? melody.config?.nodeTimeoutMs ?? config.timeouts.nodeMs,
      policy: resolveFailurePolicy(node.onError, config.retry),
    };
  }

  // Resolve connections; invalid ones (possible only without validation) are dropped.
  const conns = melody.connections ?? [];
  const cSrc: number[] = [];
  const cSrcPort: number[] = [];
  const cDst: number[] = [];
  const cDstPort: number[] = [];
  for (const c of conns) {
    const a = byId.get(c.from.node);
    const b = byId.get(c.to.node);
    if (a === undefined || b === undefined) continue;
    const sa = nodes[a]!;
    const sb = nodes[b]!;
    const op = sa.operator ? resolvePort(sa.outputPorts, c.from.port) : resolvePortLoosely(c.from.port);
    const ip = sb.operator ? resolvePort(sb.inputPorts, c.to.port) : resolvePortLoosely(c.to.port);
    if (op < 0 || ip < 0) continue;
    cSrc.push(a);
    cSrcPort.push(op);
    cDst.push(b);
    cDstPort.push(ip);
  }
  const m = cSrc.length;

  // Group edges by target, then input port, keeping file order (a stable counting sort).
  const inStart = new Int32Array(n + 1);
  for (let j = 0; j < m; j++) inStart[cDst[j]! + 1]!++;
  for (let i = 0; i < n; i++) inStart[i + 1]! += inStart[i]!;
  const order = new Int32Array(m);
  const fill = inStart.slice(0, n);
  for (let j = 0; j < m; j++) order[fill[cDst[j]!]!++] = j;
  for (let i = 0; i < n; i++) {
    const lo = inStart[i]!;
    const hi = inStart[i + 1]!;
    if (hi - lo > 1) order.subarray(lo, hi).sort((x, y) => cDstPort[x]! - cDstPort[y]! || x - y);
  }
  const src = new Int32Array(m);
  const srcPort = new Int32Array(m);
  const dst = new Int32Array(m);
  const dstPort = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const j = order[e]!;
    src[e] = cSrc[j]!;
    srcPort[e] = cSrcPort[j]!;
    dst[e] = cDst[j]!;
    dstPort[e] = cDstPort[j]!;
  }
  const outStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) outStart[src[e]! + 1]!++;
  for (let i = 0; i < n; i++) outStart[i + 1]! += outStart[i]!;
  const outEdges = new Int32Array(m);
  const outFill = outStart.slice(0, n);
  for (let e = 0; e < m; e++) outEdges[outFill[src[e]!]!++] = e;

  return { compiled: { melody, nodes, ids, byId, inStart, src, srcPort, dst, dstPort, outStart, outEdges, config }, diagnostics };
}

/**
 * The static execution order: Kahn's algorithm taking the smallest ready id first. With
 * concurrency 1 the conductor runs nodes in exactly this order.
 */
export function scheduleOrder(g: CompiledMelody): string[] {
  const n = g.nodes.length;
  const pending = new Int32Array(n);
  for (let i = 0; i < n; i++) pending[i] = g.inStart[i + 1]! - g.inStart[i]!;
  const ready = new ReadyQueue(g.ids);
  for (let i = 0; i < n; i++) if (pending[i] === 0) ready.push(i);
  const out: string[] = [];
  while (ready.size) {
    const v = ready.pop();
    out.push(g.ids[v]!);
    for (let k = g.outStart[v]!; k < g.outStart[v + 1]!; k++) {
      const w = g.dst[g.outEdges[k]!]!;
      if (--pending[w]! === 0) ready.push(w);
    }
  }
  return out;
}

function expressionParams(params: Readonly<Record<string, JsonValue>>): ReadonlySet<string> {
  let found: Set<string> | undefined;
  for (const key in params) {
    if (holdsExpression(params[key])) (found ??= new Set()).add(key);
  }
  return found ?? NO_NAMES;
}

function holdsExpression(v: JsonValue | undefined): boolean {
  if (typeof v === 'string') return isExpression(v);
  if (Array.isArray(v)) return v.some(holdsExpression);
  if (v && typeof v === 'object') return Object.values(v).some(holdsExpression);
  return false;
}

function paramDefaults(op: Operator): ReadonlyMap<string, JsonValue> {
  let cached = defaultsCache.get(op);
  if (!cached) {
    const map = new Map<string, JsonValue>();
    collectDefaults(op.description.params, map);
    defaultsCache.set(op, (cached = map));
  }
  return cached;
}

function collectDefaults(params: readonly ParamDescription[], into: Map<string, JsonValue>): void {
  for (const p of params) if (p.default !== undefined) into.set(p.name, p.default);
}

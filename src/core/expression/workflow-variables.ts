import type { Item } from '../operators/operator';
import { ExprDateTime } from './date-time';
import { GLOBAL_NAMES, GLOBALS } from './globals';
import { connectedOutput, pairedItemOf, requireRecord, sourcesOf } from './paired-items';
import type { ExpressionScope, NodeRunRecord } from './run-data';
import { ExpressionFault, HostObject, MISSING, registerFunction, type CallContext } from './runtime';
import type { NameResolver } from './interpreter';

/** The `$` variables every expression can use, for "did you mean" and the docs. */
export const WORKFLOW_VARIABLES = [
  '$json', '$binary', '$input', '$node', '$', '$env', '$now', '$today', '$itemIndex', '$runIndex', '$vars', '$workflow',
  '$execution', '$prevNode', '$items', '$if', '$ifEmpty', '$min', '$max',
] as const;

/** An item as expressions see it: `.json`, `.binary` (empty when the item has none), `.pairedItem`. */
function itemView(item: Item | undefined): Item | undefined {
  return item && !item.binary ? { ...item, binary: {} } : item;
}

function itemViews(items: Item[]): Item[] {
  return items.map((item) => itemView(item)!);
}

function indexArg(value: unknown, fallback: number, method: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ExpressionFault(`${method}() expects an item index (0, 1, 2…)`);
  return value;
}

/** `$input`: the items on the current node's first input. */
class InputVariable extends HostObject {
  readonly kind = '$input';
  constructor(private readonly scope: ExpressionScope) {
    super();
  }
  private items(): Item[] {
    return this.scope.inputs[0] ?? [];
  }
  override get(name: string): unknown {
    if (name === 'item') return itemView(this.items()[this.scope.itemIndex]);
    return MISSING;
  }
  override call(name: string, args: unknown[]): unknown {
    const items = this.items();
    switch (name) {
      case 'all': return itemViews(items);
      case 'first': return itemView(items[0]);
      case 'last': return itemView(items[items.length - 1]);
      case 'itemMatching': return itemView(items[indexArg(args[0], this.scope.itemIndex, 'itemMatching')]);
      default: return MISSING;
    }
  }
  override members(): string[] {
    return ['all', 'first', 'last', 'item', 'itemMatching'];
  }
  override toJSON(): unknown {
    return this.items();
  }
}

/** `$('Node')`: the output of an earlier node, with n8n's item accessors. */
class NodeOutputVariable extends HostObject {
  readonly kind: string;
  constructor(
    private readonly scope: ExpressionScope,
    private readonly record: NodeRunRecord,
  ) {
    super();
    this.kind = `$('${record.name ?? record.id}')`;
  }
  private items(branch: unknown): Item[] {
    const output = branch === undefined ? connectedOutput(this.scope, this.record) : indexArg(branch, 0, 'all');
    return this.record.outputs[output] ?? [];
  }
  override get(name: string): unknown {
    switch (name) {
      case 'item': return itemView(pairedItemOf(this.scope, this.record, this.scope.itemIndex));
      case 'isExecuted': return true;
      case 'name': return this.record.name ?? this.record.id;
      default: return MISSING;
    }
  }
  override call(name: string, args: unknown[]): unknown {
    switch (name) {
      case 'all': return itemViews(this.items(args[0]));
      case 'first': return itemView(this.items(args[0])[0]);
      case 'last': {
        const items = this.items(args[0]);
        return itemView(items[items.length - 1]);
      }
      case 'itemMatching':
      case 'pairedItem':
        return itemView(pairedItemOf(this.scope, this.record, indexArg(args[0], this.scope.itemIndex, name)));
      default: return MISSING;
    }
  }
  override members(): string[] {
    return ['item', 'first', 'last', 'all', 'itemMatching', 'isExecuted'];
  }
}

/**
 * `$node["Node"]`: n8n's older syntax. `.json` is that node's item with the same index as the
 * current item (item 0 when the node produced a single item), from the output that leads here.
 */
class NodeDataVariable extends HostObject {
  readonly kind: string;
  constructor(
    private readonly scope: ExpressionScope,
    private readonly record: NodeRunRecord,
  ) {
    super();
    this.kind = `$node["${record.name ?? record.id}"]`;
  }
  private item(): Item {
    const items = this.record.outputs[connectedOutput(this.scope, this.record)] ?? [];
    const index = items.length === 1 ? 0 : this.scope.itemIndex;
    const item = items[index];
    if (!item) throw new ExpressionFault(`Node "${this.record.name ?? this.record.id}" has no item ${index} (it produced ${items.length}); use $('${this.record.name ?? this.record.id}').item to follow paired items`);
    return item;
  }
  override get(name: string): unknown {
    switch (name) {
      case 'json': case 'data': return this.item().json;
      case 'binary': return this.item().binary ?? {};
      case 'runIndex': return 0;
      case 'name': return this.record.name ?? this.record.id;
      case 'context': return {};
      default: return MISSING;
    }
  }
  override members(): string[] {
    return ['json', 'binary', 'data', 'runIndex', 'name'];
  }
}

class NodeMapVariable extends HostObject {
  readonly kind = '$node';
  constructor(private readonly scope: ExpressionScope) {
    super();
  }
  override get(name: string): unknown {
    return new NodeDataVariable(this.scope, requireRecord(this.scope, name));
  }
}

class EnvVariable extends HostObject {
  readonly kind = '$env';
  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {
    super();
  }
  override get(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.env, name) ? this.env[name] : undefined;
  }
  override members(): string[] {
    return Object.keys(this.env);
  }
  override toJSON(): unknown {
    return { ...this.env };
  }
}

function extraValue(scope: ExpressionScope, name: string): unknown {
  const extra = scope.extra;
  if (!extra) return MISSING;
  if (Object.prototype.hasOwnProperty.call(extra, name)) return extra[name];
  const bare = name.slice(1);
  if (Object.prototype.hasOwnProperty.call(extra, bare)) return extra[bare];
  return MISSING;
}

/** The names an expression sees for one item: `$` variables first, then globals. */
export class WorkflowVariables implements NameResolver {
  private now: ExprDateTime | undefined;

  constructor(private readonly scope: ExpressionScope) {}

  names(): string[] {
    return knownVariableNames(this.scope);
  }

  resolve(name: string): unknown {
    if (name.charCodeAt(0) !== 36 /* $ */) return Object.prototype.hasOwnProperty.call(GLOBALS, name) ? GLOBALS[name] : MISSING;
    const scope = this.scope;
    switch (name) {
      case '$json': return scope.inputs[0]?.[scope.itemIndex]?.json ?? {};
      case '$binary': return scope.inputs[0]?.[scope.itemIndex]?.binary ?? {};
      case '$input': return new InputVariable(scope);
      case '$node': return new NodeMapVariable(scope);
      case '$': return registerFunction((nodeName: unknown) => {
        if (typeof nodeName !== 'string') throw new ExpressionFault("$() expects a node name or id, e.g. $('Fetch orders')");
        return new NodeOutputVariable(scope, requireRecord(scope, nodeName));
      });
      case '$env':
        if (!scope.env) {
          throw new ExpressionFault(`$env is not available in node "${scope.node.name ?? scope.node.id}": the node needs the env.read permission`);
        }
        return new EnvVariable(scope.env);
      case '$now': return (this.now ??= new ExprDateTime(scope.now.getTime()));
      case '$today': {
        const d = scope.now;
        return new ExprDateTime(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      }
      // n8n's older `$items('Node', output)`: a node's output items, or the input items.
      case '$items': return registerFunction((nodeName?: unknown, output?: unknown) => {
        if (nodeName === undefined) return itemViews(scope.inputs[0] ?? []);
        if (typeof nodeName !== 'string') throw new ExpressionFault("$items() expects a node name or id, e.g. $items('Fetch orders')");
        const record = requireRecord(scope, nodeName);
        return itemViews(record.outputs[output === undefined ? connectedOutput(scope, record) : Number(output)] ?? []);
      });
      case '$itemIndex': return scope.itemIndex;
      case '$runIndex': return 0;
      case '$prevNode': {
        const src = sourcesOf(scope, scope.node.id)[0];
        const rec = src && scope.run.get(src.node);
        return src ? { name: rec?.name ?? src.node, id: src.node, outputIndex: src.output, runIndex: 0 } : undefined;
      }
      default: {
        const extra = extraValue(scope, name);
        if (extra !== MISSING) return extra;
        if (name === '$vars' || name === '$workflow' || name === '$execution') return {};
        return Object.prototype.hasOwnProperty.call(GLOBALS, name) ? GLOBALS[name] : MISSING;
      }
    }
  }
}

/** Every name the resolver knows, for suggestions. */
export function knownVariableNames(scope?: ExpressionScope): string[] {
  const extra = scope?.extra ? Object.keys(scope.extra).map((k) => (k.startsWith('$') ? k : `$${k}`)) : [];
  return [...WORKFLOW_VARIABLES, ...GLOBAL_NAMES, ...extra];
}

export type { CallContext };

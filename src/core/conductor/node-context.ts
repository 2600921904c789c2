import type { ExpressionScope, RunDataView } from '../expression/run-data';
import type { Item, JsonValue, LogLevel, OperatorContext, OperatorServices } from '../operators/operator';
import { evaluateParameter } from './expression-bridge';
import type { CompiledNode } from './graph';

/** What a node context needs from its run; the run implements it. */
export interface NodeHost {
  readonly runData: RunDataView & { sources(node: number): ExpressionScope['sources'] };
  readonly workspaceRoot: string;
  readonly services: OperatorServices;
  readonly now: Date;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly extra?: Record<string, JsonValue>;
  log(node: CompiledNode, level: LogLevel, message: string): void;
  progress(node: CompiledNode, fraction: number, message?: string): void;
}

/**
 * The OperatorContext of one node execution. A class (methods on the prototype) so creating one
 * per node costs one small object; expressions are evaluated only for parameters that hold one.
 */
export class NodeContext implements OperatorContext {
  readonly nodeId: string;
  readonly nodeName: string;
  readonly rawParams: Readonly<Record<string, JsonValue>>;
  private sources: ExpressionScope['sources'];

  constructor(
    private readonly host: NodeHost,
    private readonly node: CompiledNode,
    private readonly inputs: Item[][],
    sources?: ExpressionScope['sources'],
  ) {
    this.sources = sources;
    this.nodeId = node.id;
    this.nodeName = node.name ?? node.id;
    this.rawParams = node.params;
  }

  get workspaceRoot(): string {
    return this.host.workspaceRoot;
  }

  get services(): OperatorServices {
    return this.host.services;
  }

  param<T = JsonValue>(name: string, itemIndex = 0, fallback?: T): T {
    const node = this.node;
    const value = node.params[name];
    if (value === undefined) {
      const d = node.defaults.get(name);
      return (d !== undefined ? d : fallback) as T;
    }
    if (!node.expressionParams.has(name)) return value as T;
    return evaluateParameter(value, this.expressionScope(itemIndex), { nodeId: node.id, parameter: name }) as T;
  }

  /**
   * The scope expressions of this node see for one item. Operators that evaluate parts of a
   * parameter lazily (n8n's conditions stop at the first decisive one) ask for it.
   */
  expressionScope(itemIndex: number): ExpressionScope {
    const node = this.node;
    const host = this.host;
    return {
      run: host.runData,
      node: { id: node.id, name: node.name },
      inputs: this.inputs,
      itemIndex,
      env: host.env && node.operator?.description.permissions.includes('env.read') ? host.env : undefined,
      now: host.now,
      extra: host.extra,
      sources: (this.sources ??= host.runData.sources(node.index)),
    };
  }

  log(level: LogLevel, message: string): void {
    this.host.log(this.node, level, message);
  }

  progress(fraction: number, message?: string): void {
    this.host.progress(this.node, fraction, message);
  }
}

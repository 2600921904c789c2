import type { Item, JsonValue } from '../operators/operator';

/**
 * What one executed node left behind, as expressions see it. The conductor records one per node
 * that ran; expressions read them to resolve `$node["x"]`, `$('x')` and paired items.
 */
export interface NodeRunRecord {
  /** The node's id in the melody (for an imported n8n workflow, the n8n node name). */
  id: string;
  /** The display name, if different from the id; references by name resolve too. */
  name?: string;
  /** For input port k, the node and output port whose items arrived there. */
  sources: Array<{ node: string; output: number } | undefined>;
  /** The node's output items per output port. */
  outputs: Item[][];
}

/** Read access to the run so far. */
export interface RunDataView {
  /** A node's record by id (or name), if it has run. */
  get(nodeIdOrName: string): NodeRunRecord | undefined;
}

/** The place an expression is evaluated: the node being run and the item it is working on. */
export interface ExpressionScope {
  run: RunDataView;
  /** The node whose parameter is being evaluated. */
  node: { id: string; name?: string };
  /** The items on the node's input ports (port 0 is `$input` and `$json`). */
  inputs: Item[][];
  /** The index of the current item on input port 0. */
  itemIndex: number;
  /** Environment variables visible to `$env`; absent when the node lacks `env.read`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The run's clock, so `$now` is stable within a run and tests can fix it. */
  now: Date;
  /** Extra variables (`$vars`, `$workflow`, `$execution`). */
  extra?: Record<string, JsonValue>;
  /**
   * For input port k of the node being run, the node and output whose items arrive there. Paired
   * item lookups (`$('x').item`) start here; when absent, `run.get(node.id)?.sources` is used.
   */
  sources?: Array<{ node: string; output: number } | undefined>;
}

/** Where an expression failed: the node, the parameter path and the offset inside the expression. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly nodeId: string,
    readonly parameter: string,
    /** 0-based offset in the parameter's string where the problem starts. */
    readonly position?: number,
    readonly expression?: string,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

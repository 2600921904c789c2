import type { JsonObject, JsonValue } from '../operators/operator';

/** One endpoint in n8n's connection lists: the target node's name, connection type and input index. */
export interface N8nConnectionTarget {
  node: string;
  type: string;
  index: number;
}

/** `connections[source][type][outputIndex]` = the targets of that output. */
export type N8nConnections = Record<string, Record<string, Array<N8nConnectionTarget[] | null>>>;

/** A node of n8n's workflow export format. Unknown fields are kept. */
export interface N8nNode {
  id?: string;
  name: string;
  type: string;
  typeVersion?: number;
  position?: [number, number];
  parameters?: JsonObject;
  disabled?: boolean;
  notes?: string;
  alwaysOutputData?: boolean;
  [field: string]: JsonValue | undefined;
}

/** An n8n workflow JSON file (what n8n's "Download" and its API produce). */
export interface N8nWorkflow {
  name?: string;
  nodes: N8nNode[];
  connections: N8nConnections;
  settings?: JsonObject;
  [field: string]: JsonValue | N8nNode[] | N8nConnections | undefined;
}

/** The n8n node-type prefix of n8n's built-in nodes. */
export const BASE = 'n8n-nodes-base.';

/** True when a parsed JSON value looks like an n8n workflow (nodes with `type`, a connections object). */
export function looksLikeN8nWorkflow(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    Array.isArray(v['nodes']) &&
    typeof v['connections'] === 'object' &&
    v['connections'] !== null &&
    !('format' in v) &&
    (v['nodes'] as unknown[]).every((n) => typeof n === 'object' && n !== null && typeof (n as Record<string, unknown>)['type'] === 'string')
  );
}

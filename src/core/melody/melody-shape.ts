import { MELODY_FORMAT } from './melody-schema';

/*
 * A hand-written pre-check of the melody/1 shape. The zod schema stays the single source of truth
 * (its issues are what users see, and the JSON Schema is generated from it); this check only says
 * "certainly conforms", so validation of a large, correct melody skips the slower generic parse.
 * It must never accept what the schema rejects — a unit test feeds both the same broken documents.
 */

const NODE_KEYS = new Set(['id', 'operator', 'name', 'position', 'params', 'onError', 'timeoutMs', 'disabled', 'critical', 'alwaysOutputData', 'notes']);

/** True only when `doc` certainly satisfies MelodySchema. */
export function conformsToMelodyShape(doc: Record<string, unknown>): boolean {
  if (doc.format !== MELODY_FORMAT) return false;
  if (typeof doc.name !== 'string' || doc.name.length === 0) return false;
  if (doc.description !== undefined && typeof doc.description !== 'string') return false;
  if (doc.$schema !== undefined && typeof doc.$schema !== 'string') return false;
  if (doc.config !== undefined) return false; // rare and small: let the schema check it
  const nodes = doc.nodes;
  if (!Array.isArray(nodes)) return false;
  for (let i = 0; i < nodes.length; i++) if (!plainNode(nodes[i])) return false;
  const connections = doc.connections;
  if (connections === undefined) return true;
  if (!Array.isArray(connections)) return false;
  for (let j = 0; j < connections.length; j++) {
    const c = connections[j] as Record<string, unknown> | null;
    if (!isObject(c) || !endpoint(c.from) || !endpoint(c.to)) return false;
  }
  return true;
}

/** A node with only the common fields, all of the right type; anything unusual goes to the schema. */
function plainNode(v: unknown): boolean {
  if (!isObject(v)) return false;
  const n = v as Record<string, unknown>;
  if (typeof n.id !== 'string' || n.id.length === 0) return false;
  if (typeof n.operator !== 'string' || n.operator.length === 0) return false;
  for (const key in n) {
    const value = n[key];
    if (value === undefined) continue;
    switch (key) {
      case 'id':
      case 'operator':
        break;
      case 'name':
      case 'notes':
        if (typeof value !== 'string') return false;
        break;
      case 'position': {
        const p = value as Record<string, unknown>;
        if (!isObject(p) || typeof p.x !== 'number' || typeof p.y !== 'number') return false;
        break;
      }
      case 'params':
        if (!isObject(value)) return false;
        break;
      case 'disabled':
      case 'critical':
      case 'alwaysOutputData':
        if (typeof value !== 'boolean') return false;
        break;
      default:
        // onError, timeoutMs and unknown fields: the schema decides.
        if (NODE_KEYS.has(key)) return false;
    }
  }
  return true;
}

function endpoint(v: unknown): boolean {
  if (!isObject(v)) return false;
  const e = v as Record<string, unknown>;
  if (typeof e.node !== 'string' || e.node.length === 0) return false;
  const port = e.port;
  if (port === undefined) return true;
  if (typeof port === 'string') return port.length > 0;
  return typeof port === 'number' && Number.isInteger(port) && port >= 0;
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

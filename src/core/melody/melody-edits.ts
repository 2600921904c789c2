import type { JsonValue } from '../operators/operator';
import type { Melody, MelodyConnection, MelodyNode } from './melody-schema';

/*
 * Edits change the loaded document in place. Assigning an existing key keeps its position in the
 * object and new keys go last, so a saved file differs from the original only where it was edited
 * and fields this version does not know are never dropped.
 */

/** Sets (or, with `undefined`, removes) one parameter of a node. Returns false if the node is unknown. */
export function setNodeParam(doc: Melody, nodeId: string, name: string, value: JsonValue | undefined): boolean {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return false;
  if (value === undefined) {
    if (node.params) delete node.params[name];
    return true;
  }
  (node.params ??= {})[name] = value;
  return true;
}

/** Merges fields into a node (`undefined` removes a field). The id cannot change here: use renameNode. */
export function updateNode(doc: Melody, nodeId: string, patch: Partial<Omit<MelodyNode, 'id'>> & Record<string, unknown>): boolean {
  const node = doc.nodes.find((n) => n.id === nodeId) as Record<string, unknown> | undefined;
  if (!node) return false;
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id') continue;
    if (value === undefined) delete node[key];
    else node[key] = value;
  }
  return true;
}

/** Appends a node. Returns false when the id is taken. */
export function addNode(doc: Melody, node: MelodyNode): boolean {
  if (doc.nodes.some((n) => n.id === node.id)) return false;
  doc.nodes.push(node);
  return true;
}

/** Removes a node and every connection that touches it. */
export function removeNode(doc: Melody, nodeId: string): boolean {
  const i = doc.nodes.findIndex((n) => n.id === nodeId);
  if (i < 0) return false;
  doc.nodes.splice(i, 1);
  if (doc.connections) doc.connections = doc.connections.filter((c) => c.from.node !== nodeId && c.to.node !== nodeId);
  return true;
}

/** Renames a node and rewrites the connections that refer to it. Expressions are not rewritten. */
export function renameNode(doc: Melody, from: string, to: string): boolean {
  if (doc.nodes.some((n) => n.id === to)) return false;
  const node = doc.nodes.find((n) => n.id === from);
  if (!node) return false;
  node.id = to;
  for (const c of doc.connections ?? []) {
    if (c.from.node === from) c.from.node = to;
    if (c.to.node === from) c.to.node = to;
  }
  return true;
}

/** Adds a connection unless the same one exists. */
export function addConnection(doc: Melody, connection: MelodyConnection): boolean {
  const list = (doc.connections ??= []);
  if (list.some((c) => sameConnection(c, connection))) return false;
  list.push(connection);
  return true;
}

export function removeConnection(doc: Melody, connection: MelodyConnection): boolean {
  const list = doc.connections ?? [];
  const i = list.findIndex((c) => sameConnection(c, connection));
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

function sameConnection(a: MelodyConnection, b: MelodyConnection): boolean {
  return a.from.node === b.from.node && (a.from.port ?? 0) === (b.from.port ?? 0) && a.to.node === b.to.node && (a.to.port ?? 0) === (b.to.port ?? 0);
}

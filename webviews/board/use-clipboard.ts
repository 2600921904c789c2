// Clipboard gestures on the selection: copy, paste at the pointer, duplicate in place, and delete (cut is copy then delete).
import { useCallback, type RefObject } from 'react';
import type { Connection, MelodyNodeShape } from '../../src/protocol/board';
import type { BoardEdge, BoardNode, MelodyView } from './melody-model';
import { edit, send } from './vscode-api';

type Point = { x: number; y: number };

/** The clipboard actions the keyboard, menus and command dispatcher share. */
export interface ClipboardActions {
  /** Sends the selected nodes and the connections among them to the clipboard; false when nothing is selected. */
  copy(): boolean;
  duplicate(): void;
  paste(): void;
  deleteSelection(): void;
}

/** Builds the clipboard actions over the current selection. */
export function useClipboard(
  nodes: BoardNode[],
  edges: BoardEdge[],
  melody: MelodyView,
  selectedIds: string[],
  pointer: RefObject<Point | undefined>,
  snapped: (p: Point) => Point,
): ClipboardActions {
  const selectedNodes = useCallback((): MelodyNodeShape[] => {
    const ids = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    return melody.nodes.filter((n) => ids.has(n.id));
  }, [nodes, melody]);

  const connectionsAmong = useCallback((ids: Set<string>): Connection[] => melody.connections.filter((c) => ids.has(c.from.node) && ids.has(c.to.node)), [melody]);

  const deleteSelection = useCallback(() => {
    const ids = selectedIds;
    const conns = edges.filter((e) => e.selected && e.data).map((e) => e.data!.connection);
    if (ids.length || conns.length) edit({ type: 'deleteElements', nodes: ids, connections: conns });
  }, [selectedIds, edges]);

  const copy = useCallback(() => {
    const picked = selectedNodes();
    if (!picked.length) return false;
    send({ type: 'copy', clipboard: { symphonyBoardClipboard: 1, nodes: picked, connections: connectionsAmong(new Set(picked.map((n) => n.id))) } });
    return true;
  }, [selectedNodes, connectionsAmong]);

  const duplicate = useCallback(() => {
    const picked = selectedNodes();
    if (picked.length) edit({ type: 'paste', nodes: picked, connections: connectionsAmong(new Set(picked.map((n) => n.id))), offset: { x: 40, y: 40 } });
  }, [selectedNodes, connectionsAmong]);

  const paste = useCallback(() => send({ type: 'pasteFromClipboard', at: pointer.current ? snapped(pointer.current) : undefined }), [snapped]);

  return { copy, duplicate, paste, deleteSelection };
}

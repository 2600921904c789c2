// The right-click (and Shift+F10) menus for a node, the empty pane and a connection.
import { useCallback, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { BoardCommand } from '../../src/protocol/board';
import { SHORTCUTS } from './board-shortcuts';
import type { MenuItem } from './context-menu';
import type { BoardEdge, BoardNode } from './melody-model';
import type { ClipboardActions } from './use-clipboard';
import { edit, send } from './vscode-api';

/** An open context menu: where it is and what it offers. */
export interface OpenMenu {
  x: number;
  y: number;
  items: MenuItem[];
}

/** Holds the open menu and the handlers that open one; menu items call the latest actions through refs. */
export function useContextMenus(
  canRun: boolean,
  setNodes: Dispatch<SetStateAction<BoardNode[]>>,
  commandRef: RefObject<(command: BoardCommand) => void>,
  { copy, deleteSelection, paste }: ClipboardActions,
) {
  const [menu, setMenu] = useState<OpenMenu>();

  const nodeMenu = useCallback(
    (x: number, y: number, node: BoardNode) => {
      if (!node.selected) setNodes((prev) => prev.map((n) => (n.selected !== (n.id === node.id) ? { ...n, selected: n.id === node.id } : n)));
      const disabled = (node.data.raw as { disabled?: boolean }).disabled === true;
      setMenu({
        x,
        y,
        items: [
          { label: 'Run from here', icon: 'debug-start', shortcut: SHORTCUTS.runFromHere, disabled: !canRun, run: () => send({ type: 'run', fromNode: node.id }) },
          { label: disabled ? 'Enable' : 'Disable', icon: disabled ? 'eye' : 'eye-closed', run: () => edit({ type: 'updateNodeSettings', node: node.id, settings: { disabled: !disabled } }) },
          { label: 'Duplicate', icon: 'copy', shortcut: SHORTCUTS.duplicate, run: () => commandRef.current('duplicate') },
          { label: 'Copy', icon: 'clippy', shortcut: SHORTCUTS.copy, run: () => copyRef.current() },
          { label: 'Delete', icon: 'trash', shortcut: 'Delete', run: () => deleteRef.current() },
        ],
      });
    },
    [canRun],
  );
  // A menu stays open across renders; its items must act on the selection at click time.
  const copyRef = useRef(copy);
  copyRef.current = copy;
  const deleteRef = useRef(deleteSelection);
  deleteRef.current = deleteSelection;

  const paneMenu = useCallback(
    (x: number, y: number) =>
      setMenu({
        x,
        y,
        items: [
          { label: 'Add operator…', icon: 'add', shortcut: SHORTCUTS.focusPalette, run: () => commandRef.current('focusPalette') },
          { label: 'Paste', icon: 'clippy', shortcut: SHORTCUTS.paste, run: () => pasteRef.current() },
          { label: 'Select all', icon: 'checklist', shortcut: SHORTCUTS.selectAll, run: () => setNodes((prev) => prev.map((n) => ({ ...n, selected: true }))) },
          { label: 'Auto-layout', icon: 'type-hierarchy-sub', shortcut: SHORTCUTS.autoLayout, run: () => commandRef.current('autoLayout') },
          { label: 'Zoom to fit', icon: 'screen-full', shortcut: SHORTCUTS.zoomToFit, run: () => commandRef.current('zoomToFit') },
        ],
      }),
    [],
  );
  const pasteRef = useRef(paste);
  pasteRef.current = paste;

  const onNodeContextMenu = useCallback(
    (e: React.MouseEvent, node: BoardNode) => {
      e.preventDefault();
      nodeMenu(e.clientX, e.clientY, node);
    },
    [nodeMenu],
  );
  const onPaneContextMenu = useCallback(
    (e: React.MouseEvent | MouseEvent) => {
      e.preventDefault();
      paneMenu(e.clientX, e.clientY);
    },
    [paneMenu],
  );
  const onEdgeContextMenu = useCallback((e: React.MouseEvent, edge: BoardEdge) => {
    e.preventDefault();
    setMenu({ x: e.clientX, y: e.clientY, items: [{ label: 'Delete connection', icon: 'trash', run: () => edge.data && edit({ type: 'disconnect', connections: [edge.data.connection] }) }] });
  }, []);

  return { menu, setMenu, nodeMenu, paneMenu, onNodeContextMenu, onPaneContextMenu, onEdgeContextMenu };
}

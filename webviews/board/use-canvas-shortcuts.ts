// The canvas keyboard shortcuts (not while typing in a field): clipboard, selection, inspector focus, menus and board commands.
import { useEffect, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { BoardCommand } from '../../src/protocol/board';
import { VS_CODE_BOUND, shortcutFor } from './board-shortcuts';
import type { BoardNode } from './melody-model';
import type { ClipboardActions } from './use-clipboard';
import type { OpenMenu } from './use-context-menus';
import { isTypingTarget } from './vscode-controls';

/** The inspector's fields in document order: the first one takes focus on Enter from a node. */
const INSPECTOR_FIELDS = ['vscode-textfield', 'vscode-textarea', 'vscode-single-select', 'vscode-checkbox'].map((tag) => `.inspector ${tag}`).join(', ');

/** What the shortcuts act on; the listener is re-attached whenever one of these changes. */
export interface CanvasShortcutInputs extends Pick<ClipboardActions, 'copy' | 'paste' | 'deleteSelection'> {
  runCommand(command: BoardCommand): void;
  nodes: BoardNode[];
  menu: OpenMenu | undefined;
  nodeMenu(x: number, y: number, node: BoardNode): void;
  paneMenu(x: number, y: number): void;
  setNodes: Dispatch<SetStateAction<BoardNode[]>>;
  wrapper: RefObject<HTMLDivElement | null>;
}

/** Listens for the board's shortcut keys on the window while the board is mounted. */
export function useCanvasShortcuts({ copy, paste, deleteSelection, runCommand, nodes, menu, nodeMenu, paneMenu, setNodes, wrapper }: CanvasShortcutInputs): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const typing = isTypingTarget(e);
      const action = shortcutFor(e);
      if (!action || typing || VS_CODE_BOUND.has(action)) return;
      if (action === 'focusInspector' && !target.closest('.react-flow__node')) return;
      if (action === 'escape' && menu) return;
      e.preventDefault();
      switch (action) {
        case 'copy':
          copy();
          return;
        case 'cut':
          if (copy()) deleteSelection();
          return;
        case 'paste':
          paste();
          return;
        case 'selectAll':
          setNodes((prev) => prev.map((n) => (n.selected ? n : { ...n, selected: true })));
          return;
        case 'escape':
          setNodes((prev) => prev.map((n) => (n.selected ? { ...n, selected: false } : n)));
          return;
        case 'focusInspector':
          document.querySelector<HTMLElement>(INSPECTOR_FIELDS)?.focus();
          return;
        case 'contextMenu': {
          const first = nodes.find((n) => n.selected);
          const el = first ? document.querySelector(`[data-id="${CSS.escape(first.id)}"]`) : wrapper.current;
          const rect = el?.getBoundingClientRect();
          if (first && rect) nodeMenu(rect.left + 10, rect.bottom, first);
          else if (rect) paneMenu(rect.left + 20, rect.top + 20);
          return;
        }
        default:
          runCommand(action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [copy, paste, deleteSelection, runCommand, nodes, menu, nodeMenu, paneMenu]);
}

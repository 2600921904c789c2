// Canvas mode's pick-and-drag: the board's own hit testing for nodes that are drawn, not DOM elements.
import { useCallback, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { ReactFlowInstance } from '@xyflow/react';
import { canvasDrag, nodeAt } from './lod-canvas';
import type { BoardEdge, BoardNode } from './melody-model';

type Point = { x: number; y: number };

/** What a canvas drag reads and writes; a finished move goes through `pendingMoves` and `flushMoves`. */
export interface CanvasDragInputs {
  canvasMode: boolean;
  flow: ReactFlowInstance<BoardNode, BoardEdge>;
  nodesRef: RefObject<BoardNode[]>;
  snapped(p: Point): Point;
  setNodes: Dispatch<SetStateAction<BoardNode[]>>;
  pendingMoves: RefObject<Map<string, Point>>;
  flushMoves(): void;
}

/** Returns the capture-phase mouse handlers for the canvas wrapper. */
export function useCanvasDrag({ canvasMode, flow, nodesRef, snapped, setNodes, pendingMoves, flushMoves }: CanvasDragInputs) {
  const swallowClick = useRef(false);
  const onClickCapture = useCallback((e: React.MouseEvent) => {
    if (!swallowClick.current) return;
    swallowClick.current = false;
    e.stopPropagation();
  }, []);

  const onMouseDownCapture = useCallback(
    (e: React.MouseEvent) => {
      if (!canvasMode || e.button !== 0 || (e.target as HTMLElement).closest('.react-flow__node, .react-flow__minimap, .react-flow__controls')) return;
      const start = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const hit = nodeAt(nodesRef.current, start);
      if (!hit) return;
      e.stopPropagation();
      e.preventDefault();
      // The click that ends this gesture would reach the pane and clear the selection.
      swallowClick.current = true;
      const additive = e.shiftKey || e.ctrlKey || e.metaKey;
      const from = hit.position;
      let moved = false;
      const onMove = (m: MouseEvent) => {
        const p = flow.screenToFlowPosition({ x: m.clientX, y: m.clientY });
        moved = true;
        canvasDrag.moves.set(hit.id, snapped({ x: from.x + p.x - start.x, y: from.y + p.y - start.y }));
        canvasDrag.redraw();
      };
      const onUp = () => {
        window.removeEventListener('mousemove', onMove);
        window.removeEventListener('mouseup', onUp);
        const to = canvasDrag.moves.get(hit.id);
        canvasDrag.moves.clear();
        // Select on release: a selected node becomes a DOM node, which must not appear mid-drag.
        setNodes((prev) =>
          prev.map((n) => {
            const selected = n.id === hit.id || (additive && !!n.selected);
            const position = n.id === hit.id && to ? to : n.position;
            return !!n.selected === selected && position === n.position ? n : { ...n, selected, position };
          }),
        );
        if (moved && to) {
          pendingMoves.current.set(hit.id, to);
          flushMoves();
        }
      };
      window.addEventListener('mousemove', onMove);
      window.addEventListener('mouseup', onUp);
    },
    [canvasMode, flow, snapped, flushMoves],
  );

  return { onMouseDownCapture, onClickCapture };
}

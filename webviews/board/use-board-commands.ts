// The board command dispatcher: run, run from here, stop, pause/resume, auto-layout, zoom to fit, snap, duplicate, focus palette.
import { useCallback, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { ReactFlowInstance } from '@xyflow/react';
import type { BoardCommand } from '../../src/protocol/board';
import { layoutPositions } from './auto-layout';
import { fitViewport } from './lod-canvas';
import type { BoardEdge, BoardNode } from './melody-model';
import { runStore } from './run-store';
import type { HostState } from './use-host-messages';
import { edit, send } from './vscode-api';

/** What the dispatcher needs from the board; `nodesRef` always holds the latest nodes. */
export interface BoardCommandInputs {
  host: HostState;
  selectedIds: string[];
  nodes: BoardNode[];
  edges: BoardEdge[];
  nodesRef: RefObject<BoardNode[]>;
  wrapper: RefObject<HTMLDivElement | null>;
  flow: ReactFlowInstance<BoardNode, BoardEdge>;
  duplicate(): void;
  setToast: Dispatch<SetStateAction<string | undefined>>;
  setSnap: Dispatch<SetStateAction<boolean>>;
}

/** Returns the command dispatcher the toolbar, keyboard and host share, and the zoom-to-fit the controls use. */
export function useBoardCommands({ host, selectedIds, nodes, edges, nodesRef, wrapper, flow, duplicate, setToast, setSnap }: BoardCommandInputs) {
  const fitAll = useCallback(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    if (rect) void flow.setViewport(fitViewport(nodesRef.current, rect.width, rect.height), { duration: 200 });
  }, [flow]);
  // Auto-layout fits the view after its timer, with whatever fitAll is current by then.
  const fitAllRef = useRef(fitAll);
  fitAllRef.current = fitAll;

  const autoLayout = useCallback(async () => {
    if (!nodes.length) return;
    try {
      const moves = await layoutPositions(nodes, edges);
      if (moves.length) edit({ type: 'autoLayout', moves });
      setTimeout(() => fitAllRef.current(), 150);
    } catch (e) {
      setToast(`Auto-layout failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, [nodes, edges]);

  const runCommand = useCallback(
    (command: BoardCommand) => {
      const status = runStore.current().status;
      switch (command) {
        case 'run':
          if (host.canRun) send({ type: 'run' });
          else setToast(host.runUnavailableReason ?? 'Running is not available.');
          return;
        case 'runFromHere':
          if (selectedIds.length === 1) send({ type: 'run', fromNode: selectedIds[0] });
          else setToast('Select exactly one node to run from.');
          return;
        case 'stop':
          send({ type: 'stop' });
          return;
        case 'pauseResume':
          if (status === 'paused') send({ type: 'resume' });
          else if (status === 'running') send({ type: 'pause' });
          return;
        case 'autoLayout':
          void autoLayout();
          return;
        case 'zoomToFit':
          fitAll();
          return;
        case 'toggleSnap':
          setSnap((s) => !s);
          return;
        case 'duplicate':
          duplicate();
          return;
        case 'focusPalette':
          document.querySelector<HTMLElement>('[data-testid=palette-search-field]')?.focus();
          return;
      }
    },
    [host.canRun, host.runUnavailableReason, selectedIds, autoLayout, duplicate, fitAll],
  );
  return { runCommand, fitAll };
}

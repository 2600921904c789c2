// Connection gestures on the canvas: connect with validation (and a toast saying why one is refused), select, and delete.
import { useCallback, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { EdgeChange, OnBeforeDelete, OnConnectEnd, Connection as FlowConnection } from '@xyflow/react';
import type { OperatorDescription } from '../../src/core/operators/operator';
import { connectionProblem } from '../../src/protocol/board-connection-rules';
import type { BoardEdge, BoardNode, MelodyView } from './melody-model';
import { edit } from './vscode-api';

/** Returns the selected connections and the React Flow handlers that turn connection gestures into document edits. */
export function useConnectionGestures(melody: MelodyView, operatorMap: ReadonlyMap<string, OperatorDescription>, setToast: Dispatch<SetStateAction<string | undefined>>) {
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  // React Flow asks isValidConnection while dragging; the refusal is shown only when the drag ends on a handle.
  const lastProblem = useRef<string>(undefined);

  const onBeforeDelete: OnBeforeDelete<BoardNode, BoardEdge> = useCallback(async ({ nodes: gone, edges: cut }) => {
    const ids = gone.map((n) => n.id);
    const removed = new Set(ids);
    const conns = cut.filter((e) => e.data && !removed.has(e.source) && !removed.has(e.target)).map((e) => e.data!.connection);
    if (ids.length || conns.length) edit({ type: 'deleteElements', nodes: ids, connections: conns });
    return false; // the document change removes them
  }, []);

  const isValidConnection = useCallback(
    (c: FlowConnection | BoardEdge) => {
      const problem = connectionProblem(
        { from: { node: c.source, port: c.sourceHandle ?? 'main' }, to: { node: c.target, port: c.targetHandle ?? 'main' } },
        new Map(melody.nodes.map((n) => [n.id, n])),
        operatorMap,
        melody.connections,
      );
      lastProblem.current = problem;
      return problem === undefined;
    },
    [melody, operatorMap],
  );

  const onConnectEnd: OnConnectEnd = useCallback((_e, state) => {
    if (!state.isValid && state.toHandle && lastProblem.current) setToast(`Connection refused: ${lastProblem.current}`);
  }, []);

  const onConnect = useCallback(
    (c: FlowConnection) => edit({ type: 'connect', connection: { from: { node: c.source, port: c.sourceHandle ?? 'main' }, to: { node: c.target, port: c.targetHandle ?? 'main' } } }),
    [],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<BoardEdge>[]) => {
    if (!changes.some((c) => c.type === 'select')) return;
    setSelectedEdges((prev) => {
      const picked = new Set(prev);
      for (const c of changes) {
        if (c.type !== 'select') continue;
        if (c.selected) picked.add(c.id);
        else picked.delete(c.id);
      }
      return picked;
    });
  }, []);

  return { selectedEdges, onBeforeDelete, isValidConnection, onConnectEnd, onConnect, onEdgesChange };
}

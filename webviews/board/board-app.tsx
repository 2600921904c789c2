// The board's root component: owns the node and view state and lays out palette, canvas, inspector and run panel.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  ReactFlow,
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  applyNodeChanges,
  useReactFlow,
  type NodeChange,
  type Viewport,
} from '@xyflow/react';
import type { BoardCommand } from '../../src/protocol/board';
import { ContextMenu } from './context-menu';
import { Inspector } from './inspector';
import { NodeDataCache, parseText, toFlowEdges, toFlowNodes, type BoardEdge, type BoardNode, type MelodyView } from './melody-model';
import { OperatorNode } from './operator-node';
import { CANVAS_ZOOM, LodCanvas, fitViewport, useCanvasMode } from './lod-canvas';
import { OPERATOR_DRAG_TYPE, Palette } from './palette';
import { RunPanel } from './run-panel';
import { Toolbar } from './toolbar';
import { useBoardCommands } from './use-board-commands';
import { useCanvasDrag } from './use-canvas-drag';
import { useCanvasShortcuts } from './use-canvas-shortcuts';
import { useClipboard } from './use-clipboard';
import { useConnectionGestures } from './use-connection-gestures';
import { useContextMenus } from './use-context-menus';
import { useHostMessages } from './use-host-messages';
import { loadViewState, saveViewState } from './view-state';
import { edit, send } from './vscode-api';
import { VscodeButton } from './vscode-controls';

const nodeTypes = { operator: OperatorNode };
const GRID: [number, number] = [20, 20];
const EMPTY: MelodyView = { name: '', nodes: [], connections: [] };
// Props handed to React Flow must keep their identity: a changed prop is pushed into its store,
// and every store update re-runs the selectors of all 1,000 nodes.
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const PRO_OPTIONS = { hideAttribution: true };
const ARIA_LABELS = { 'node.a11yDescription.default': 'Press Enter to edit this node, arrow keys to move it, Delete to remove it, Shift+F10 for more actions.' };
const onMoveEnd = (_e: unknown, viewport: Viewport) => saveViewState({ viewport });
const openText = () => send({ type: 'openTextEditor' });

/** The Harmonic Board: palette, canvas, inspector and run panel over one melody document. */
export function BoardApp() {
  const [toast, setToast] = useState<string>();
  const [snap, setSnap] = useState(() => loadViewState().snap ?? true);
  const [panelOpen, setPanelOpen] = useState(true);
  const [nodes, setNodes] = useState<BoardNode[]>([]);
  const flow = useReactFlow<BoardNode, BoardEdge>();
  const cache = useRef(new NodeDataCache());
  const pendingSelect = useRef<Set<string> | undefined>(new Set(loadViewState().selection ?? []));
  const pendingMoves = useRef(new Map<string, { x: number; y: number }>());
  const moveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pointer = useRef<{ x: number; y: number }>(undefined);
  const wrapper = useRef<HTMLDivElement>(null);
  // Set to the latest command dispatcher each render, so a command from the host never sees stale state.
  const commandRef = useRef<(command: BoardCommand) => void>(() => undefined);
  const host = useHostMessages(setToast, setNodes, pendingSelect, commandRef);

  const operatorMap = useMemo(() => new Map(host.operators.map((o) => [o.id, o])), [host.operators]);
  const parsed = useMemo(() => (host.text === undefined ? undefined : parseText(host.text)), [host.text]);
  const melody = parsed?.ok ? parsed.melody : EMPTY;
  const { selectedEdges, onBeforeDelete, isValidConnection, onConnectEnd, onConnect, onEdgesChange } = useConnectionGestures(melody, operatorMap, setToast);
  // A key string keeps selectedIds' identity while a drag changes `nodes` every frame.
  const selectedKey = nodes.reduce((key, n) => (n.selected ? `${key}${n.id}\n` : key), '');
  const selectedIds = useMemo(() => (selectedKey ? selectedKey.slice(0, -1).split('\n') : []), [selectedKey]);
  // The first viewport: the saved one, else one that fits every node (computed before React Flow
  // mounts, so a huge melody opens straight at the level of detail its zoom calls for).
  const [initialViewport, setInitialViewport] = useState(() => loadViewState().viewport);
  // Until React Flow has taken over the initial viewport its store still says zoom 1, so the level
  // of detail of the first render comes from the viewport we hand it.
  const storeCanvasMode = useCanvasMode();
  const [flowReady, setFlowReady] = useState(false);
  const canvasMode = flowReady ? storeCanvasMode : (initialViewport?.zoom ?? 1) < CANVAS_ZOOM;
  const onInit = useCallback(() => setFlowReady(true), []);
  const edges = useMemo(() => toFlowEdges(melody, operatorMap, selectedEdges), [melody, operatorMap, selectedEdges]);
  // In canvas mode the canvas draws every node; React Flow gets only the selected or dragged ones
  // (and the connections among them), so a drag frame updates a store of a few nodes, not 1,000.
  const flowNodes = useMemo(() => (canvasMode ? nodes.filter((n) => n.selected || n.dragging) : nodes), [nodes, canvasMode]);
  const flowNodeKey = canvasMode ? flowNodes.map((n) => n.id).join('\n') : '';
  const flowEdges = useMemo(() => {
    if (!canvasMode) return edges;
    const shown = new Set(flowNodeKey.split('\n'));
    return edges.filter((e) => shown.has(e.source) && shown.has(e.target));
  }, [edges, canvasMode, flowNodeKey]);

  useLayoutEffect(() => {
    if (initialViewport || !parsed?.ok || !wrapper.current) return;
    const rect = wrapper.current.getBoundingClientRect();
    const sized = parsed.melody.nodes.map((n) => ({ id: n.id, position: n.position ?? { x: 0, y: 0 } }) as BoardNode);
    setInitialViewport(fitViewport(sized, rect.width, rect.height));
  }, [parsed, initialViewport]);

  // Document → nodes, keeping selection and unchanged node objects.
  useEffect(() => {
    if (!parsed?.ok) return;
    setNodes((prev) => {
      const selected = pendingSelect.current ?? new Set(prev.filter((n) => n.selected).map((n) => n.id));
      pendingSelect.current = undefined;
      return toFlowNodes(parsed.melody, operatorMap, cache.current, new Map(prev.map((n) => [n.id, n])), selected);
    });
  }, [parsed, operatorMap]);

  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(undefined), 6000);
    return () => clearTimeout(t);
  }, [toast]);

  useEffect(() => saveViewState({ selection: selectedIds, snap }), [selectedIds, snap]);

  const flushMoves = useCallback(() => {
    clearTimeout(moveTimer.current);
    const moves = [...pendingMoves.current].map(([id, position]) => ({ id, position }));
    pendingMoves.current.clear();
    if (moves.length) edit({ type: 'moveNodes', moves });
  }, []);

  const onNodesChange = useCallback(
    (changes: NodeChange<BoardNode>[]) => {
      let moved = false;
      for (const c of changes) {
        if (c.type === 'position' && c.position && c.dragging === false) {
          pendingMoves.current.set(c.id, c.position);
          moved = true;
        }
      }
      setNodes((prev) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), prev));
      // Arrow-key moves arrive one step at a time: group a burst into one undo step.
      if (moved) {
        clearTimeout(moveTimer.current);
        moveTimer.current = setTimeout(flushMoves, 400);
      }
    },
    [flushMoves],
  );

  const centre = useCallback(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    if (!rect) return { x: 0, y: 0 };
    return flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
  }, [flow]);

  const snapped = useCallback((p: { x: number; y: number }) => (snap ? { x: Math.round(p.x / GRID[0]) * GRID[0], y: Math.round(p.y / GRID[1]) * GRID[1] } : p), [snap]);

  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const addOperator = useCallback(
    (operator: string, at?: { x: number; y: number }) => {
      const sel = nodesRef.current.filter((n) => n.selected);
      let position = at;
      let connectFrom: { node: string; port: string } | undefined;
      if (!position && sel.length === 1) {
        // With one node selected, a new node goes to its right, connected from its first output.
        const from = sel[0];
        position = { x: from.position.x + (from.measured?.width ?? 200) + 80, y: from.position.y };
        const port = from.data.operator?.outputs[0]?.name ?? 'main';
        connectFrom = { node: from.id, port };
      }
      edit({ type: 'addNode', operator, position: snapped(position ?? centre()), connectFrom });
    },
    [centre, snapped],
  );

  const clipboard = useClipboard(nodes, edges, melody, selectedIds, pointer, snapped);
  const { copy, duplicate, paste, deleteSelection } = clipboard;
  const { runCommand, fitAll } = useBoardCommands({ host, selectedIds, nodes, edges, nodesRef, wrapper, flow, duplicate, setToast, setSnap });
  commandRef.current = runCommand;
  const { menu, setMenu, nodeMenu, paneMenu, onNodeContextMenu, onPaneContextMenu, onEdgeContextMenu } = useContextMenus(host.canRun, setNodes, commandRef, clipboard);
  useCanvasShortcuts({ copy, paste, deleteSelection, runCommand, nodes, menu, nodeMenu, paneMenu, setNodes, wrapper });

  const closePanel = useCallback(() => setPanelOpen(false), []);
  const { onMouseDownCapture, onClickCapture } = useCanvasDrag({ canvasMode, flow, nodesRef, snapped, setNodes, pendingMoves, flushMoves });

  if (host.text === undefined) return <div className="board-message">Loading melody…</div>;
  if (parsed && !parsed.ok) {
    return (
      <div className="board-message" role="alert" data-testid="parse-error">
        <h2>
          <span className="codicon codicon-error" aria-hidden="true" /> This melody could not be read
        </h2>
        <p>
          {host.fileName ?? 'The file'}:{parsed.line}:{parsed.column} — {parsed.message}
        </p>
        <p className="muted">The board will not change the file until it is valid JSON again. Fix it in the text editor; the board updates as you type.</p>
        <VscodeButton onClick={openText} data-testid="open-text-editor">
          Open in Text Editor
        </VscodeButton>
      </div>
    );
  }
  const inspected = selectedIds.length === 1 ? melody.nodes.find((n) => n.id === selectedIds[0]) : undefined;
  return (
    <div className="board" data-testid="board">
      <Toolbar
        name={melody.name}
        canRun={host.canRun}
        runUnavailableReason={host.runUnavailableReason}
        hasSingleSelection={selectedIds.length === 1}
        snap={snap}
        onCommand={runCommand}
        onOpenText={openText}
      />
      <div className="board-body">
        <Palette operators={host.operators} onAdd={addOperator} />
        <div className="board-canvas-column">
          <div
            className="board-canvas"
            ref={wrapper}
            onMouseDownCapture={onMouseDownCapture}
            onClickCapture={onClickCapture}
            onDragOver={(e) => {
              if (e.dataTransfer.types.includes(OPERATOR_DRAG_TYPE)) {
                e.preventDefault();
                e.dataTransfer.dropEffect = 'copy';
              }
            }}
            onDrop={(e) => {
              const id = e.dataTransfer.getData(OPERATOR_DRAG_TYPE);
              if (!id) return;
              e.preventDefault();
              addOperator(id, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
            }}
            onPointerMove={(e) => {
              pointer.current = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
            }}
            onPointerLeave={() => (pointer.current = undefined)}
          >
            {initialViewport && (
            <ReactFlow<BoardNode, BoardEdge>
              nodes={flowNodes}
              edges={flowEdges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onNodeDragStop={flushMoves}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              isValidConnection={isValidConnection}
              onBeforeDelete={onBeforeDelete}
              deleteKeyCode={DELETE_KEYS}
              multiSelectionKeyCode={MULTI_SELECT_KEYS}
              selectionKeyCode="Shift"
              snapToGrid={snap}
              snapGrid={GRID}
              onlyRenderVisibleElements
              minZoom={0.05}
              maxZoom={2}
              defaultViewport={initialViewport}
              onInit={onInit}
              onMoveEnd={onMoveEnd}
              onNodeContextMenu={onNodeContextMenu}
              onPaneContextMenu={onPaneContextMenu}
              onEdgeContextMenu={onEdgeContextMenu}
              colorMode="system"
              proOptions={PRO_OPTIONS}
              ariaLabelConfig={ARIA_LABELS}
            >
              <Background variant={BackgroundVariant.Dots} gap={GRID[0]} />
              {/* Zoomed out to the canvas level the whole melody is on screen; the mini map would only repeat it. */}
              {!canvasMode && <MiniMap pannable zoomable ariaLabel="Mini map of the melody" />}
              <Controls showInteractive={false} onFitView={fitAll} />
              {canvasMode && <LodCanvas nodes={nodes} edges={edges} />}
            </ReactFlow>
            )}
            {melody.nodes.length === 0 && (
              <div className="board-empty" data-testid="board-empty">
                <span className="codicon codicon-symbol-event" aria-hidden="true" />
                <p>This melody has no nodes yet. Drag an operator from the palette, or press / to search and Enter to add.</p>
              </div>
            )}
          </div>
          {panelOpen && <RunPanel nodeId={selectedIds.length === 1 ? selectedIds[0] : undefined} nodeName={inspected?.name} onClose={closePanel} />}
        </div>
        <Inspector melody={melody} node={inspected} selectionCount={selectedIds.length} operators={operatorMap} edit={edit} />
      </div>
      {toast && (
        <div className="toast" role="alert" data-testid="toast">
          <span className="codicon codicon-warning" aria-hidden="true" /> {toast}
          <VscodeButton secondary icon="close" className="icon-only" aria-label="Dismiss" title="Dismiss" onClick={() => setToast(undefined)} />
        </div>
      )}
      {menu && <ContextMenu {...menu} onClose={() => setMenu(undefined)} />}
    </div>
  );
}

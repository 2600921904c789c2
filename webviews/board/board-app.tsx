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
  type EdgeChange,
  type Viewport,
  type OnBeforeDelete,
  type OnConnectEnd,
  type Connection as FlowConnection,
} from '@xyflow/react';
import type { OperatorDescription } from '../../src/core/operators/operator';
import type { BoardCommand, BoardIntent, Connection, HostToBoard, MelodyNodeShape } from '../../src/protocol/board';
import { connectionProblem } from '../../src/protocol/board-connection-rules';
import { layoutPositions } from './auto-layout';
import { SHORTCUTS, VS_CODE_BOUND, shortcutFor } from './board-shortcuts';
import { ContextMenu, type MenuItem } from './context-menu';
import { Inspector } from './inspector';
import { NodeDataCache, parseText, toFlowEdges, toFlowNodes, type BoardEdge, type BoardNode, type MelodyView } from './melody-model';
import { OperatorNode } from './operator-node';
import { CANVAS_ZOOM, LodCanvas, canvasDrag, fitViewport, nodeAt, useCanvasMode } from './lod-canvas';
import { OPERATOR_DRAG_TYPE, Palette } from './palette';
import { RunPanel } from './run-panel';
import { runStore } from './run-store';
import { Toolbar } from './toolbar';
import { loadViewState, saveViewState } from './view-state';
import { send } from './vscode-api';
import { VscodeButton, isTypingTarget } from './vscode-controls';

const nodeTypes = { operator: OperatorNode };
const GRID: [number, number] = [20, 20];
const EMPTY: MelodyView = { name: '', nodes: [], connections: [] };
const edit = (intent: BoardIntent) => send({ type: 'edit', intent });
// Props handed to React Flow must keep their identity: a changed prop is pushed into its store,
// and every store update re-runs the selectors of all 1,000 nodes.
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const PRO_OPTIONS = { hideAttribution: true };
const ARIA_LABELS = { 'node.a11yDescription.default': 'Press Enter to edit this node, arrow keys to move it, Delete to remove it, Shift+F10 for more actions.' };
const onMoveEnd = (_e: unknown, viewport: Viewport) => saveViewState({ viewport });
const openText = () => send({ type: 'openTextEditor' });
/** The inspector's fields in document order: the first one takes focus on Enter from a node. */
const INSPECTOR_FIELDS = ['vscode-textfield', 'vscode-textarea', 'vscode-single-select', 'vscode-checkbox'].map((tag) => `.inspector ${tag}`).join(', ');

interface HostState {
  text?: string;
  fileName?: string;
  operators: OperatorDescription[];
  canRun: boolean;
  runUnavailableReason?: string;
}

/** The Harmonic Board: palette, canvas, inspector and run panel over one melody document. */
export function BoardApp() {
  const [host, setHost] = useState<HostState>({ operators: [], canRun: false });
  const [toast, setToast] = useState<string>();
  const [menu, setMenu] = useState<{ x: number; y: number; items: MenuItem[] }>();
  const [snap, setSnap] = useState(() => loadViewState().snap ?? true);
  const [panelOpen, setPanelOpen] = useState(true);
  const [nodes, setNodes] = useState<BoardNode[]>([]);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const flow = useReactFlow<BoardNode, BoardEdge>();
  const cache = useRef(new NodeDataCache());
  const pendingSelect = useRef<Set<string> | undefined>(new Set(loadViewState().selection ?? []));
  const pendingMoves = useRef(new Map<string, { x: number; y: number }>());
  const moveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lastProblem = useRef<string>(undefined);
  const pointer = useRef<{ x: number; y: number }>(undefined);
  const wrapper = useRef<HTMLDivElement>(null);

  const operatorMap = useMemo(() => new Map(host.operators.map((o) => [o.id, o])), [host.operators]);
  const parsed = useMemo(() => (host.text === undefined ? undefined : parseText(host.text)), [host.text]);
  const melody = parsed?.ok ? parsed.melody : EMPTY;
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

  // Host messages.
  useEffect(() => {
    const onMessage = (e: MessageEvent<HostToBoard>) => {
      const msg = e.data;
      switch (msg.type) {
        case 'init':
          setHost({ text: msg.text, fileName: msg.fileName, operators: msg.operators ?? [], canRun: msg.canRun === true, runUnavailableReason: msg.runUnavailableReason });
          break;
        case 'documentChanged':
          setHost((h) => ({ ...h, text: msg.text }));
          break;
        case 'operatorsChanged':
          setHost((h) => ({ ...h, operators: msg.operators }));
          break;
        case 'editRejected':
          setToast(msg.reason);
          break;
        case 'selectNodes':
          pendingSelect.current = new Set(msg.ids);
          setNodes((prev) => prev.map((n) => (msg.ids.includes(n.id) !== !!n.selected ? { ...n, selected: msg.ids.includes(n.id) } : n)));
          break;
        case 'runEvent':
          runStore.apply(msg.event);
          break;
        case 'command':
          commandRef.current(msg.command);
          break;
      }
    };
    window.addEventListener('message', onMessage);
    send({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, []);

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

  const selectedNodes = useCallback((): MelodyNodeShape[] => {
    const ids = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    return melody.nodes.filter((n) => ids.has(n.id));
  }, [nodes, melody]);

  const connectionsAmong = useCallback((ids: Set<string>): Connection[] => melody.connections.filter((c) => ids.has(c.from.node) && ids.has(c.to.node)), [melody]);

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

  const fitAll = useCallback(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    if (rect) void flow.setViewport(fitViewport(nodesRef.current, rect.width, rect.height), { duration: 200 });
  }, [flow]);
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
  const commandRef = useRef(runCommand);
  commandRef.current = runCommand;

  const nodeMenu = useCallback(
    (x: number, y: number, node: BoardNode) => {
      if (!node.selected) setNodes((prev) => prev.map((n) => (n.selected !== (n.id === node.id) ? { ...n, selected: n.id === node.id } : n)));
      const disabled = (node.data.raw as { disabled?: boolean }).disabled === true;
      setMenu({
        x,
        y,
        items: [
          { label: 'Run from here', icon: 'debug-start', shortcut: SHORTCUTS.runFromHere, disabled: !host.canRun, run: () => send({ type: 'run', fromNode: node.id }) },
          { label: disabled ? 'Enable' : 'Disable', icon: disabled ? 'eye' : 'eye-closed', run: () => edit({ type: 'updateNodeSettings', node: node.id, settings: { disabled: !disabled } }) },
          { label: 'Duplicate', icon: 'copy', shortcut: SHORTCUTS.duplicate, run: () => commandRef.current('duplicate') },
          { label: 'Copy', icon: 'clippy', shortcut: SHORTCUTS.copy, run: () => copyRef.current() },
          { label: 'Delete', icon: 'trash', shortcut: 'Delete', run: () => deleteRef.current() },
        ],
      });
    },
    [host.canRun],
  );
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

  // Keyboard shortcuts for the canvas (not while typing in a field).
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
  const closePanel = useCallback(() => setPanelOpen(false), []);

  const swallowClick = useRef(false);
  const onClickCapture = useCallback((e: React.MouseEvent) => {
    if (!swallowClick.current) return;
    swallowClick.current = false;
    e.stopPropagation();
  }, []);

  // Canvas mode: pick and drag drawn nodes with the board's own hit testing.
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

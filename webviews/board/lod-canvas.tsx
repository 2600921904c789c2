import { memo, useEffect, useRef } from 'react';
import { useStore } from '@xyflow/react';
import type { BoardEdge, BoardNode } from './melody-model';

/**
 * The lowest level of detail. Zoomed out this far a node is a few pixels wide, yet a thousand DOM
 * nodes and SVG edges cost the browser a full repaint on every drag frame. Below this zoom the
 * board draws every node and connection on one canvas instead; only selected (or dragged) nodes
 * stay DOM nodes, and the board's own hit testing lets you pick and drag the drawn ones.
 */
export const CANVAS_ZOOM = 0.2;

/** Size a node is drawn with before React Flow has measured it. */
export const DEFAULT_NODE_SIZE = { width: 200, height: 58 };

const canvasModeSelector = (s: { transform: [number, number, number] }) => s.transform[2] < CANVAS_ZOOM;

/** Whether the board is zoomed out far enough to draw on the canvas. */
export function useCanvasMode(): boolean {
  return useStore(canvasModeSelector);
}

/**
 * A drag on the canvas moves drawn nodes here, outside React: each pointer move redraws the canvas
 * and nothing else. The drop commits the positions to the board state and the document.
 */
export const canvasDrag = {
  moves: new Map<string, { x: number; y: number }>(),
  redraw: () => {},
};

function box(n: BoardNode): { x: number; y: number; w: number; h: number } {
  const p = canvasDrag.moves.get(n.id) ?? n.position;
  return { x: p.x, y: p.y, w: n.measured?.width ?? DEFAULT_NODE_SIZE.width, h: n.measured?.height ?? DEFAULT_NODE_SIZE.height };
}

/** The topmost node under a point in flow coordinates. */
export function nodeAt(nodes: readonly BoardNode[], p: { x: number; y: number }): BoardNode | undefined {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const b = box(nodes[i]);
    if (p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h) return nodes[i];
  }
  return undefined;
}

/** The viewport that shows every node with some padding (React Flow's fitView skips hidden nodes). */
export function fitViewport(nodes: readonly BoardNode[], width: number, height: number, minZoom = 0.05, maxZoom = 1): { x: number; y: number; zoom: number } {
  if (!nodes.length || width <= 0 || height <= 0) return { x: Math.max(0, width / 2 - 100), y: Math.max(0, height / 3), zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    const b = box(n);
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  const w = maxX - minX;
  const h = maxY - minY;
  const zoom = Math.max(minZoom, Math.min(maxZoom, Math.min(width / (w * 1.2), height / (h * 1.2))));
  return { x: width / 2 - (minX + w / 2) * zoom, y: height / 2 - (minY + h / 2) * zoom, zoom };
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

interface Palette {
  edge: string;
  node: string;
  accent: string;
  focus: string;
}

/** What the still layer was drawn from: while these hold, a drag frame redraws the moving layer only. */
interface StillLayer {
  nodes: readonly BoardNode[];
  edges: readonly BoardEdge[];
  moving: ReadonlySet<string>;
  transform: readonly [number, number, number];
  width: number;
  height: number;
}

/** Nodes that move this frame: dragged on the canvas, or dragged as DOM nodes by React Flow. */
function movingIds(nodes: readonly BoardNode[]): Set<string> {
  const ids = new Set(canvasDrag.moves.keys());
  for (const n of nodes) if (n.dragging) ids.add(n.id);
  return ids;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** True when every node that is not moving is the same object as when the still layer was drawn. */
function stillUnchanged(layer: StillLayer, nodes: readonly BoardNode[], moving: ReadonlySet<string>): boolean {
  if (layer.nodes.length !== nodes.length || !sameSet(layer.moving, moving)) return false;
  for (let i = 0; i < nodes.length; i++) if (nodes[i] !== layer.nodes[i] && !moving.has(nodes[i].id)) return false;
  return true;
}

function prepare(canvas: HTMLCanvasElement, width: number, height: number, transform: readonly [number, number, number]): CanvasRenderingContext2D | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
  if (canvas.height !== Math.round(height * dpr)) canvas.height = Math.round(height * dpr);
  const [tx, ty, zoom] = transform;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
  return ctx;
}

/** One path for all connections, one for all node bodies and one for their colour bars: a few draw calls however big the melody. */
function drawGraph(ctx: CanvasRenderingContext2D, nodes: readonly BoardNode[], edges: readonly BoardEdge[], byId: ReadonlyMap<string, BoardNode>, zoom: number, colours: Palette): void {
  ctx.beginPath();
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const a = box(s);
    const b = box(t);
    const x1 = a.x + a.w;
    const y1 = a.y + a.h / 2;
    const x2 = b.x;
    const y2 = b.y + b.h / 2;
    const dx = Math.max(40, Math.abs(x2 - x1) / 2);
    ctx.moveTo(x1, y1);
    ctx.bezierCurveTo(x1 + dx, y1, x2 - dx, y2, x2, y2);
  }
  ctx.lineWidth = 1.5 / zoom;
  ctx.strokeStyle = colours.edge;
  ctx.stroke();
  ctx.beginPath();
  for (const n of nodes) {
    const b = box(n);
    ctx.rect(b.x, b.y, b.w, b.h);
  }
  ctx.fillStyle = colours.node;
  ctx.fill();
  ctx.beginPath();
  for (const n of nodes) {
    const b = box(n);
    ctx.rect(b.x, b.y, Math.min(8, b.w), b.h);
  }
  ctx.fillStyle = colours.accent;
  ctx.fill();
}

/**
 * Draws every node and connection on two layers. The still layer holds everything that is not
 * moving and is redrawn only when that changes; during a drag each frame redraws just the moving
 * layer (the dragged nodes and their connections), a few shapes instead of the whole melody.
 */
export const LodCanvas = memo(function LodCanvas({ nodes, edges }: { nodes: readonly BoardNode[]; edges: readonly BoardEdge[] }) {
  const stillRef = useRef<HTMLCanvasElement>(null);
  const movingRef = useRef<HTMLCanvasElement>(null);
  const transform = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const still = useRef<StillLayer>(undefined);
  const movingDrawn = useRef(false);
  const draw = useRef<() => void>(() => {});
  draw.current = () => {
    const stillCanvas = stillRef.current;
    const movingCanvas = movingRef.current;
    if (!stillCanvas || !movingCanvas) return;
    const style = getComputedStyle(stillCanvas);
    const colours: Palette = {
      edge: cssVar(style, '--vscode-editorWidget-border', '#888'),
      node: cssVar(style, '--vscode-editorWidget-border', '#666'),
      accent: cssVar(style, '--vscode-charts-blue', '#3794ff'),
      focus: cssVar(style, '--vscode-focusBorder', '#0078d4'),
    };
    const zoom = transform[2];
    const moving = movingIds(nodes);
    const byId = new Map<string, BoardNode>();
    for (const n of nodes) byId.set(n.id, n);
    const layer = still.current;
    const stillValid = layer && layer.edges === edges && layer.transform === transform && layer.width === width && layer.height === height && stillUnchanged(layer, nodes, moving);
    if (!stillValid) {
      const ctx = prepare(stillCanvas, width, height, transform);
      if (!ctx) return;
      const stillNodes = moving.size ? nodes.filter((n) => !moving.has(n.id)) : nodes;
      const stillEdges = moving.size ? edges.filter((e) => !moving.has(e.source) && !moving.has(e.target)) : edges;
      drawGraph(ctx, stillNodes, stillEdges, byId, zoom, colours);
      still.current = { nodes, edges, moving, transform, width, height };
      // Counted on the element for tests: a drag must not redraw the whole melody every frame.
      stillCanvas.dataset.redraws = String(Number(stillCanvas.dataset.redraws ?? 0) + 1);
    }
    if (!moving.size && !movingDrawn.current) return;
    const ctx = prepare(movingCanvas, width, height, transform);
    if (!ctx) return;
    movingDrawn.current = moving.size > 0;
    if (!moving.size) return;
    const movingNodes: BoardNode[] = [];
    for (const id of moving) {
      const n = byId.get(id);
      if (n) movingNodes.push(n);
    }
    drawGraph(ctx, movingNodes, edges.filter((e) => moving.has(e.source) || moving.has(e.target)), byId, zoom, colours);
    if (canvasDrag.moves.size) {
      ctx.beginPath();
      for (const id of canvasDrag.moves.keys()) {
        const n = byId.get(id);
        if (!n) continue;
        const b = box(n);
        ctx.rect(b.x, b.y, b.w, b.h);
      }
      ctx.lineWidth = 2 / zoom;
      ctx.strokeStyle = colours.focus;
      ctx.stroke();
    }
  };
  useEffect(() => draw.current(), [nodes, edges, transform, width, height]);
  useEffect(() => {
    let frame = 0;
    canvasDrag.redraw = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), draw.current()));
    };
    return () => {
      cancelAnimationFrame(frame);
      canvasDrag.redraw = () => {};
    };
  }, []);
  return (
    <>
      <canvas ref={stillRef} className="lod-canvas" data-testid="lod-canvas" data-drawn={nodes.length} style={{ width, height }} aria-hidden="true" />
      <canvas ref={movingRef} className="lod-canvas moving" style={{ width, height }} aria-hidden="true" />
    </>
  );
});

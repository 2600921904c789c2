import type { BoardEdge, BoardNode } from './melody-model';

/** elkjs is large (≈1.5 MB), so it ships as its own script and loads on the first auto-layout. */
interface ElkLike {
  layout(graph: unknown): Promise<{ children?: Array<{ id: string; x?: number; y?: number }> }>;
}

let elk: Promise<ElkLike> | undefined;

function loadElk(): Promise<ElkLike> {
  elk ??= new Promise<ElkLike>((resolve, reject) => {
    const current = document.querySelector<HTMLScriptElement>('script[src*="board.js"]');
    const script = document.createElement('script');
    script.src = current ? current.src.replace(/board\.js(\?.*)?$/, 'board-layout.js') : 'board-layout.js';
    // The page's CSP allows scripts by nonce only; reuse ours.
    if (current?.nonce) script.nonce = current.nonce;
    script.onload = () => {
      const made = (globalThis as { symphonyElk?: ElkLike }).symphonyElk;
      if (made) resolve(made);
      else reject(new Error('the layout engine did not start'));
    };
    script.onerror = () => reject(new Error(`could not load ${script.src}`));
    document.head.appendChild(script);
  });
  return elk;
}

/** Left-to-right layered layout of the whole graph; returns new positions by node id. */
export async function layoutPositions(nodes: readonly BoardNode[], edges: readonly BoardEdge[]): Promise<Array<{ id: string; position: { x: number; y: number } }>> {
  const engine = await loadElk();
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? 200, height: n.measured?.height ?? 70 })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const result = await engine.layout(graph);
  return (result.children ?? []).map((c) => ({ id: c.id, position: { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) } }));
}

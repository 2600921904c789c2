import { createRoot } from 'react-dom/client';
import { useEffect, useMemo, useState } from 'react';
import { ReactFlow, Background, Controls, MiniMap, type Node, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './board.css';
import { send } from './vscode-api';
import type { HostToBoard } from '../../src/protocol/board';

interface MelodyShape {
  name?: string;
  nodes?: Array<{ id: string; operator: string; name?: string; position?: { x: number; y: number } }>;
  connections?: Array<{ from: { node: string; port?: string }; to: { node: string; port?: string } }>;
}

function parse(text: string): { melody?: MelodyShape; error?: string } {
  try {
    return { melody: JSON.parse(text) as MelodyShape };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function Board() {
  const [text, setText] = useState<string | undefined>();
  useEffect(() => {
    const onMessage = (e: MessageEvent<HostToBoard>) => {
      if (e.data.type === 'init' || e.data.type === 'documentChanged') setText(e.data.text);
    };
    window.addEventListener('message', onMessage);
    send({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, []);
  const { melody, error } = useMemo(() => (text === undefined ? {} : parse(text)), [text]);
  const nodes: Node[] = (melody?.nodes ?? []).map((n) => ({
    id: n.id,
    position: n.position ?? { x: 0, y: 0 },
    data: { label: `${n.name ?? n.id} · ${n.operator}` },
  }));
  const edges: Edge[] = (melody?.connections ?? []).map((c, i) => ({ id: `e${i}`, source: c.from.node, target: c.to.node }));
  if (text === undefined) return <div className="board-message">Loading melody…</div>;
  if (error)
    return (
      <div className="board-message" role="alert">
        <p>This melody could not be read: {error}</p>
        <button onClick={() => send({ type: 'openTextEditor' })}>Open in Text Editor</button>
      </div>
    );
  return (
    <div className="board" data-testid="board">
      <header className="board-title">{melody?.name ?? 'Untitled melody'}</header>
      <ReactFlow nodes={nodes} edges={edges} fitView colorMode="system">
        <Background />
        <MiniMap />
        <Controls />
      </ReactFlow>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Board />);

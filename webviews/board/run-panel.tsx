import { memo, useState } from 'react';
import type { JsonObject } from '../../src/core/operators/operator';
import { formatDuration } from './operator-node';
import { useNodeRun, useRun } from './run-store';
import { send } from './vscode-api';
import { VscodeButton } from './vscode-controls';

/** Input and output items of the selected node in the current run, as a table or JSON, with its error. */
export const RunPanel = memo(function RunPanel({ nodeId, nodeName, onClose }: { nodeId: string | undefined; nodeName?: string; onClose(): void }) {
  const run = useRun();
  const node = useNodeRun(nodeId ?? '');
  const [side, setSide] = useState<'output' | 'input'>('output');
  const [view, setView] = useState<'table' | 'json'>('table');
  if (!run.runId) return null;
  const ports = (side === 'output' ? node?.output : node?.input) ?? [];
  return (
    <section className="run-panel" aria-label="Run data" data-testid="run-panel">
      <header>
        <strong>
          {nodeId ? `${nodeName ?? nodeId}` : 'Run'}
          {node ? ` — ${node.state}` : run.status ? ` — ${run.status}` : ''}
        </strong>
        {node?.durationMs !== undefined && <span className="muted"> {formatDuration(node.durationMs)}</span>}
        {node && (
          <span className="muted">
            {' '}
            · in {node.inputCount ?? '–'} · out {node.outputCount ?? '–'}
          </span>
        )}
        <span className="spacer" />
        <div role="tablist" className="segmented">
          <button role="tab" aria-selected={side === 'input'} onClick={() => setSide('input')}>Input</button>
          <button role="tab" aria-selected={side === 'output'} onClick={() => setSide('output')}>Output</button>
        </div>
        <div role="tablist" className="segmented">
          <button role="tab" aria-selected={view === 'table'} onClick={() => setView('table')}>Table</button>
          <button role="tab" aria-selected={view === 'json'} onClick={() => setView('json')}>JSON</button>
        </div>
        <VscodeButton secondary icon="close" className="icon-only" aria-label="Close run panel" title="Close run panel" onClick={onClose} />
      </header>
      <div className="run-panel-body">
        {node?.error && (
          <div className="run-error" role="alert" data-testid="run-error">
            <span className="codicon codicon-error" aria-hidden="true" /> {node.error.operator ? `${node.error.operator}: ` : ''}
            {node.error.message}
            {node.error.code ? <code> ({node.error.code})</code> : null}{' '}
            <a href="#" onClick={(e) => { e.preventDefault(); send({ type: 'showLog' }); }}>Show log</a>
          </div>
        )}
        {node?.state === 'skipped' && node.reason && <div className="muted">Skipped: {node.reason}</div>}
        {!nodeId && run.error && <div className="run-error" role="alert">{run.error.message}</div>}
        {!nodeId && <p className="muted">Select a node to see its items.</p>}
        {nodeId && !node && <p className="muted">This node has not run.</p>}
        {nodeId && node && ports.length === 0 && <p className="muted">No {side} items yet.</p>}
        {ports.map((items, i) => (
          <div key={i} className="port-items">
            {ports.length > 1 && <h4>Port {i}</h4>}
            {view === 'json' ? <pre className="json-view">{JSON.stringify(items, null, 2)}</pre> : <ItemTable items={items} />}
          </div>
        ))}
        {node?.truncated && <p className="muted">Only the first items of each port are shown.</p>}
      </div>
    </section>
  );
});

function ItemTable({ items }: { items: JsonObject[] }) {
  if (items.length === 0) return <p className="muted">0 items</p>;
  const columns = [...new Set(items.flatMap((i) => Object.keys(i)))].slice(0, 30);
  return (
    <table className="item-table">
      <thead>
        <tr>
          <th>#</th>
          {columns.map((c) => <th key={c}>{c}</th>)}
        </tr>
      </thead>
      <tbody>
        {items.map((item, r) => (
          <tr key={r}>
            <td className="muted">{r}</td>
            {columns.map((c) => <td key={c}>{cell(item[c])}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function cell(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 200)}…` : v;
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

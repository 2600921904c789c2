import { memo } from 'react';
import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import type { PortDescription } from '../../src/core/operators/operator';
import { portsOf } from '../../src/protocol/board-connection-rules';
import type { BoardNode } from './melody-model';
import { useNodeRun, type NodeRunView } from './run-store';

/** Below this zoom the board draws simplified nodes: names only, no ports or badges. */
export const DETAIL_ZOOM = 0.45;

const zoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < DETAIL_ZOOM;

const STATE_ICONS: Record<string, string> = {
  pending: 'circle-large-outline',
  queued: 'clock',
  running: 'loading codicon-modifier-spin',
  completed: 'pass-filled',
  failed: 'error',
  skipped: 'debug-step-over',
};

/** One operator node. Memoised: it re-renders when its own data, selection, zoom level or run state changes. */
export const OperatorNode = memo(function OperatorNode({ id, data, selected }: NodeProps<BoardNode>) {
  const simple = useStore(zoomedOut);
  const run = useNodeRun(id);
  const { raw, operator } = data;
  const inputs = portsOf(operator, 'inputs');
  const outputs = portsOf(operator, 'outputs');
  const name = raw.name ?? raw.id;
  const disabled = (raw as { disabled?: boolean }).disabled === true;
  const className = `op-node${selected ? ' selected' : ''}${disabled ? ' disabled' : ''}${run ? ` state-${run.state}` : ''}${operator ? '' : ' unknown'}${simple ? ' simple' : ''}`;
  const style = operator?.color ? { borderLeftColor: operator.color } : undefined;
  if (simple) {
    // Level of detail: one box and the name. Handles stay (edges attach to them) but draw nothing.
    return (
      <div className={className} style={style} data-testid={`node-${id}`}>
        {inputs.map((p, i) => <Handle key={p.name} id={p.name} type="target" position={Position.Left} className="port-hidden" style={{ top: portTop(i, inputs.length) }} />)}
        <span className="op-simple-name">{name}</span>
        {outputs.map((p, i) => <Handle key={p.name} id={p.name} type="source" position={Position.Right} className="port-hidden" style={{ top: portTop(i, outputs.length) }} />)}
      </div>
    );
  }
  return (
    <div className={className} style={style} data-testid={`node-${id}`} title={operator ? operator.description : `Unknown operator "${raw.operator}": no installed extension provides it.`}>
      <div className="op-head">
        <span className={`codicon codicon-${operator?.icon ?? 'question'} op-icon`} aria-hidden="true" />
        <div className="op-titles">
          <div className="op-name">{name}</div>
          <div className="op-id">{raw.operator}</div>
        </div>
        <StatusBadge run={run} />
      </div>
      <div className="op-ports">
        <div className="op-port-col">{inputs.map((p) => <PortLabel key={p.name} port={p} side="in" count={inputs.length} />)}</div>
        <div className="op-port-col out">{outputs.map((p) => <PortLabel key={p.name} port={p} side="out" count={outputs.length} />)}</div>
      </div>
      {inputs.map((p, i) => (
        <Handle key={p.name} id={p.name} type="target" position={Position.Left} style={{ top: portTop(i, inputs.length) }} className={`port port-${p.type}`} aria-label={`input ${p.displayName ?? p.name} (${p.type})`} title={`${p.displayName ?? p.name}: ${p.type}${p.required ? ', required' : ''}`} />
      ))}
      {outputs.map((p, i) => (
        <Handle key={p.name} id={p.name} type="source" position={Position.Right} style={{ top: portTop(i, outputs.length) }} className={`port port-${p.type}`} aria-label={`output ${p.displayName ?? p.name} (${p.type})`} title={`${p.displayName ?? p.name}: ${p.type}`} />
      ))}
    </div>
  );
});

/** Ports sit below the header, spread evenly over the port area. */
function portTop(index: number, count: number): string {
  if (count <= 1) return '60%';
  return `${40 + (index * 50) / (count - 1)}%`;
}

function PortLabel({ port, side, count }: { port: PortDescription; side: 'in' | 'out'; count: number }) {
  if (count <= 1 && port.name === 'main') return null;
  return <div className={`op-port-label ${side}`}>{port.displayName ?? port.name}</div>;
}

function StatusBadge({ run }: { run: NodeRunView | undefined }) {
  if (!run) return null;
  const parts: string[] = [run.state];
  if (run.outputCount !== undefined) parts.push(`${run.outputCount} item${run.outputCount === 1 ? '' : 's'}`);
  if (run.durationMs !== undefined) parts.push(formatDuration(run.durationMs));
  const label = parts.join(' · ');
  return (
    <span className={`op-badge badge-${run.state}`} role="status" aria-label={`state ${label}`} title={run.error?.message ?? run.reason ?? label} data-testid="status-badge">
      <span className={`codicon codicon-${STATE_ICONS[run.state] ?? 'circle'}`} aria-hidden="true" />
      {run.outputCount !== undefined && <span className="op-badge-count">{run.outputCount}</span>}
    </span>
  );
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

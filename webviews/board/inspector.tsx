import { memo, useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { JsonValue, OperatorDescription, ParamDescription } from '../../src/core/operators/operator';
import type { BoardIntent, Connection, ErrorStrategy, MelodyNodeShape, OnError } from '../../src/protocol/board';
import { connectionProblem, portsOf } from '../../src/protocol/board-connection-rules';
import { ParamField } from './param-field';
import { VscodeButton, VscodeCheckbox, VscodeOption, VscodeSingleSelect, VscodeTextfield, checkedOf, valueOf } from './vscode-controls';
import { portName, type MelodyView } from './melody-model';

interface InspectorProps {
  melody: MelodyView;
  node: MelodyNodeShape | undefined;
  selectionCount: number;
  operators: ReadonlyMap<string, OperatorDescription>;
  edit(intent: BoardIntent): void;
}

/** Parameters, settings and connections of the selected node; the melody's name when none is selected. */
export const Inspector = memo(function Inspector({ melody, node, selectionCount, operators, edit }: InspectorProps) {
  // The connection form lists every other node; on a big melody it is built only once opened.
  const [connectionsOpen, setConnectionsOpen] = useState(false);
  if (!node) {
    return (
      <aside className="inspector" aria-label="Inspector" data-testid="inspector" onKeyDown={keepKeysInForm}>
        <h2>{selectionCount > 1 ? `${selectionCount} nodes selected` : 'Melody'}</h2>
        {selectionCount <= 1 && (
          <>
            <TextSetting label="Name" value={melody.name} onCommit={(name) => name && edit({ type: 'renameMelody', name })} />
            <p className="muted">
              {melody.nodes.length} nodes, {melody.connections.length} connections. Select a node to edit it.
            </p>
          </>
        )}
      </aside>
    );
  }
  const op = operators.get(node.operator);
  const params = node.params ?? {};
  const visible = (op?.params ?? []).filter((p) => shown(p, params));
  const setParam = (p: ParamDescription, value: JsonValue | undefined) =>
    edit(value === undefined ? { type: 'updateParams', node: node.id, set: {}, unset: [p.name] } : { type: 'updateParams', node: node.id, set: { [p.name]: value }, unset: [] });
  return (
    <aside className="inspector" aria-label={`Inspector for ${node.name ?? node.id}`} data-testid="inspector" onKeyDown={keepKeysInForm}>
      <h2>
        <span className={`codicon codicon-${op?.icon ?? 'question'}`} aria-hidden="true" /> {node.name ?? node.id}
      </h2>
      <div className="muted">
        {node.operator} · id <code>{node.id}</code>
      </div>
      {!op && <p className="field-error">Unknown operator "{node.operator}": install the extension that provides it, or change the id in the text editor.</p>}
      {op?.description && <p className="muted">{op.description}</p>}
      <details open>
        <summary>Parameters</summary>
        {visible.length === 0 && <p className="muted">This operator has no parameters.</p>}
        {visible.map((p) => (
          <ParamField key={p.name} param={p} value={params[p.name] as JsonValue | undefined} onCommit={(v) => setParam(p, v)} />
        ))}
        <ExtraParams params={params} known={new Set(op?.params.map((p) => p.name))} />
      </details>
      <details open>
        <summary>Settings</summary>
        <NodeSettingsForm node={node} edit={edit} />
      </details>
      <details open={connectionsOpen} onToggle={(e) => setConnectionsOpen(e.currentTarget.open)}>
        <summary>Connections</summary>
        {connectionsOpen && <ConnectForm melody={melody} node={node} operators={operators} edit={edit} />}
      </details>
    </aside>
  );
});

/**
 * Delete and Backspace inside the form edit the form. React Flow deletes the selected node on these
 * keys unless the focused element is a native field, and a select's face or a button inside an
 * element's shadow root is not one, so the keys stop here.
 */
function keepKeysInForm(e: KeyboardEvent) {
  if (e.key === 'Delete' || e.key === 'Backspace') e.stopPropagation();
}

function shown(p: ParamDescription, values: Record<string, unknown>): boolean {
  if (!p.showWhen) return true;
  return Object.entries(p.showWhen).every(([other, allowed]) => allowed.includes(values[other] as string | number | boolean));
}

/** Parameters the operator does not describe (older versions, typos): shown read-only so nothing is hidden. */
function ExtraParams({ params, known }: { params: Record<string, unknown>; known: Set<string> }) {
  const extra = Object.keys(params).filter((k) => !known.has(k));
  if (!extra.length) return null;
  return (
    <div className="field">
      <div className="field-label">Other parameters (kept as written)</div>
      <pre className="json-view">{JSON.stringify(Object.fromEntries(extra.map((k) => [k, params[k]])), null, 2)}</pre>
    </div>
  );
}

function TextSetting({ label, value, onCommit, type = 'text', testId }: { label: string; value: string; onCommit(v: string): void; type?: 'text' | 'number'; testId?: string }) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>{label}</label>
      <VscodeTextfield
        id={id}
        label={label}
        type={type}
        value={draft}
        data-testid={testId}
        onInput={(e) => setDraft(valueOf(e))}
        onBlur={() => draft !== value && onCommit(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && draft !== value) onCommit(draft);
        }}
      />
    </div>
  );
}

const STRATEGIES: Array<{ value: ErrorStrategy; label: string }> = [
  { value: 'halt', label: 'Stop the run (default)' },
  { value: 'retry', label: 'Retry, then stop' },
  { value: 'skip', label: 'Skip the node and continue' },
  { value: 'fallback', label: 'Send fallback items' },
];

function NodeSettingsForm({ node, edit }: { node: MelodyNodeShape; edit(i: BoardIntent): void }) {
  const raw = node as MelodyNodeShape & { disabled?: boolean; timeoutMs?: number; onError?: OnError };
  const onError = raw.onError;
  const settings = (s: Extract<BoardIntent, { type: 'updateNodeSettings' }>['settings']) => edit({ type: 'updateNodeSettings', node: node.id, settings: s });
  return (
    <div>
      <TextSetting label="Name" value={node.name ?? ''} testId="setting-name" onCommit={(v) => settings({ name: v || null })} />
      <div className="field">
        <VscodeCheckbox label="Disabled (passes its input through)" checked={raw.disabled === true} onChange={(e) => settings({ disabled: checkedOf(e) })} data-testid="setting-disabled" />
      </div>
      <Select
        label="On error"
        value={onError?.strategy ?? 'halt'}
        testId="setting-onerror"
        options={STRATEGIES}
        onPick={(picked) => {
          const strategy = picked as ErrorStrategy;
          settings({ onError: strategy === 'halt' ? null : strategy === 'retry' ? { ...onError, strategy, retries: onError?.retries ?? 2 } : { ...onError, strategy } });
        }}
      />
      {onError?.strategy === 'retry' && (
        <div className="field-row">
          <TextSetting label="Retries" type="number" value={String(onError.retries ?? '')} onCommit={(v) => settings({ onError: { ...onError, retries: clampInt(v, 0, 100) } })} />
          <TextSetting label="Backoff (ms)" type="number" value={String(onError.backoffMs ?? '')} onCommit={(v) => settings({ onError: { ...onError, backoffMs: clampInt(v, 0, 3_600_000) } })} />
        </div>
      )}
      <TextSetting label="Timeout (ms, empty = melody default)" type="number" value={raw.timeoutMs === undefined ? '' : String(raw.timeoutMs)} onCommit={(v) => settings({ timeoutMs: v === '' ? null : clampInt(v, 1, 86_400_000) })} />
    </div>
  );
}

/** A labelled single select; `onPick` runs only when the user picks a different value. */
function Select({ label, value, options, onPick, testId }: { label: string; value: string; options: ReadonlyArray<{ value: string; label: string }>; onPick(value: string): void; testId?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>{label}</label>
      <VscodeSingleSelect
        id={id}
        label={label}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          const picked = valueOf(e);
          if (picked !== value) onPick(picked);
        }}
      >
        {options.map((o) => (
          <VscodeOption key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </VscodeOption>
        ))}
      </VscodeSingleSelect>
    </div>
  );
}

function clampInt(text: string, min: number, max: number): number {
  const n = Math.round(Number(text));
  return Number.isFinite(n) ? Math.max(min, Math.min(max, n)) : min;
}

/** Connecting by keyboard: pick an output port, a target node and its input port. */
function ConnectForm({ melody, node, operators, edit }: { melody: MelodyView; node: MelodyNodeShape; operators: ReadonlyMap<string, OperatorDescription>; edit(i: BoardIntent): void }) {
  const outputs = portsOf(operators.get(node.operator), 'outputs');
  const [fromPort, setFromPort] = useState(outputs[0]?.name ?? 'main');
  const targets = melody.nodes.filter((n) => n.id !== node.id);
  const [target, setTarget] = useState(targets[0]?.id ?? '');
  const targetNode = melody.nodes.find((n) => n.id === target);
  const inputs = portsOf(targetNode ? operators.get(targetNode.operator) : undefined, 'inputs');
  const [toPort, setToPort] = useState('');
  const port = inputs.some((p) => p.name === toPort) ? toPort : (inputs[0]?.name ?? 'main');
  const connection: Connection = { from: { node: node.id, port: fromPort }, to: { node: target, port } };
  const nodes = new Map(melody.nodes.map((n) => [n.id, n]));
  const problem = target ? connectionProblem(connection, nodes, operators, melody.connections) : 'There is no other node to connect to.';
  const mine = melody.connections.filter((c) => c.from.node === node.id || c.to.node === node.id);
  return (
    <div className="connect-form">
      <ul className="connection-list">
        {mine.map((c, i) => (
          <li key={i}>
            <span>
              {c.from.node}.{portName(portsOf(operators.get(nodes.get(c.from.node)?.operator ?? ''), 'outputs'), c.from.port)} → {c.to.node}.
              {portName(portsOf(operators.get(nodes.get(c.to.node)?.operator ?? ''), 'inputs'), c.to.port)}
            </span>
            <VscodeButton secondary icon="close" className="icon-only" aria-label={`Remove connection ${c.from.node} to ${c.to.node}`} title="Remove connection" onClick={() => edit({ type: 'disconnect', connections: [c] })} />
          </li>
        ))}
      </ul>
      <div className="field-row">
        <Select label="From port" value={fromPort} testId="connect-from-port" options={outputs.map((p) => ({ value: p.name, label: `${p.displayName ?? p.name} (${p.type})` }))} onPick={setFromPort} />
        <Select label="To node" value={target} testId="connect-target" options={targets.map((n) => ({ value: n.id, label: n.name ?? n.id }))} onPick={setTarget} />
        <Select label="Port" value={port} testId="connect-to-port" options={inputs.map((p) => ({ value: p.name, label: `${p.displayName ?? p.name} (${p.type})` }))} onPick={setToPort} />
      </div>
      {problem && target && <p className="field-error" role="alert">{problem}</p>}
      <VscodeButton disabled={!!problem} aria-disabled={problem ? 'true' : undefined} onClick={() => !problem && edit({ type: 'connect', connection })} data-testid="connect-button">
        Connect
      </VscodeButton>
    </div>
  );
}

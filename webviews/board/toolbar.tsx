import { memo } from 'react';
import type { BoardCommand } from '../../src/protocol/board';
import { formatDuration } from './operator-node';
import { useRun } from './run-store';
import { VscodeButton } from './vscode-controls';

interface ToolbarProps {
  name: string;
  canRun: boolean;
  runUnavailableReason?: string;
  hasSingleSelection: boolean;
  snap: boolean;
  onCommand(command: BoardCommand): void;
  onOpenText(): void;
}

/** The board's header: the melody's name, run controls and canvas actions. */
export const Toolbar = memo(function Toolbar({ name, canRun, runUnavailableReason, hasSingleSelection, snap, onCommand, onOpenText }: ToolbarProps) {
  const run = useRun();
  const active = run.status === 'running' || run.status === 'paused';
  const off = canRun ? undefined : runUnavailableReason;
  return (
    <header className="board-title">
      <span className="board-name" data-testid="melody-name">{name}</span>
      {run.status && (
        <span className={`run-status run-${run.status}`} role="status" data-testid="run-status">
          {run.status}
          {run.durationMs !== undefined ? ` · ${formatDuration(run.durationMs)}` : ''}
        </span>
      )}
      <span className="spacer" />
      <div className="toolbar" role="toolbar" aria-label="Board actions">
        <ToolButton icon="play" label="Run melody (F5)" disabled={!canRun || active} title={off} onClick={() => onCommand('run')} testId="run" />
        <ToolButton icon="debug-start" label="Run from the selected node (Alt+F5)" disabled={!canRun || active || !hasSingleSelection} title={off} onClick={() => onCommand('runFromHere')} testId="run-from-here" />
        <ToolButton
          icon={run.status === 'paused' ? 'debug-continue' : 'debug-pause'}
          label={run.status === 'paused' ? 'Resume (F6)' : 'Pause (F6)'}
          disabled={!active}
          onClick={() => onCommand('pauseResume')}
          testId="pause-resume"
        />
        <ToolButton icon="debug-stop" label="Stop (Shift+F5)" disabled={!active} onClick={() => onCommand('stop')} testId="stop" />
        <span className="toolbar-sep" />
        <ToolButton icon="type-hierarchy-sub" label="Auto-layout (Shift+Alt+F)" onClick={() => onCommand('autoLayout')} testId="auto-layout" />
        <ToolButton icon="screen-full" label="Zoom to fit (Shift+1)" onClick={() => onCommand('zoomToFit')} testId="zoom-fit" />
        <ToolButton icon="symbol-numeric" label={snap ? 'Grid snap on (G)' : 'Grid snap off (G)'} pressed={snap} onClick={() => onCommand('toggleSnap')} testId="snap" />
        <ToolButton icon="go-to-file" label="Open in text editor" onClick={onOpenText} testId="open-text" />
      </div>
    </header>
  );
});

/** An icon button of the toolbar. A disabled one keeps its tooltip (why it is off) and its place in the accessibility tree. */
function ToolButton(props: { icon: string; label: string; disabled?: boolean; pressed?: boolean; title?: string; testId: string; onClick(): void }) {
  return (
    <VscodeButton
      secondary
      icon={props.icon}
      className={`tool-button${props.pressed ? ' on' : ''}`}
      aria-label={props.label}
      // On a custom element React writes `true` as an empty attribute: ARIA states go in as strings.
      aria-pressed={props.pressed === undefined ? undefined : props.pressed ? 'true' : 'false'}
      aria-disabled={props.disabled ? 'true' : undefined}
      title={props.title ?? props.label}
      disabled={props.disabled}
      onClick={() => !props.disabled && props.onClick()}
      data-testid={`tool-${props.testId}`}
    />
  );
}

import type { Viewport } from '@xyflow/react';
import { viewState } from './vscode-api';

/** What the board remembers per editor through the webview state API; never written to the file. */
export interface BoardViewState {
  viewport?: Viewport;
  selection?: string[];
  snap?: boolean;
}

export function loadViewState(): BoardViewState {
  const s = viewState.get();
  return typeof s === 'object' && s !== null ? (s as BoardViewState) : {};
}

let pending: BoardViewState | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Merges and stores view state, at most a few times a second. */
export function saveViewState(patch: BoardViewState): void {
  pending = { ...(pending ?? loadViewState()), ...patch };
  timer ??= setTimeout(() => {
    timer = undefined;
    if (pending) viewState.set(pending);
    pending = undefined;
  }, 250);
}

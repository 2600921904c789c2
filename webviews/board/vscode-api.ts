// The webview's handle on the extension host: post messages, send edit intents, persist view state.
import type { BoardIntent, BoardToHost } from '../../src/protocol/board';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The webview's handle on the host; a stand-in logs messages when the page runs outside VS Code. */
const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : { postMessage: (m) => console.log('[board → host]', m), getState: () => undefined, setState: () => undefined };

export function send(message: BoardToHost): void {
  api.postMessage(message);
}

/** Asks the host to apply one change to the melody document (the board never edits it itself). */
export const edit = (intent: BoardIntent) => send({ type: 'edit', intent });

export const viewState = { get: () => api.getState(), set: (s: unknown) => api.setState(s) };

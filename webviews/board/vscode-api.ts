import type { BoardToHost } from '../../src/protocol/board';

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

export const viewState = { get: () => api.getState(), set: (s: unknown) => api.setState(s) };

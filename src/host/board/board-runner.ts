import type { BoardRunEvent } from '../../protocol/board';

/**
 * The seam between the board and the conductor. The board asks for a run and receives events;
 * it never sees the engine. No 'vscode' here, so an adapter over src/core/conductor can be tested
 * in plain Node.
 */

/** What the board asks to run. */
export interface BoardRunRequest {
  /** The document text at the moment Run was pressed (unsaved edits included). */
  text: string;
  /** Absolute path of the melody file; relative paths in params resolve from its workspace. */
  fileName: string;
  /** "Run from here": start at this node, reusing earlier nodes' last outputs where the engine can. */
  fromNode?: string;
}

/** A run in progress. */
export interface BoardRunHandle {
  stop(): void;
  pause(): void;
  resume(): void;
  /** Settles when the run has finished (after its `runFinished` event). */
  readonly done: Promise<void>;
}

/** Starts runs for the board; `emit` receives every event of that run in order. */
export interface BoardRunner {
  start(request: BoardRunRequest, emit: (event: BoardRunEvent) => void): BoardRunHandle;
}

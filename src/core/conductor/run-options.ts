import type { JsonObject, JsonValue, OperatorServices } from '../operators/operator';
import type { RunResult } from './run-result';

/** How to run a melody. */
export interface RunOptions {
  /** Items (their json) given to every node without incoming connections; default one empty item. */
  input?: JsonObject[];
  /** Aborting it cancels the run. */
  signal?: AbortSignal;
  /** Run this node and everything downstream of it, reusing `previous` outputs for the rest. */
  fromNode?: string;
  /** The earlier run whose outputs a run from node reuses. */
  previous?: Pick<RunResult, 'nodes'>;
  concurrency?: number;
  timeoutMs?: number;
  runId?: string;
  /**
   * Answers operators that ask the user for input (`ctx.services.requestInput`). Without it a
   * request waits, in state WaitingForInput, for `MelodyRun.provideInput` (the board answers so).
   */
  answerInput?: (request: InputRequest) => Promise<JsonValue>;
}

/** An operator's question to the user during a run. */
export interface InputRequest {
  requestId: string;
  nodeId: string;
  prompt: string;
}

/** The service a run adds to OperatorServices so an operator can ask for input. */
export type RequestInput = (request: { nodeId: string; prompt: string }) => Promise<JsonValue>;

/** What a run gets from the place it runs in (the CLI or the editor). */
export interface RunEnvironment {
  workspaceRoot: string;
  services?: OperatorServices;
  env?: Readonly<Record<string, string | undefined>>;
  /** The run's clock (`$now`); tests fix it. */
  now?: () => Date;
}

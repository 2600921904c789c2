import { z } from 'zod';
import type { OperatorDescription, JsonObject } from '../core/operators/operator';

/**
 * Messages between the host and the Harmonic Board webview. Both sides import this file; the host
 * parses every inbound message with `BoardToHost`. The webview imports types only, so zod stays
 * out of its bundle.
 *
 * Editing: every gesture is one intent, and the host turns one intent into one WorkspaceEdit, so
 * VS Code's undo stack holds one entry per gesture.
 */

const Position = z.object({ x: z.number().finite(), y: z.number().finite() });
const NodeId = z.string().min(1).max(200);
const Json = z.json();
const JsonRecord = z.record(z.string(), Json);

/** One end of a connection: a node and one of its ports, by name or 0-based index. */
export const Endpoint = z.object({ node: NodeId, port: z.union([z.string().min(1), z.number().int().nonnegative()]).default('main') });
export type Endpoint = z.infer<typeof Endpoint>;

/** A connection as the melody file stores it. */
export const Connection = z.object({ from: Endpoint, to: Endpoint });
export type Connection = z.infer<typeof Connection>;

/** A node as the melody file stores it; unknown fields ride along untouched. */
export const MelodyNodeShape = z.looseObject({
  id: NodeId,
  operator: z.string().min(1),
  name: z.string().optional(),
  position: Position.optional(),
  params: JsonRecord.optional(),
});
export type MelodyNodeShape = z.infer<typeof MelodyNodeShape>;

/** Failure strategies a node can have (DESIGN.md "Run states"). */
export const ErrorStrategy = z.enum(['halt', 'skip', 'retry', 'fallback']);
export type ErrorStrategy = z.infer<typeof ErrorStrategy>;

/** A node's `onError` block. */
export const OnError = z.looseObject({
  strategy: ErrorStrategy,
  retries: z.number().int().min(0).max(100).optional(),
  backoffMs: z.number().int().min(0).optional(),
  fallback: z.string().optional(),
});
export type OnError = z.infer<typeof OnError>;

/** Node settings the inspector edits. `null` removes the field from the file. */
export const NodeSettings = z.object({
  name: z.string().nullable().optional(),
  disabled: z.boolean().nullable().optional(),
  onError: OnError.nullable().optional(),
  timeoutMs: z.number().int().min(0).nullable().optional(),
});
export type NodeSettings = z.infer<typeof NodeSettings>;

/** What a clipboard holds after "Copy" on a board: nodes and the connections between them. */
export const BoardClipboard = z.object({
  symphonyBoardClipboard: z.literal(1),
  nodes: z.array(MelodyNodeShape),
  connections: z.array(Connection),
});
export type BoardClipboard = z.infer<typeof BoardClipboard>;

/** Edit intents: each is one gesture and one undo step. */
export const BoardIntent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('addNode'), operator: z.string().min(1), position: Position, name: z.string().optional(), params: JsonRecord.optional(), connectFrom: Endpoint.optional() }),
  z.object({ type: z.literal('moveNodes'), moves: z.array(z.object({ id: NodeId, position: Position })).min(1) }),
  z.object({ type: z.literal('autoLayout'), moves: z.array(z.object({ id: NodeId, position: Position })).min(1) }),
  z.object({ type: z.literal('connect'), connection: Connection }),
  z.object({ type: z.literal('disconnect'), connections: z.array(Connection).min(1) }),
  z.object({ type: z.literal('deleteElements'), nodes: z.array(NodeId), connections: z.array(Connection) }),
  z.object({ type: z.literal('updateParams'), node: NodeId, set: JsonRecord.default({}), unset: z.array(z.string()).default([]) }),
  z.object({ type: z.literal('updateNodeSettings'), node: NodeId, settings: NodeSettings }),
  z.object({ type: z.literal('paste'), nodes: z.array(MelodyNodeShape).min(1), connections: z.array(Connection), offset: Position.optional(), at: Position.optional() }),
  z.object({ type: z.literal('renameMelody'), name: z.string() }),
]);
export type BoardIntent = z.infer<typeof BoardIntent>;

/** Everything the webview may send. */
export const BoardToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('openTextEditor') }),
  z.object({ type: z.literal('edit'), intent: BoardIntent }),
  z.object({ type: z.literal('copy'), clipboard: BoardClipboard }),
  z.object({ type: z.literal('pasteFromClipboard'), at: Position.optional() }),
  z.object({ type: z.literal('run'), fromNode: NodeId.optional() }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('showLog') }),
]);
export type BoardToHost = z.infer<typeof BoardToHost>;

/** Node states on the board during a run (DESIGN.md "Run states"). */
export type NodeRunState = 'pending' | 'queued' | 'running' | 'completed' | 'failed' | 'skipped';
/** Whole-run states. */
export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

/** An error an operator raised, as the board shows it. */
export interface RunError {
  message: string;
  code?: string;
  /** The node's operator id, so the board can say which operator complained. */
  operator?: string;
}

/** A run event, as the conductor reports it, mapped for the board. */
export type BoardRunEvent =
  | { kind: 'runStarted'; runId: string; fromNode?: string; nodes: string[] }
  | { kind: 'nodeState'; runId: string; node: string; state: NodeRunState; durationMs?: number; inputCount?: number; outputCount?: number; reason?: string; error?: RunError }
  /** Items a node received and produced, per port; sent once the node settles. Trimmed by the host. */
  | { kind: 'nodeData'; runId: string; node: string; input: JsonObject[][]; output: JsonObject[][]; truncated?: boolean }
  | { kind: 'runPaused'; runId: string }
  | { kind: 'runResumed'; runId: string }
  | { kind: 'runFinished'; runId: string; status: 'completed' | 'failed' | 'cancelled'; durationMs: number; error?: RunError };

/** Where a parse error sits in the document, 1-based. */
export interface TextProblem {
  message: string;
  line: number;
  column: number;
}

/** Everything the host may send. */
export type HostToBoard =
  | { type: 'init'; text: string; fileName: string; operators: OperatorDescription[]; canRun: boolean; runUnavailableReason?: string }
  | { type: 'documentChanged'; text: string }
  | { type: 'operatorsChanged'; operators: OperatorDescription[] }
  /** An intent the host refused (unknown node, invalid connection, unreadable file). */
  | { type: 'editRejected'; reason: string }
  /** Nodes an intent created (add, paste, duplicate): the board selects them. */
  | { type: 'selectNodes'; ids: string[] }
  | { type: 'runEvent'; event: BoardRunEvent }
  /** A VS Code command or keybinding aimed at the active board (Run, Stop, Auto-layout…). */
  | { type: 'command'; command: BoardCommand };

/** Board actions VS Code can trigger through `symphony.board.*` commands. */
export type BoardCommand = 'run' | 'runFromHere' | 'stop' | 'pauseResume' | 'autoLayout' | 'zoomToFit' | 'toggleSnap' | 'duplicate' | 'focusPalette';

/** Items the host keeps per port in `nodeData`, so a big run does not flood the webview. */
export const MAX_ITEMS_PER_PORT = 100;

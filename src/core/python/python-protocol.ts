import type { Item, JsonObject, JsonValue, LogLevel } from '../operators/operator';

/**
 * The messages between the host and a Python worker (operators/symphony_runtime). JSON-RPC 2.0 with
 * Content-Length framing; the Python side mirrors these names in worker.py and codes.py.
 */
export const PythonMethods = {
  initialize: 'initialize',
  call: 'symphony/call',
  execute: 'symphony/execute',
  describe: 'symphony/describe',
  ping: 'symphony/ping',
  shutdown: 'shutdown',
  log: 'symphony/log',
  progress: 'symphony/progress',
} as const;

/** JSON-RPC error codes the worker answers with. */
export const PythonErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  OperatorException: -32000,
  ImportFailed: -32001,
  EntryNotFound: -32002,
  NotSerializable: -32003,
  PayloadTooLarge: -32004,
  OperatorError: -32005,
  RequestCancelled: -32800,
} as const;

export interface InitializeParams {
  maxPayloadBytes: number;
  /** Folders added to the front of sys.path (extension folders). */
  paths: string[];
}

export interface InitializeResult {
  runtimeVersion: string;
  python: string;
  executable: string;
  pid: number;
}

/** `symphony/call`: calls `module:function(*args, **kwargs)` and returns its JSON result. */
export interface CallParams {
  entry: string;
  args?: JsonValue[];
  kwargs?: JsonObject;
}

/** `symphony/execute`: runs an operator function with Symphony's item convention. */
export interface ExecuteParams {
  entry: string;
  /** Items per input port, in port order. */
  inputs: Item[][];
  inputPorts: string[];
  outputPorts: string[];
  /** Parameter values evaluated for the first item. */
  params: JsonObject;
  /** Parameter values per item, sent only when some parameter is an expression. */
  itemParams?: JsonObject[];
  node: { id: string; name: string };
  workspaceRoot: string;
}

export interface ExecuteResult {
  outputs: Item[][];
}

export interface DescribeParams {
  module: string;
}

/** What `@operator(...)` registered, as the worker reports it (OperatorDescription input plus `entry`). */
export interface DescribedOperator {
  id: string;
  entry: string;
  [field: string]: JsonValue;
}

export interface DescribeResult {
  module: string;
  operators: DescribedOperator[];
}

/** `symphony/log` notification: a line printed or logged by Python code. `id` is the call it belongs to. */
export interface LogNotification {
  id: number | string | null;
  level: LogLevel;
  message: string;
}

/** `symphony/progress` notification from `ctx.progress(...)`. */
export interface ProgressNotification {
  id: number | string;
  fraction: number;
  message?: string;
}

/** The error `data` of OperatorException and ImportFailed. */
export interface PythonTracebackData {
  type?: string;
  message?: string;
  module?: string;
  traceback?: string;
  code?: string;
  path?: string;
  bytes?: number;
  limit?: number;
}

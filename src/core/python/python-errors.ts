import { OperatorError } from '../operators/operator';

/** Stable codes of the errors Python operators raise to the user. */
export type PythonErrorCode =
  | 'PythonNotFound'
  | 'PythonTooOld'
  | 'PythonUntrusted'
  | 'PythonStartFailed'
  | 'PythonImportError'
  | 'PythonEntryNotFound'
  | 'PythonException'
  | 'PythonNotSerializable'
  | 'PythonPayloadTooLarge'
  | 'PythonTimeout'
  | 'PythonCancelled'
  | 'PythonWorkerCrashed'
  | 'PythonProtocolError'
  | 'PythonQueueFull'
  | 'PythonPoolDisposed'
  | 'PythonEnvironmentFailed'
  | 'PythonIndexUnreachable';

/** An error from the Python side of Symphony; `code` is stable, `message` says what to do. */
export class PythonError extends OperatorError {
  constructor(
    override readonly code: PythonErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details);
    this.name = 'PythonError';
  }
}

/** True for an error with one of the given Python codes. */
export function isPythonError(err: unknown, ...codes: PythonErrorCode[]): err is PythonError {
  return err instanceof PythonError && (codes.length === 0 || codes.includes(err.code));
}

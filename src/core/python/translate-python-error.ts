import { ResponseError } from 'vscode-jsonrpc/node';
import { OperatorError } from '../operators/operator';
import { PythonErrorCodes, type PythonTracebackData } from './python-protocol';
import { PythonError } from './python-errors';

/** Turns a worker's JSON-RPC error into the error a user reads, traceback included where there is one. */
export function translatePythonError(err: unknown, what: string): Error {
  if (!(err instanceof ResponseError)) return err instanceof Error ? err : new Error(String(err));
  const data = (err.data ?? {}) as PythonTracebackData;
  const traceback = typeof data.traceback === 'string' ? data.traceback.trimEnd() : undefined;
  const withTrace = (message: string) => (traceback ? `${message}\n\nPython traceback:\n${traceback}` : message);
  switch (err.code) {
    case PythonErrorCodes.OperatorException:
      return new PythonError('PythonException', withTrace(`Python code failed in ${what}: ${err.message}`), { ...data });
    case PythonErrorCodes.ImportFailed:
      return new PythonError(
        'PythonImportError',
        withTrace(`Could not import the Python module of ${what}: ${err.message}. Fix the module (or its dependencies) and run again.`),
        { ...data },
      );
    case PythonErrorCodes.EntryNotFound:
      return new PythonError('PythonEntryNotFound', `${err.message}.`, { ...data });
    case PythonErrorCodes.NotSerializable:
      return new PythonError('PythonNotSerializable', err.message, { ...data });
    case PythonErrorCodes.PayloadTooLarge:
      return new PythonError('PythonPayloadTooLarge', `${what}: ${err.message}`, { ...data });
    case PythonErrorCodes.OperatorError:
      // Raised on purpose by the operator with symphony_sdk.OperatorError: its own code and message.
      return new OperatorError(typeof data.code === 'string' ? data.code : 'OperatorError', err.message, { ...data });
    case PythonErrorCodes.RequestCancelled:
      return new PythonError('PythonCancelled', `${what} was cancelled.`);
    default:
      return new PythonError('PythonProtocolError', `The Python worker rejected ${what} (JSON-RPC error ${err.code}): ${err.message}`, { ...data });
  }
}

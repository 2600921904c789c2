import { ResponseError } from 'vscode-jsonrpc';
import { PermissionDenied } from '../security/permission-denied';
import { SANDBOX_RPC_ERROR, type SandboxErrorCode, type SandboxErrorData } from './sandbox-protocol';

/** A failed sandboxed call, with a stable code and, for denials, the permission and the target. */
export class SandboxError extends Error {
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
    readonly permission?: string,
    readonly target?: string,
  ) {
    super(message);
    this.name = code;
  }

  toJSON(): SandboxErrorData {
    const data: SandboxErrorData = { code: this.code, message: this.message };
    if (this.permission !== undefined) data.permission = this.permission;
    if (this.target !== undefined) data.target = this.target;
    return data;
  }

  toResponseError(): ResponseError<SandboxErrorData> {
    return new ResponseError(SANDBOX_RPC_ERROR, this.message, this.toJSON());
  }

  /** Rebuilds a SandboxError from whatever crossed a process boundary or came out of a handler. */
  static from(e: unknown, fallback: SandboxErrorCode = 'CommandFailed'): SandboxError {
    if (e instanceof SandboxError) return e;
    if (e instanceof PermissionDenied) return new SandboxError('PermissionDenied', e.message, e.permission, e.target);
    if (e instanceof ResponseError) {
      const data = e.data as Partial<SandboxErrorData> | undefined;
      if (data && typeof data.code === 'string') return new SandboxError(data.code, data.message ?? e.message, data.permission, data.target);
      return new SandboxError(fallback, e.message);
    }
    if (e && typeof e === 'object') {
      const o = e as { code?: unknown; message?: unknown; permission?: unknown; target?: unknown };
      const message = typeof o.message === 'string' ? o.message : String(e);
      if (o.code === 'PermissionDenied') return new SandboxError('PermissionDenied', message, str(o.permission), str(o.target));
      return new SandboxError(fallback, message);
    }
    return new SandboxError(fallback, String(e));
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The serialisable shape of a denied capability call, as the CLI and the RPC layer carry it. */
export interface PermissionDeniedData {
  code: 'PermissionDenied';
  permission: string;
  target: string;
  extension: string;
  message: string;
}

/**
 * Thrown when a sub-extension uses a capability it does not hold. It names the permission and the
 * target so a user can decide whether to grant it, and says where to do so.
 */
export class PermissionDenied extends Error {
  readonly code = 'PermissionDenied' as const;

  constructor(
    readonly extension: string,
    readonly permission: string,
    readonly target: string,
    reason: string,
  ) {
    super(`${extension}: ${permission}${target ? ` on "${target}"` : ''} was denied — ${reason}`);
    this.name = 'PermissionDenied';
  }

  toJSON(): PermissionDeniedData {
    return { code: this.code, permission: this.permission, target: this.target, extension: this.extension, message: this.message };
  }
}

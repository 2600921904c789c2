/** A message on the bus. `sender` is an extension id, or `symphony` for the host. */
export interface BusMessage<T = unknown> {
  /** Unique per bus, increasing: ordering per channel follows it. */
  readonly seq: number;
  readonly channel: string;
  readonly sender: string;
  readonly data: T;
  readonly timestamp: number;
  /** Set on requests and their responses. */
  readonly correlationId?: string;
  /** On durable channels: the message's position in the channel's log, stable across restarts. */
  readonly offset?: number;
}

/** The id the host publishes under; host broadcasts are always allowed. */
export const HOST_SENDER = 'symphony';

/** Channels the host broadcasts on. Sub-extensions subscribe with `bus.subscribe` permission. */
export const HostChannels = {
  extensionActivated: 'symphony/extension/activated',
  extensionDeactivated: 'symphony/extension/deactivated',
  melodyCompleted: 'symphony/melody/completed',
  settingsChanged: 'symphony/settings/changed',
  fileSaved: 'symphony/file/saved',
} as const;

/** Why the bus refused or lost a message; thrown to publishers and requesters. */
export class BusError extends Error {
  constructor(
    readonly code: 'PermissionDenied' | 'InvalidMessage' | 'RateLimited' | 'Timeout' | 'NoResponder' | 'ServiceUnavailable' | 'ResponderFailed' | 'QueueFull',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BusError';
  }
}

import { z } from 'zod';
import type { Disposable } from '../base/disposable';
import { HOST_SENDER, HostChannels } from './bus-message';
import type { MessageBus } from './message-bus';

/** What the host publishes on each of HostChannels; the channels are declared with these schemas. */
export const hostBroadcastSchemas = {
  [HostChannels.extensionActivated]: z.object({ id: z.string(), version: z.string(), kind: z.string(), activationMs: z.number().optional() }),
  [HostChannels.extensionDeactivated]: z.object({ id: z.string(), version: z.string(), kind: z.string() }),
  [HostChannels.melodyCompleted]: z.object({
    melody: z.string(),
    status: z.string(),
    runId: z.string(),
    durationMs: z.number().optional(),
    /** The `.melody` file, when the run came from one. */
    file: z.string().optional(),
    /** The run's record in the run history. */
    historyFile: z.string().optional(),
  }),
  [HostChannels.settingsChanged]: z.object({
    /** `symphony` for Symphony's own settings, else the sub-extension whose settings changed. */
    section: z.string(),
    extensions: z.array(z.string()),
    /** The setting ids whose value changed, when known. */
    keys: z.array(z.string()).optional(),
  }),
  [HostChannels.fileSaved]: z.object({ path: z.string(), uri: z.string(), languageId: z.string().optional() }),
};

/** The payload type of a host broadcast channel. */
export type HostBroadcast<C extends keyof typeof hostBroadcastSchemas> = z.infer<(typeof hostBroadcastSchemas)[C]>;

/** Declares the host channels with their schemas, so a malformed broadcast is refused, never delivered. */
export function declareHostChannels(bus: MessageBus): Disposable[] {
  return Object.entries(hostBroadcastSchemas).map(([name, schema]) => bus.declareChannel({ name, owner: HOST_SENDER, schema }));
}

/** Publishes one host broadcast, typed by channel. */
export function broadcast<C extends keyof typeof hostBroadcastSchemas>(bus: MessageBus, channel: C, data: HostBroadcast<C>): void {
  bus.publish(HOST_SENDER, channel, data);
}

/**
 * The `melody/completed` payload from a run-history record (`.symphony/runs/*.json`), which every
 * runner writes when a run ends; undefined when the text is not a finished run.
 */
export function melodyCompletedFromRecord(text: string, historyFile: string): HostBroadcast<typeof HostChannels.melodyCompleted> | undefined {
  let record: { melody?: unknown; status?: unknown; runId?: unknown; durationMs?: unknown; file?: unknown };
  try {
    record = JSON.parse(text) as typeof record;
  } catch {
    return undefined;
  }
  if (typeof record?.melody !== 'string' || typeof record.status !== 'string' || typeof record.runId !== 'string') return undefined;
  return {
    melody: record.melody,
    status: record.status,
    runId: record.runId,
    durationMs: typeof record.durationMs === 'number' ? record.durationMs : undefined,
    file: typeof record.file === 'string' ? record.file : undefined,
    historyFile,
  };
}

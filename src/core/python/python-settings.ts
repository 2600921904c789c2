import { z } from 'zod';

/** The `symphony.python.*` settings the worker pool reads. */
export const PythonSettingsSchema = z.object({
  path: z.string().default('').describe('Python interpreter for Python operators; empty means the Python extension\'s environment, else python3/python on PATH.'),
  poolSize: z.number().int().min(1).max(16).default(2).describe('How many Python workers run operators in parallel.'),
  callTimeoutMs: z.number().int().min(0).default(60_000).describe('A Python call running longer is cancelled; 0 means no limit.'),
  cancelGraceMs: z.number().int().min(0).default(2_000).describe('How long a cancelled call may take to stop before its worker is killed and replaced.'),
  maxQueue: z.number().int().min(1).default(1_000).describe('Calls that may wait for a free worker before new calls are refused.'),
  maxPayloadMB: z.number().min(1).default(64).describe('Largest request or result a Python call may exchange, in megabytes.'),
});
export type PythonSettings = z.infer<typeof PythonSettingsSchema>;

/** Settings with every default filled in. */
export function pythonSettings(partial: Partial<PythonSettings> = {}): PythonSettings {
  return PythonSettingsSchema.parse(partial);
}

/** The payload limit in bytes. */
export function maxPayloadBytes(settings: PythonSettings): number {
  return Math.floor(settings.maxPayloadMB * 1024 * 1024);
}

import { z } from 'zod';

/**
 * Messages between the host and the Harmonic Board webview. Both sides import this file; the host
 * parses every inbound message with `BoardToHost`.
 */
export const BoardToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('openTextEditor') }),
]);
export type BoardToHost = z.infer<typeof BoardToHost>;

export type HostToBoard =
  | { type: 'init'; text: string; fileName: string }
  | { type: 'documentChanged'; text: string };

import { z } from 'zod';

/** The format string of the current melody file version. */
export const MELODY_FORMAT = 'melody/1';

const JsonValueSchema: z.ZodType<unknown> = z.unknown();

/** A port reference: a port name (`"main"`, `"true"`) or a 0-based port index. */
export const PortRef = z.union([z.string().min(1), z.number().int().nonnegative()]);
export type PortRef = z.infer<typeof PortRef>;

/** What the conductor does when a node fails. `halt` (stop the run) is the default. */
export const OnErrorSchema = z.discriminatedUnion('strategy', [
  z.looseObject({
    strategy: z.literal('retry'),
    retries: z.number().int().min(0).max(100).optional().describe('Attempts after the first one; default from conductor.json.'),
    backoffMs: z.number().min(0).optional().describe('Wait before the first retry, in milliseconds.'),
    backoffFactor: z.number().min(1).optional().describe('Each further wait is multiplied by this (1 = fixed).'),
    maxBackoffMs: z.number().min(0).optional(),
    then: z.enum(['halt', 'skip', 'fallback']).optional().describe('What to do when every attempt failed (default halt).'),
    port: PortRef.optional().describe('With then = "fallback": the output port that receives the fallback items.'),
    output: z.array(z.record(z.string(), JsonValueSchema)).optional().describe('With then = "fallback": fixed items to emit.'),
  }),
  z.looseObject({
    strategy: z.literal('fallback'),
    port: PortRef.optional().describe('Output port for the fallback items; default port 0.'),
    output: z.array(z.record(z.string(), JsonValueSchema)).optional().describe('Fixed items to emit; default: the input items with an `error` field.'),
  }),
  z.looseObject({ strategy: z.literal('skip') }),
  z.looseObject({ strategy: z.literal('halt') }),
]);
export type OnError = z.infer<typeof OnErrorSchema>;

/** One operator node of a melody. Unknown fields are kept. */
export const MelodyNodeSchema = z.looseObject({
  id: z.string().min(1).describe('Unique id of the node; connections and expressions refer to it.'),
  operator: z.string().min(1).describe('Operator id, e.g. "core.set".'),
  name: z.string().optional().describe('Display name on the board.'),
  position: z.looseObject({ x: z.number(), y: z.number() }).optional(),
  params: z.record(z.string(), JsonValueSchema).optional().describe('Parameter values; strings starting with "=" are expressions.'),
  onError: OnErrorSchema.optional(),
  timeoutMs: z.number().positive().optional().describe('Per-attempt time limit for this node.'),
  disabled: z.boolean().optional().describe('A disabled node passes the items of its first input through.'),
  critical: z.boolean().optional().describe('A critical node halts the run on failure even with onError "skip".'),
  alwaysOutputData: z.boolean().optional().describe('Emit one empty item when the node outputs nothing (n8n\'s setting).'),
  notes: z.string().optional(),
});
export type MelodyNode = z.infer<typeof MelodyNodeSchema>;

const EndpointSchema = z.looseObject({ node: z.string().min(1), port: PortRef.optional().describe('Default: port 0 ("main").') });

/** A connection from an output port to an input port. */
export const MelodyConnectionSchema = z.looseObject({
  from: EndpointSchema,
  to: EndpointSchema,
});
export type MelodyConnection = z.infer<typeof MelodyConnectionSchema>;

/** Per-melody conductor settings; they override `.symphony/conductor.json`. */
export const MelodyRunConfigSchema = z.looseObject({
  concurrency: z.number().int().min(1).max(1024).optional().describe('How many nodes may run at the same time.'),
  timeoutMs: z.number().positive().optional().describe('Time limit for the whole run.'),
  nodeTimeoutMs: z.number().positive().optional().describe('Default per-node time limit.'),
});
export type MelodyRunConfig = z.infer<typeof MelodyRunConfigSchema>;

/** A `*.melody` file, format `melody/1`. */
export const MelodySchema = z.looseObject({
  $schema: z.string().optional(),
  format: z.literal(MELODY_FORMAT).describe('File format version.'),
  name: z.string().min(1).describe('The melody\'s name, shown in run history and the board.'),
  description: z.string().optional(),
  nodes: z.array(MelodyNodeSchema),
  connections: z.array(MelodyConnectionSchema).optional(),
  config: MelodyRunConfigSchema.optional(),
});
export type Melody = z.infer<typeof MelodySchema>;

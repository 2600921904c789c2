import { z } from 'zod';

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Which earlier item an item came from (n8n's `pairedItem`): `input` is the input port, default 0. */
export interface PairedItem {
  item: number;
  input?: number;
}

/** The unit of data on every port, as in n8n: a JSON object plus its lineage. */
export interface Item {
  json: JsonObject;
  /** Binary attachments by name, base64 encoded. */
  binary?: Record<string, { data: string; mimeType?: string; fileName?: string }>;
  pairedItem?: PairedItem | PairedItem[];
}

/** Port data types; `any` connects to everything. The board refuses connections whose types differ. */
export const PortType = z.enum(['any', 'items', 'text', 'json', 'number', 'boolean', 'file', 'binary']);
export type PortType = z.infer<typeof PortType>;

export const PortDescription = z.object({
  name: z.string().describe('Port name used in connections, e.g. "main", "true", "false".'),
  displayName: z.string().optional(),
  type: PortType.default('items'),
  required: z.boolean().default(false).describe('An input port that must be connected.'),
});
export type PortDescription = z.infer<typeof PortDescription>;

/** How a parameter is edited on the board and in quick inputs. */
export const ParamType = z.enum(['string', 'number', 'boolean', 'options', 'json', 'code', 'expression', 'path', 'collection', 'secret']);
export type ParamType = z.infer<typeof ParamType>;

export interface ParamDescription {
  name: string;
  displayName?: string;
  type: ParamType;
  description?: string;
  default?: JsonValue;
  required?: boolean;
  placeholder?: string;
  /** Allowed values for `options`. */
  options?: Array<{ value: string | number | boolean; label?: string; description?: string }>;
  /** Language for `code` parameters (`javascript`, `python`, `sql`, `shell`). */
  language?: string;
  /** Fields of a `collection` (a nested object or, with `multiple`, a list of objects). */
  fields?: ParamDescription[];
  multiple?: boolean;
  min?: number;
  max?: number;
  /** Show only when another parameter has one of these values: `{ mode: ['rules'] }`. */
  showWhen?: Record<string, Array<string | number | boolean>>;
}

export const ParamDescriptionSchema: z.ZodType<ParamDescription> = z.lazy(() =>
  z.object({
    name: z.string(),
    displayName: z.string().optional(),
    type: ParamType,
    description: z.string().optional(),
    default: z.any().optional(),
    required: z.boolean().optional(),
    placeholder: z.string().optional(),
    options: z.array(z.object({ value: z.union([z.string(), z.number(), z.boolean()]), label: z.string().optional(), description: z.string().optional() })).optional(),
    language: z.string().optional(),
    fields: z.array(ParamDescriptionSchema).optional(),
    multiple: z.boolean().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    showWhen: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()]))).optional(),
  }),
);

/** Everything the board, the palette, validation and the docs know about an operator. */
export const OperatorDescriptionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/, 'operator ids look like "core.set" or "my-ext.my-op"'),
  version: z.string().default('1.0.0'),
  displayName: z.string(),
  description: z.string().default(''),
  category: z.string().default('Other'),
  /** A codicon name, e.g. "file", "git-commit". */
  icon: z.string().default('symbol-event'),
  color: z.string().optional(),
  inputs: z.array(PortDescription).default([{ name: 'main', type: 'items', required: false }]),
  outputs: z.array(PortDescription).default([{ name: 'main', type: 'items', required: false }]),
  params: z.array(ParamDescriptionSchema).default([]),
  /** Permissions the operator needs, in manifest syntax (`fs.read`, `net.http`). */
  permissions: z.array(z.string()).default([]),
  /** Where it comes from: built in, a JS sub-extension or Python. */
  source: z.enum(['builtin', 'extension', 'python']).default('builtin'),
  /** `editor` operators need VS Code (e.g. build.task) and fail clearly in the CLI. */
  availability: z.enum(['everywhere', 'editor']).default('everywhere'),
  docs: z.string().optional(),
});
export type OperatorDescription = z.infer<typeof OperatorDescriptionSchema>;
export type OperatorDescriptionInput = z.input<typeof OperatorDescriptionSchema>;

/** Log levels of run logs and sub-extension logs. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * What an operator receives when it runs. Passed explicitly (no `this`), so an operator is a
 * plain function of its context, inputs and signal.
 */
export interface OperatorContext {
  readonly nodeId: string;
  readonly nodeName: string;
  /** Parameters as written in the melody, expressions unevaluated. */
  readonly rawParams: Readonly<Record<string, JsonValue>>;
  /**
   * A parameter's value for one item, expressions evaluated against that item (n8n's
   * `getNodeParameter(name, itemIndex)`). Missing parameters give the description's default.
   */
  param<T = JsonValue>(name: string, itemIndex?: number, fallback?: T): T;
  /** The workspace root that relative paths resolve against. */
  readonly workspaceRoot: string;
  log(level: LogLevel, message: string): void;
  /** Reports progress in [0, 1] with an optional message. */
  progress(fraction: number, message?: string): void;
  /** Services the host provides (files, http, process, secrets, AI, git…), permission-checked. */
  readonly services: OperatorServices;
}

/**
 * The seam between operators and the world. The CLI and the editor each provide an implementation;
 * every member is optional so a context can offer only what its environment has.
 */
export interface OperatorServices {
  /** Reads a secret (an API key) by name; SecretStorage in the editor, environment in the CLI. */
  getSecret?(name: string): Promise<string | undefined>;
  /** Environment variables an operator may read (only with `env.read`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Any other service by name (`git`, `ai`, `tasks`, `python`…), typed by the operator that uses it. */
  [name: string]: unknown;
}

/** Output of an operator: one list of items per output port, in port order. */
export type PortItems = Item[][];

/** An operator: a description plus `execute`. */
export interface Operator {
  readonly description: OperatorDescription;
  /** `inputs[i]` holds the items arriving on input port i. */
  execute(ctx: OperatorContext, inputs: PortItems, signal: AbortSignal): Promise<PortItems>;
}

/** An error an operator raises for the user: `code` is stable, `message` says what to do. */
export class OperatorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

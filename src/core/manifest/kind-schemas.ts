import { z } from 'zod';
import { baseManifestSchema } from './base-schema';
import { ParamType } from '../operators/operator';
import { text } from './schema-checks';

/**
 * The two manifest kinds. Both extend the base. An IDE manifest adds editor contributions;
 * an AIDE manifest declares a `type` and the tables of that type. Commands and events live in
 * the base because AIDE extensions contribute commands too (`symphony exec` runs them).
 */

export const viewSchema = z
  .strictObject({
    id: text().describe('View id, conventionally "<package-name>.<view>".'),
    title: z.string().optional().describe('Title shown in the view header.'),
    name: z.string().optional().describe('Alias of `title`.'),
    type: z.enum(['tree', 'webview']).default('tree').describe('tree: a tree view; webview: a webview view.'),
    icon: z.string().optional(),
    when: z.string().optional().describe('When-clause controlling visibility.'),
    container: z.string().optional().describe('View container id (default: the Symphony container).'),
  })
  .describe('A view the extension contributes.');

export const menuItemSchema = z.strictObject({
  command: text().describe('Command id to show.'),
  when: z.string().optional().describe('When-clause controlling visibility.'),
  group: z.string().optional().describe('Menu group, e.g. "navigation".'),
  alt: z.string().optional().describe('Alternative command shown with Alt held.'),
});

export const keybindingSchema = z
  .strictObject({
    command: text().describe('Command id to run.'),
    key: text().describe('Key combination, e.g. "ctrl+alt+w".'),
    mac: z.string().optional().describe('Key combination on macOS.'),
    linux: z.string().optional().describe('Key combination on Linux.'),
    win: z.string().optional().describe('Key combination on Windows.'),
    when: z.string().optional().describe('When-clause controlling when the binding is active.'),
    args: z.unknown().optional().describe('Arguments passed to the command.'),
  })
  .describe('A key binding for a command.');

export const STATUS_BAR_ALIGNMENTS = ['left', 'right'] as const;

export const statusBarItemSchema = z
  .strictObject({
    id: text().describe('Item id, unique within the extension.'),
    text: text().describe('Text shown; may contain codicons like "$(sync)".'),
    tooltip: z.string().optional().describe('Hover text.'),
    command: z.string().optional().describe('Command run when the item is clicked.'),
    alignment: z.enum(STATUS_BAR_ALIGNMENTS).default('left').describe('Side of the status bar.'),
    priority: z.number().optional().describe('Higher values are placed further left.'),
  })
  .describe('A status bar item the extension contributes.');

/** IDE-only tables. */
export const ideShape = {
  status_bar: z.array(statusBarItemSchema).optional().describe('Status bar items.'),
  views: z.array(viewSchema).optional().describe('Views the extension contributes.'),
  menus: z
    .record(z.string(), z.array(menuItemSchema))
    .optional()
    .describe('Menu entries by location: command_palette, editor_context, editor_title, explorer_context, view_title, view_item_context.'),
  keybindings: z.array(keybindingSchema).optional().describe('Key bindings for commands.'),
};

export const AIDE_TYPES = ['instrument', 'operator', 'addon', 'melody'] as const;
/** What an AIDE extension is. */
export type AideType = (typeof AIDE_TYPES)[number];

const aideType = z.enum(AIDE_TYPES);

const portSchema = z.strictObject({
  name: text().describe('Port name, e.g. "main".'),
  type: z.string().optional().describe('What flows through it, e.g. "items" or "string".'),
  required: z.boolean().optional().describe('true: the node cannot run without an input here.'),
  description: z.string().optional(),
});

/** Parameter types the board's forms know: the operator contract's, plus plain JSON types. */
export const BOARD_PARAM_TYPES: readonly string[] = [...ParamType.options, 'integer', 'array', 'object'];

const boardPropertySchema = z.strictObject({
  name: text().describe('Parameter name.'),
  type: text().describe(`Parameter type: ${BOARD_PARAM_TYPES.join(', ')}.`),
  default: z.unknown().optional(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  options: z.array(z.unknown()).optional().describe('Choices for type "options".'),
});

export const boardSchema = z
  .strictObject({
    category: z.string().optional().describe('Palette category.'),
    color: z.string().optional().describe('Node colour: "#rrggbb" or a CSS colour name.'),
    icon: z.string().optional().describe('Codicon name.'),
    input_ports: z.array(portSchema).default([]).describe('Input ports of the node.'),
    output_ports: z.array(portSchema).default([]).describe('Output ports of the node.'),
    properties: z.array(boardPropertySchema).default([]).describe('Parameters shown in the node form.'),
  })
  .describe('How an operator appears on the Harmonic Board.');

export const conductorSchema = z
  .strictObject({
    orchestrable: z.boolean().default(true).describe('true: the Conductor may schedule it in melodies.'),
    priority: z
      .union([z.enum(['low', 'normal', 'high', 'critical']), z.number().int()])
      .default('normal')
      .describe('Scheduling priority among ready nodes: low, normal, high, critical, or a number (higher first).'),
    execution_mode: z
      .enum(['automatic', 'manual', 'hybrid'])
      .default('automatic')
      .describe('automatic: runs when its inputs are ready; manual: only when a user starts it; hybrid: either.'),
    parallel_compatible: z.boolean().default(true).describe('true: may run beside other nodes of the same level.'),
    failure_critical: z.boolean().default(false).describe('true: a failure halts the whole run.'),
  })
  .describe('How the Conductor schedules the extension.');

export const artifactsSchema = z
  .strictObject({
    accepts: z.array(z.string()).default([]).describe('Artifact kinds it takes, e.g. "text/csv".'),
    produces: z.array(z.string()).default([]).describe('Artifact kinds it returns.'),
    input_schema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema of inputs.'),
    output_schema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema of outputs.'),
  })
  .describe('What the extension consumes and produces.');

export const modelSchema = z
  .strictObject({
    provider: text().describe('Model provider, e.g. "openai", "anthropic", "ollama", "custom".'),
    model_name: text().describe('Model id at the provider.'),
    endpoint: z.string().optional().describe('Base URL for custom or local providers.'),
    command: z
      .string()
      .optional()
      .describe("Instruments: the command the host calls with each chat request; default: the extension's first command in its own namespace."),
    capabilities: z
      .looseObject({
        max_tokens: z.number().int().positive().optional().describe('Largest completion, in tokens.'),
        context_window: z.number().int().positive().optional().describe('Prompt plus completion size, in tokens.'),
        supports_streaming: z.boolean().optional().describe('true: answers can be streamed.'),
        supports_function_calling: z.boolean().optional().describe('true: the model can call tools.'),
      })
      .optional()
      .describe('What the model can do.'),
  })
  .describe('The model an instrument provides.');

export const workflowSchema = z
  .strictObject({
    file: text().describe('The melody file (melody/1 JSON), relative to the manifest.'),
  })
  .describe('The workflow a melody extension packages.');

/** AIDE-only tables. */
export const aideShape = {
  type: aideType.optional().describe('AIDE type: instrument, operator, addon or melody.'),
  extension_type: z.strictObject({ type: aideType }).optional().describe('Table form of `type`.'),
  conductor: conductorSchema.optional(),
  artifacts: artifactsSchema.optional(),
  model: modelSchema.optional(),
  board: boardSchema.optional(),
  workflow: workflowSchema.optional(),
};

/** An IDE manifest: editor features (commands, views, menus, keybindings, events). */
export const ideManifestSchema = baseManifestSchema.extend(ideShape).describe('A Symphony IDE extension manifest.');

/** An AIDE manifest: an instrument, operator, addon or melody. */
export const aideManifestSchema = baseManifestSchema.extend(aideShape).describe('A Symphony AIDE extension manifest.');

/** Every field of either kind, for editor completion; validation uses the kind schemas. */
export const anyManifestSchema = baseManifestSchema
  .extend({ ...ideShape, ...aideShape })
  .describe('A Symphony extension manifest (symphony.toml, symphony.json or symphony.yaml).');

export type BaseManifest = z.infer<typeof baseManifestSchema>;
export type IdeManifest = z.infer<typeof ideManifestSchema>;
export type AideManifest = z.infer<typeof aideManifestSchema>;
/** The parsed manifest of either kind, before normalisation. */
export type AnyManifest = z.infer<typeof anyManifestSchema>;

/** The zod shape of each kind, used when a manifest declares tables of the other kind. */
export const IDE_ONLY_FIELDS = Object.keys(ideShape);
export const AIDE_ONLY_FIELDS = Object.keys(aideShape);

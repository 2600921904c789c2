import { z } from 'zod';
import { kebabName, permissionName, semverRange, semverVersion, text } from './schema-checks';

/**
 * The tables both manifest kinds share (DESIGN.md "Formats to honour"). Objects are strict so
 * that a misspelt field is reported; the loader turns those reports into warnings unless the
 * manifest opts into `schema_version.unknown_fields = "error"`.
 */

const stringList = (what: string) => z.array(z.string()).describe(what);

export const packageSchema = z
  .strictObject({
    name: kebabName().describe('Package id: kebab-case, unique among installed extensions (e.g. "word-tools").'),
    display_name: z.string().optional().describe('Human-readable name shown in lists.'),
    version: semverVersion().describe('Semantic version of this extension (MAJOR.MINOR.PATCH).'),
    description: z.string().optional().describe('One sentence saying what the extension does.'),
    author: z
      .union([z.string(), z.strictObject({ name: z.string(), email: z.string().optional(), url: z.string().optional() })])
      .optional()
      .describe('Author, e.g. "Ada Lovelace <ada@example.com>", or { name, email, url }.'),
    authors: stringList('Several authors, each like `author`.').optional(),
    publisher: z.string().optional().describe('Marketplace publisher id.'),
    license: z.string().optional().describe('SPDX license expression, e.g. "MIT" or "Apache-2.0 OR MIT".'),
    repository: z
      .union([z.string(), z.strictObject({ type: z.string().optional(), url: z.string() })])
      .optional()
      .describe('Source repository URL.'),
    homepage: z.string().optional().describe('Project home page URL.'),
    icon: z.string().optional().describe('Icon file relative to the manifest, or a codicon like "$(tools)".'),
    categories: stringList('Marketplace categories.').optional(),
    keywords: stringList('Search keywords.').optional(),
  })
  .describe('Who the extension is: id, version and publishing metadata.');

export const engineSchema = z
  .strictObject({
    symphony_version: semverRange()
      .default('*')
      .describe('Semver range of Symphony versions this extension works with, e.g. ">=0.1.0".'),
  })
  .describe('The Symphony versions the extension supports.');

export const runtimeSchema = z
  .strictObject({
    entry: text()
      .optional()
      .describe('Code to load: a CommonJS file relative to the manifest (js), or "module:function" (python).'),
    language: z
      .enum(['js', 'python'])
      .optional()
      .describe('Language of `entry`; inferred from it when omitted ("module:function" means python).'),
    activation_events: stringList(
      'Events that load the extension, e.g. "onCommand:word-tools.count", "onLanguage:python", "onStartupFinished", "*".',
    ).default([]),
    lazy: z
      .boolean()
      .default(true)
      .describe('true: load only when an activation event fires; false: load at startup.'),
  })
  .describe('How the extension\'s code is loaded.');

export const dependencyTableSchema = z.strictObject({
  version: semverRange().describe('Semver range the dependency must satisfy.'),
  optional: z.boolean().default(false).describe('true: load without it when it is absent.'),
});

export const dependenciesSchema = z
  .strictObject({
    conflicts_with: stringList('Ids of extensions that must not be loaded together with this one.').optional(),
  })
  .catchall(z.union([semverRange(), dependencyTableSchema]))
  .describe('Other extensions this one needs: id = "semver range", or id = { version, optional }.');

export const permissionEntrySchema = z.union([
  permissionName(),
  z.strictObject({
    name: permissionName().describe('Permission name, e.g. "fs.write".'),
    scope: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Globs that narrow the permission: file globs, host globs (net.http) or channel globs (bus.*).'),
  }),
]);

export const SANDBOX_LEVELS = ['strict', 'moderate', 'minimal', 'none'] as const;
export const TRUST_LEVELS = ['builtin', 'verified', 'community', 'untrusted'] as const;

export const securitySchema = z
  .strictObject({
    permissions: z
      .array(permissionEntrySchema)
      .default([])
      .describe('Capabilities the code may use: "ui.panel" or { name = "fs.write", scope = ["out/**"] }.'),
    sandbox_level: z
      .enum(SANDBOX_LEVELS)
      .default('strict')
      .describe('Isolation engine: strict (QuickJS), moderate (vm2), minimal (plain child process), none (built-ins only).'),
    trust_level: z
      .union([z.enum(TRUST_LEVELS), z.string()])
      .default('untrusted')
      .describe('How far the publisher is trusted: builtin, verified, community or untrusted (other values are kept, with a warning).'),
  })
  .describe('What the extension may do and how it is isolated.');

const SETTING_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'] as const;
export const SETTING_SCOPES = [
  'application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable', 'workspace',
] as const;

export const settingSchema = z
  .strictObject({
    type: z
      .union([z.enum(SETTING_TYPES), z.array(z.enum(SETTING_TYPES))])
      .describe('JSON type of the value.'),
    default: z.unknown().optional().describe('Value used when the user sets nothing.'),
    description: z.string().optional().describe('What the setting does, shown in the Settings editor.'),
    markdownDescription: z.string().optional().describe('Description in Markdown, preferred over `description`.'),
    scope: z
      .union([z.enum(SETTING_SCOPES), z.string()])
      .optional()
      .describe(`Where the setting may be set: ${SETTING_SCOPES.join(', ')}.`),
    enum: z.array(z.unknown()).optional().describe('The only values allowed.'),
    enumDescriptions: stringList('One description per `enum` value.').optional(),
    minimum: z.number().optional().describe('Smallest allowed number.'),
    maximum: z.number().optional().describe('Largest allowed number.'),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().nonnegative().optional(),
    pattern: z.string().optional().describe('Regular expression a string value must match.'),
    format: z.string().optional(),
    items: z.record(z.string(), z.unknown()).optional().describe('JSON Schema of array items.'),
    properties: z.record(z.string(), z.unknown()).optional().describe('JSON Schema of object properties.'),
    additionalProperties: z.unknown().optional(),
    order: z.number().optional(),
    deprecationMessage: z.string().optional(),
    tags: stringList('Settings editor tags.').optional(),
  })
  .describe('One setting, described like a VS Code configuration property.');

export const configurationSchema = z
  .strictObject({
    title: z.string().optional().describe('Heading of the settings group.'),
    properties: z
      .record(z.string(), settingSchema)
      .default({})
      .describe('Settings by id, e.g. "word-tools.mode".'),
  })
  .describe('Settings the extension contributes.');

const positive = (what: string) => z.number().positive({ message: 'must be greater than 0' }).describe(what);

export const performanceSchema = z
  .strictObject({
    startup_budget: positive('Milliseconds activation may take before a warning.').optional(),
    limits: z
      .strictObject({
        memory_mb: positive('Memory cap of the sandbox in MiB.').optional(),
        cpu_ms: positive('CPU time per call in milliseconds.').optional(),
        timeout_s: positive('Wall-clock time per call in seconds.').optional(),
      })
      .optional()
      .describe('Resource limits enforced by the sandbox.'),
  })
  .describe('Budgets and resource limits.');

const hookName = (when: string) => z.string().describe(`Name of the exported function called ${when}.`);

export const lifecycleSchema = z
  .strictObject({
    on_load: hookName('when the code is loaded').optional(),
    on_activate: hookName('on activation').optional(),
    on_deactivate: hookName('on deactivation').optional(),
    on_unload: hookName('before the code is unloaded').optional(),
  })
  .describe('Exported functions called at lifecycle transitions.');

const jsonSchemaObject = (what: string) => z.record(z.string(), z.unknown()).describe(what);

export const commandSchema = z
  .strictObject({
    id: text().describe('Command id, conventionally "<package-name>.<command>".'),
    title: text().describe('Title shown in the command palette.'),
    category: z.string().optional().describe('Palette category prefix.'),
    description: z.string().optional(),
    icon: z.string().optional().describe('Codicon like "$(play)" or an image path.'),
    when: z.string().optional().describe('When-clause controlling when the command is enabled.'),
    input: jsonSchemaObject('JSON Schema of the command arguments.').optional(),
    output: jsonSchemaObject('JSON Schema of the command result.').optional(),
    timeout: positive('Seconds a call may take before it is cancelled.').optional(),
    retry: z
      .union([
        z.number().int().nonnegative(),
        z.strictObject({
          count: z.number().int().nonnegative().describe('Retries after the first failure.'),
          backoff_ms: z.number().nonnegative().optional().describe('Delay before the first retry; doubles each time.'),
        }),
      ])
      .optional()
      .describe('Retries on failure: a count, or { count, backoff_ms }.'),
  })
  .describe('A command the extension contributes.');

export const eventsSchema = z
  .strictObject({
    subscribes_to: stringList('Bus channels or editor events the extension listens to.').default([]),
    emits: stringList('Bus channels the extension publishes on.').default([]),
  })
  .describe('Events the extension listens to and emits.');

const serviceMethodSchema = z
  .strictObject({
    description: z.string().optional(),
    input: jsonSchemaObject('JSON Schema of the argument.').optional(),
    output: jsonSchemaObject('JSON Schema of the result.').optional(),
    timeout: positive('Seconds a call may take before it fails.').optional(),
  })
  .describe('One method of a service.');

export const serviceProvidedSchema = z
  .strictObject({
    name: text().describe('Service name other extensions ask for, e.g. "word-count".'),
    version: semverVersion().describe('Semver version of the service API, e.g. "1.2.0".'),
    description: z.string().optional(),
    methods: z.record(z.string(), serviceMethodSchema).default({}).describe('Methods by name.'),
  })
  .describe('A service the extension provides.');

export const serviceConsumedSchema = z
  .strictObject({
    name: text().describe('Service name.'),
    version: semverRange().default('*').describe('Semver range of acceptable versions, e.g. "^1.0.0".'),
    optional: z.boolean().default(false).describe('true: the extension works without it.'),
  })
  .describe('A service the extension uses.');

export const servicesSchema = z
  .strictObject({
    provides: z.array(serviceProvidedSchema).default([]).describe('Services this extension implements.'),
    consumes: z.array(serviceConsumedSchema).default([]).describe('Services this extension calls.'),
  })
  .describe('Services provided to and used from other extensions over the message bus.');

export const schemaVersionSchema = z
  .strictObject({
    version: z.union([z.number(), z.string()]).optional().describe('Manifest format version (1).'),
    unknown_fields: z
      .enum(['warning', 'error'])
      .default('warning')
      .describe('How fields the schema does not know are reported.'),
  })
  .describe('Manifest format options.');

/** Fields every manifest may have, whatever its kind. */
export const baseShape = {
  $schema: z.string().optional().describe('JSON Schema URL for editors; ignored by Symphony.'),
  schema_version: schemaVersionSchema.optional(),
  extends: z.string().optional().describe('Path of a parent manifest whose tables this one inherits (child wins).'),
  package: packageSchema,
  engine: engineSchema.optional(),
  runtime: runtimeSchema.optional(),
  dependencies: dependenciesSchema.optional(),
  security: securitySchema.optional(),
  configuration: configurationSchema.optional(),
  performance: performanceSchema.optional(),
  lifecycle: lifecycleSchema.optional(),
  commands: z.array(commandSchema).optional().describe('Commands the extension contributes.'),
  events: eventsSchema.optional(),
  services: servicesSchema.optional(),
};

/** The base manifest: what IDE and AIDE manifests have in common. */
export const baseManifestSchema = z.strictObject(baseShape).describe('Fields shared by IDE and AIDE manifests.');

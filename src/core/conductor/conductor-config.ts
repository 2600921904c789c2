import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { type Diagnostic, formatPath } from '../base/diagnostic';
import { JsonPositions } from '../melody/json-positions';

/** Where an AI operator's calls go: provider, model, and optionally an endpoint and the secret's name. */
export const ModelRouteSchema = z.object({
  provider: z.string().min(1).describe('Model provider, e.g. "vscode-lm", "openai", "anthropic", "ollama".'),
  model: z.string().min(1).describe('Model name as the provider knows it.'),
  endpoint: z.url().optional().describe('Base URL for self-hosted or proxied providers.'),
  keyName: z.string().min(1).optional().describe('Name of the secret holding the API key (never the key itself).'),
});
export type ModelRoute = z.infer<typeof ModelRouteSchema>;

/** Retry defaults for nodes whose onError is "retry" without their own numbers. */
export const RetryDefaultsSchema = z.object({
  retries: z.number().int().min(0).max(100).default(2).describe('Attempts after the first one.'),
  backoffMs: z.number().min(0).default(1000).describe('Wait before the first retry.'),
  backoffFactor: z.number().min(1).default(2).describe('Each further wait is multiplied by this (1 = fixed).'),
  maxBackoffMs: z.number().min(0).default(30000).describe('Upper bound of one wait.'),
});

/** `.symphony/conductor.json`: defaults for every melody run in this workspace. */
export const ConductorConfigSchema = z.object({
  $schema: z.string().optional(),
  concurrency: z.number().int().min(1).max(1024).default(4).describe('How many nodes may run at the same time.'),
  timeouts: z
    .object({
      runMs: z.number().positive().optional().describe('Time limit of a whole run (none by default).'),
      nodeMs: z.number().positive().optional().describe('Default time limit of one node attempt (none by default).'),
    })
    .default({}),
  retry: RetryDefaultsSchema.default(RetryDefaultsSchema.parse({})),
  history: z
    .object({
      enabled: z.boolean().default(true).describe('Write every run to the history folder.'),
      maxRuns: z.number().int().min(1).max(10000).default(50).describe('How many runs to keep; the oldest are removed.'),
      dir: z.string().min(1).default('.symphony/runs').describe('History folder, relative to the workspace.'),
    })
    .default({ enabled: true, maxRuns: 50, dir: '.symphony/runs' }),
  permissionPolicy: z
    .enum(['strict', 'balanced', 'permissive'])
    .default('balanced')
    .describe('strict: deny anything not granted; balanced: prompt for sensitive permissions; permissive: allow what operators declare.'),
  models: z
    .record(z.string(), ModelRouteSchema)
    .default({})
    .describe('Model routing for AI operators: an operator id (e.g. "ai.prompt") or "default" → provider and model.'),
});
export type ConductorConfig = z.infer<typeof ConductorConfigSchema>;

/** The configuration used when a workspace has no conductor.json. */
export function defaultConductorConfig(): ConductorConfig {
  return ConductorConfigSchema.parse({});
}

/** The model route for an AI operator: its own entry, else "default". */
export function modelRouteFor(config: ConductorConfig, operatorId: string): ModelRoute | undefined {
  return config.models[operatorId] ?? config.models.default;
}

/** The workspace-relative location of the configuration file. */
export const CONDUCTOR_CONFIG_PATH = '.symphony/conductor.json';

/**
 * Checks a conductor.json document. Fields with errors fall back to their defaults (and are
 * reported); unknown fields are warnings, so an older Symphony reads a newer file.
 */
export function parseConductorConfig(doc: unknown, file?: string, positions?: JsonPositions): { config: ConductorConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (p: string): Pick<Diagnostic, 'line' | 'column'> => (positions ? positions.positionOf(p) : {});
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    diagnostics.push({ severity: 'error', code: 'InvalidConductorConfig', message: 'conductor.json must hold a JSON object', file, ...at(''), fix: 'start the file with {', source: 'conductor' });
    return { config: defaultConductorConfig(), diagnostics };
  }
  const input: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  const known = new Set(Object.keys(ConductorConfigSchema.shape));
  for (const key of Object.keys(input)) {
    if (known.has(key)) continue;
    diagnostics.push({ severity: 'warning', code: 'UnknownField', message: `conductor.json has no field "${key}"; it is ignored`, file, path: key, ...at(key), fix: `known fields: ${[...known].filter((k) => k !== '$schema').join(', ')}`, source: 'conductor' });
    delete input[key];
  }
  let result = ConductorConfigSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const p = formatPath(issue.path as Array<string | number>);
      diagnostics.push({ severity: 'error', code: 'InvalidConductorConfig', message: `${p}: ${issue.message}; the default is used`, file, path: p, ...at(p), fix: 'correct the value or remove the field', source: 'conductor' });
      delete input[String(issue.path[0])];
    }
    result = ConductorConfigSchema.safeParse(input);
  }
  return { config: result.success ? result.data : defaultConductorConfig(), diagnostics };
}

/** Reads `<root>/.symphony/conductor.json`; a missing file means defaults and no diagnostics. */
export async function loadConductorConfig(workspaceRoot: string): Promise<{ config: ConductorConfig; diagnostics: Diagnostic[]; file: string }> {
  const file = path.join(workspaceRoot, CONDUCTOR_CONFIG_PATH);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConductorConfig(), diagnostics: [], file };
    return { config: defaultConductorConfig(), diagnostics: [{ severity: 'error', code: 'FileNotReadable', message: `cannot read ${file}: ${(e as Error).message}`, file, source: 'conductor' }], file };
  }
  const positions = new JsonPositions(text);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const err = positions.syntaxError();
    const where = positions.positionAt(err?.offset ?? 0);
    return {
      config: defaultConductorConfig(),
      diagnostics: [{ severity: 'error', code: 'InvalidJson', message: `not valid JSON: ${err?.message ?? (e as Error).message}; defaults are used`, file, ...where, fix: 'fix the JSON syntax at this position', source: 'conductor' }],
      file,
    };
  }
  return { ...parseConductorConfig(doc, file, positions), file };
}

import type { z } from 'zod';
import type {
  artifactsSchema, boardSchema, statusBarItemSchema, conductorSchema, keybindingSchema, menuItemSchema, modelSchema, viewSchema, workflowSchema,
  AideType, AnyManifest,
} from './kind-schemas';
import {
  TRUST_LEVELS, type commandSchema, type configurationSchema, type lifecycleSchema, type packageSchema, type performanceSchema, type SANDBOX_LEVELS, type servicesSchema,
} from './base-schema';
import { normalizePermission, type NormalizedPermission } from './permissions';

/** IDE (editor features) or AIDE (instrument, operator, addon, melody). */
export type ManifestKind = 'ide' | 'aide';

/** A dependency after normalisation: `"^1.0.0"` becomes `{ range: "^1.0.0", optional: false }`. */
export interface DependencySpec {
  range: string;
  optional: boolean;
}

/**
 * A manifest as the rest of Symphony uses it: `extends` merged, legacy layouts translated,
 * defaults filled in and the loose spellings normalised. Tables keep their manifest names, so
 * `manifest.security.sandbox_level` reads like the file.
 */
export interface EffectiveManifest {
  /** The package name; the id other manifests use in `[dependencies]`. */
  id: string;
  version: string;
  kind: ManifestKind;
  /** The AIDE type, or null for IDE manifests. */
  type: AideType | null;
  /** Absolute path of the manifest file. */
  file: string;
  /** The folder that holds it; `runtime.entry` and `workflow.file` are relative to it. */
  dir: string;
  /** True when the file used an original Symphony layout and was translated. */
  legacy: boolean;
  package: z.infer<typeof packageSchema>;
  engine: { symphony_version: string };
  runtime: {
    entry: string | null;
    language: 'js' | 'python';
    activation_events: string[];
    lazy: boolean;
  };
  dependencies: Record<string, DependencySpec>;
  conflicts_with: string[];
  security: {
    permissions: NormalizedPermission[];
    sandbox_level: (typeof SANDBOX_LEVELS)[number];
    trust_level: (typeof TRUST_LEVELS)[number];
  };
  configuration: z.infer<typeof configurationSchema>;
  performance: z.infer<typeof performanceSchema>;
  lifecycle: z.infer<typeof lifecycleSchema>;
  commands: Array<z.infer<typeof commandSchema>>;
  events: { subscribes_to: string[]; emits: string[] };
  views: Array<z.infer<typeof viewSchema>>;
  menus: Record<string, Array<z.infer<typeof menuItemSchema>>>;
  keybindings: Array<z.infer<typeof keybindingSchema>>;
  status_bar: Array<z.infer<typeof statusBarItemSchema>>;
  services: z.infer<typeof servicesSchema>;
  conductor?: z.infer<typeof conductorSchema>;
  artifacts?: z.infer<typeof artifactsSchema>;
  model?: z.infer<typeof modelSchema>;
  /** How an operator appears on the board (operators only). */
  board?: z.infer<typeof boardSchema>;
  workflow?: z.infer<typeof workflowSchema>;
}

/** "module:function" — the form of a Python entry. */
export const PYTHON_ENTRY = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*:[A-Za-z_]\w*$/;

/** The runtime language: as declared, else python for a "module:function" or *.py entry, else js. */
export function inferLanguage(entry: string | undefined, declared: 'js' | 'python' | undefined): 'js' | 'python' {
  if (declared) return declared;
  if (entry && (PYTHON_ENTRY.test(entry) || entry.endsWith('.py'))) return 'python';
  return 'js';
}

/** Builds the effective manifest from schema-checked data. */
export function toEffectiveManifest(m: AnyManifest, file: string, dir: string, legacy: boolean): EffectiveManifest {
  const type = m.type ?? m.extension_type?.type ?? null;
  const { conflicts_with: conflicts = [], ...deps } = m.dependencies ?? {};
  const dependencies: Record<string, DependencySpec> = {};
  for (const [id, spec] of Object.entries(deps)) {
    if (spec === undefined) continue;
    dependencies[id] = typeof spec === 'string' ? { range: spec, optional: false } : { range: spec.version, optional: spec.optional };
  }
  const runtime = m.runtime;
  const out: EffectiveManifest = {
    id: m.package.name,
    version: m.package.version,
    kind: type ? 'aide' : 'ide',
    type,
    file,
    dir,
    legacy,
    package: m.package,
    engine: { symphony_version: m.engine?.symphony_version ?? '*' },
    runtime: {
      entry: runtime?.entry ?? null,
      language: inferLanguage(runtime?.entry, runtime?.language),
      activation_events: runtime?.activation_events ?? [],
      lazy: runtime?.lazy ?? true,
    },
    dependencies,
    conflicts_with: conflicts,
    security: {
      permissions: (m.security?.permissions ?? []).map(normalizePermission),
      sandbox_level: m.security?.sandbox_level ?? 'strict',
      // An unknown trust level (warned about) is treated as the least trusted one.
      trust_level: (TRUST_LEVELS as readonly string[]).includes(m.security?.trust_level ?? '') ? (m.security!.trust_level as (typeof TRUST_LEVELS)[number]) : 'untrusted',
    },
    configuration: m.configuration ?? { properties: {} },
    performance: m.performance ?? {},
    lifecycle: m.lifecycle ?? {},
    commands: m.commands ?? [],
    events: m.events ?? { subscribes_to: [], emits: [] },
    views: m.views ?? [],
    menus: m.menus ?? {},
    keybindings: m.keybindings ?? [],
    status_bar: m.status_bar ?? [],
    services: m.services ?? { provides: [], consumes: [] },
  };
  if (m.conductor) out.conductor = m.conductor;
  if (m.artifacts) out.artifacts = m.artifacts;
  if (m.model) out.model = m.model;
  if (m.board) out.board = m.board;
  if (m.workflow) out.workflow = m.workflow;
  return out;
}

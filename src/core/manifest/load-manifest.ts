import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { hasErrors } from '../base/diagnostic';
import { toEffectiveManifest, type EffectiveManifest, type ManifestKind } from './effective-manifest';
import { AIDE_ONLY_FIELDS, AIDE_TYPES, aideManifestSchema, ideManifestSchema, IDE_ONLY_FIELDS, type AnyManifest } from './kind-schemas';
import { DiagnosticSink, type ManifestDiagnostic, type ManifestLayer } from './manifest-diagnostics';
import { detectFormat, findManifestFile, type ManifestFormat } from './manifest-format';
import { checkManifestRules } from './manifest-rules';
import { mergeManifests, readLayers, type ReadFile } from './read-layers';
import { isTable, lookup, type Table } from './plain-data';
import { findingsFromIssues } from './schema-issues';

/** Options for reading a manifest. Every one has a default that reads the real file system. */
export interface ManifestLoadOptions {
  /** Overrides format detection for the file itself (parents are always detected). */
  format?: ManifestFormat;
  /** Reads parents named by `extends` (default: fs.readFileSync as UTF-8). */
  readFile?: ReadFile;
  /** Checks that runtime.entry and workflow.file exist (default: fs.existsSync); `false` skips it. */
  fileExists?: ((file: string) => boolean) | false;
}

/** What reading a manifest produced. `manifest` is present exactly when there is no error. */
export interface ManifestLoadResult {
  manifest?: EffectiveManifest;
  diagnostics: ManifestDiagnostic[];
  /** ide or aide; undefined when the text could not be read at all. */
  kind?: ManifestKind;
  format: ManifestFormat;
  /** Absolute path of the manifest. */
  file: string;
  /** True when there is no diagnostic of severity error. */
  valid: boolean;
}


const defaultRead: ReadFile = (file) => fs.readFileSync(file, 'utf8');

/** Table each AIDE-only field implies, for the hint on an IDE manifest that uses one. */
const AIDE_TABLE_TYPE: Record<string, string> = { board: 'operator', model: 'instrument', workflow: 'melody' };

/**
 * Parses, translates, merges and validates manifest text. Synchronous and never throws; parents
 * named by `extends` are read with `opts.readFile`.
 */
export function parseManifestText(text: string, fileName: string, opts: ManifestLoadOptions = {}): ManifestLoadResult {
  const file = path.resolve(fileName);
  const dir = path.dirname(file);
  const format = opts.format ?? detectFormat(file, text);
  const layers: ManifestLayer[] = [];
  const sink = new DiagnosticSink(layers);
  const done = (kind?: ManifestKind, manifest?: EffectiveManifest): ManifestLoadResult => {
    const diagnostics = sortDiagnostics(sink.diagnostics, layers);
    const valid = !hasErrors(diagnostics);
    return { ...(valid && manifest ? { manifest } : {}), diagnostics, ...(kind ? { kind } : {}), format, file, valid };
  };
  try {
    const chain = readLayers(text, file, format, opts.readFile ?? defaultRead, sink, layers);
    if (chain.data.length === 0) return done();
    // One file needs no merge; a shallow copy keeps the caller's data safe from normaliseType.
    const merged = chain.data.length === 1 ? { ...chain.data[0]! } : chain.data.reduceRight<Table>((acc, layer) => mergeManifests(acc, layer), {});
    const type = normaliseType(merged, sink);
    const kind: ManifestKind = type !== undefined || isTable(merged.extension_type) ? 'aide' : 'ide';
    const schema = kind === 'aide' ? aideManifestSchema : ideManifestSchema;
    const strict = isTable(merged.schema_version) && merged.schema_version.unknown_fields === 'error';
    const parsed = schema.safeParse(merged);
    let output = parsed.success ? (parsed.data as AnyManifest) : undefined;
    if (!parsed.success) {
      const findings = findingsFromIssues(parsed.error.issues, {
        data: merged,
        format,
        schema,
        unknownFields: strict ? 'error' : 'warning',
        otherKindHint: (key) => otherKindHint(kind, key),
      });
      for (const f of findings) sink.add(f);
      // Unknown fields alone do not make the manifest unusable: drop them and read it again.
      if (!hasErrors(sink.diagnostics)) {
        const retry = schema.safeParse(withoutUnknownKeys(merged, parsed.error.issues));
        if (retry.success) output = retry.data as AnyManifest;
      }
    }
    const fileExists = opts.fileExists === false ? undefined : (opts.fileExists ?? fs.existsSync);
    const ruleType = typeof type === 'string' ? type : null;
    for (const f of checkManifestRules({ data: merged, kind, type: ruleType, dir, ...(fileExists ? { fileExists } : {}), readFile: opts.readFile ?? defaultRead })) sink.add(f);
    const manifest = output && !hasErrors(sink.diagnostics) ? toEffectiveManifest(output, file, dir, chain.legacy) : undefined;
    return done(kind, manifest);
  } catch (e) {
    // A defect in a check must not take the editor or the CLI down; report it as a diagnostic.
    sink.addAt({ severity: 'error', code: 'InternalError', file, line: 1, column: 1, message: `the manifest checker failed: ${(e as Error).message}`, fix: 'please report this with the manifest attached' });
    return done();
  }
}

/** Reads and validates a manifest file (or the manifest inside a folder). Never throws. */
export async function loadManifest(fileOrDir: string, opts: ManifestLoadOptions = {}): Promise<ManifestLoadResult> {
  let file = path.resolve(fileOrDir);
  try {
    const stat = await fsp.stat(file);
    if (stat.isDirectory()) {
      const found = await findManifestFile(file);
      if (!found) return notFound(file, `no manifest in ${file}`, 'add a symphony.toml (or symphony.json / symphony.yaml) to this folder');
      file = found;
    }
    const text = await fsp.readFile(file, 'utf8');
    return parseManifestText(text, file, opts);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return notFound(file, err.code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read: ${err.message}`, 'check the path');
  }
}

function notFound(file: string, message: string, fix: string): ManifestLoadResult {
  return {
    diagnostics: [{ severity: 'error', code: 'ManifestNotFound', file, message, fix, source: 'manifest' }],
    format: detectFormat(file, ''),
    file,
    valid: false,
  };
}

/** The declared AIDE type, after turning the old name "motif" into "addon". */
function normaliseType(merged: Table, sink: DiagnosticSink): unknown {
  const fix = (holder: Table, p: Array<string | number>) => {
    if (holder.type !== 'motif') return;
    holder.type = 'addon';
    sink.add({ severity: 'warning', code: 'DeprecatedField', path: p, message: 'type "motif" is deprecated; it is now called "addon"', fix: 'write type = "addon"', suggestion: 'addon' });
  };
  fix(merged, ['type']);
  if (isTable(merged.extension_type)) {
    const table: Table = { ...merged.extension_type };
    merged.extension_type = table;
    fix(table, ['extension_type', 'type']);
  }
  return merged.type ?? (isTable(merged.extension_type) ? merged.extension_type.type : undefined);
}

function otherKindHint(kind: ManifestKind, key: string): string | undefined {
  if (kind === 'ide' && AIDE_ONLY_FIELDS.includes(key)) {
    const type = lookup(AIDE_TABLE_TYPE, key);
    return `[${key}] belongs to AIDE manifests; declare type = "${type ?? AIDE_TYPES.join('|')}" to use it`;
  }
  if (kind === 'aide' && IDE_ONLY_FIELDS.includes(key)) return `[${key}] belongs to IDE manifests; remove "type" to make this an IDE manifest, or remove [${key}]`;
  return undefined;
}

/** A copy of the data without the keys zod did not recognise. */
function withoutUnknownKeys(data: Table, issues: ReadonlyArray<{ code: string; path: PropertyKey[]; keys?: string[] }>): Table {
  const copy = structuredClone(data) as Table;
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys' || !issue.keys) continue;
    let target: unknown = copy;
    for (const p of issue.path) target = isTable(target) || Array.isArray(target) ? (target as Record<PropertyKey, unknown>)[p] : undefined;
    if (isTable(target)) for (const key of issue.keys) delete target[key];
  }
  return copy;
}

/** Files in chain order, then by position, so output reads top to bottom. */
function sortDiagnostics(diagnostics: ManifestDiagnostic[], layers: readonly ManifestLayer[]): ManifestDiagnostic[] {
  const order = (f?: string) => {
    const i = layers.findIndex((l) => l.file === f);
    return i < 0 ? layers.length : i;
  };
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => order(a.d.file) - order(b.d.file) || (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.column ?? 0) - (b.d.column ?? 0) || a.i - b.i)
    .map(({ d }) => d);
}

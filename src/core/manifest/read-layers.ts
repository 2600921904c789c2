import path from 'node:path';
import { isLegacyManifest, translateLegacyManifest } from './legacy-translation';
import type { DiagnosticSink, ManifestLayer } from './manifest-diagnostics';
import { detectFormat, MANIFEST_FILE_NAMES, type ManifestFormat } from './manifest-format';
import { parseSource } from './parse-source';
import { isTable, setField, type Table } from './plain-data';


/** Reads another file of an `extends` chain; throws like fs.readFileSync when it is missing. */
export type ReadFile = (file: string) => string;

/** The data of each file of a chain, child first, translated to the modern layout. */
export interface LayerChain {
  layers: ManifestLayer[];
  data: Table[];
  legacy: boolean;
  /** False when a file could not be read or parsed; the chain stops there. */
  complete: boolean;
}

const MAX_DEPTH = 64;

/**
 * Reads a manifest and, through `extends`, its parents. Problems (syntax errors, missing parents,
 * cycles) go to the sink with the file that has them; `layers` is filled as files are read so
 * the sink can place diagnostics while the chain grows.
 */
export function readLayers(
  text: string,
  file: string,
  format: ManifestFormat,
  readFile: ReadFile,
  sink: DiagnosticSink,
  layers: ManifestLayer[],
): LayerChain {
  const chain: LayerChain = { layers, data: [], legacy: false, complete: true };
  const files: string[] = [];
  let current: { text: string; file: string; format: ManifestFormat } | undefined = { text, file, format };
  while (current) {
    const layerIndex = layers.length;
    const source = parseSource(current.text, current.format);
    if (source.syntaxErrors.length > 0) {
      for (const e of source.syntaxErrors) {
        sink.addAt({ severity: 'error', code: 'SyntaxError', file: current.file, line: e.line, column: e.column, message: e.message, fix: 'fix the syntax at this position' });
      }
      chain.complete = false;
      return chain;
    }
    let data = source.data;
    let toSourcePath: ManifestLayer['toSourcePath'] = (p) => [...p];
    if (!isTable(data)) {
      layers.push({ file: current.file, source, toSourcePath });
      sink.add({ severity: 'error', code: 'InvalidManifest', path: [], layer: layerIndex, message: `a manifest must be a table (object) of fields, not ${Array.isArray(data) ? 'a list' : typeof data}`, fix: 'start with a [package] table holding name and version' });
      chain.complete = false;
      return chain;
    }
    if (isLegacyManifest(data)) {
      const translated = translateLegacyManifest(data);
      data = translated.data;
      toSourcePath = translated.toSourcePath;
      chain.legacy = true;
      layers.push({ file: current.file, source, toSourcePath });
      for (const note of translated.notes) {
        sink.add({ severity: note.severity, code: 'DeprecatedField', path: note.path, layer: layerIndex, atKey: true, message: note.message, fix: note.fix });
      }
    } else {
      layers.push({ file: current.file, source, toSourcePath });
    }
    const table = data as Table;
    chain.data.push(table);
    files.push(current.file);

    const parentRef = table.extends;
    if (typeof parentRef !== 'string') break; // a non-string extends is reported by the schema
    const parent = readParent(path.resolve(path.dirname(files[files.length - 1]!), parentRef), readFile);
    if ('reason' in parent) {
      sink.add({
        severity: 'error',
        code: 'ExtendsNotFound',
        path: ['extends'],
        layer: layerIndex,
        message: `parent manifest "${parentRef}" ${parent.reason} (resolved to ${parent.file})${files.length > 1 ? `; chain: ${displayChain(files)}` : ''}`,
        fix: `"extends" is relative to ${path.basename(files[files.length - 1]!)}'s folder; check the path`,
      });
      chain.complete = false;
      break;
    }
    if (files.includes(parent.file) || files.length >= MAX_DEPTH) {
      const loop = [...files.slice(Math.max(0, files.indexOf(parent.file))), parent.file];
      sink.add({
        severity: 'error',
        code: 'ExtendsCycle',
        path: ['extends'],
        layer: 0,
        message: `extends cycle (circular inheritance): ${displayChain(loop)}`,
        fix: 'remove "extends" from one of these files so that the chain ends',
      });
      chain.complete = false;
      break;
    }
    current = { text: parent.text, file: parent.file, format: detectFormat(parent.file, parent.text) };
  }
  return chain;
}

/** Reads a parent manifest; a folder means the manifest inside it (`extends = "../base"`). */
function readParent(file: string, readFile: ReadFile): { file: string; text: string } | { file: string; reason: string } {
  try {
    return { file, text: readFile(file) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { file, reason: 'does not exist' };
    if (err.code !== 'EISDIR') return { file, reason: `cannot be read (${err.message})` };
  }
  for (const name of MANIFEST_FILE_NAMES) {
    try {
      return { file: path.join(file, name), text: readFile(path.join(file, name)) };
    } catch {
      // try the next name
    }
  }
  return { file, reason: `is a folder without a manifest (${MANIFEST_FILE_NAMES.join(', ')})` };
}

/** Files of a chain relative to their common folder: `a/symphony.toml → b/symphony.toml`. */
function displayChain(files: string[]): string {
  let common = path.dirname(files[0]!);
  while (!files.every((f) => f.startsWith(common + path.sep)) && path.dirname(common) !== common) common = path.dirname(common);
  if (files.every((f) => path.dirname(f) === common)) return files.map((f) => path.basename(f)).join(' → ');
  return files.map((f) => path.relative(common, f)).join(' → ');
}

/** Deep merge for `extends`: tables merge, the child wins, lists are replaced. */
export function mergeManifests(parent: Table, child: Table): Table {
  const out: Table = {};
  for (const [key, value] of Object.entries(parent)) setField(out, key, value);
  for (const [key, value] of Object.entries(child)) {
    const base = Object.hasOwn(out, key) ? out[key] : undefined;
    setField(out, key, isTable(base) && isTable(value) ? mergeManifests(base, value) : value);
  }
  return out;
}

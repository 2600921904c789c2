import fs from 'node:fs/promises';
import path from 'node:path';

/** The text formats a manifest may be written in. */
export type ManifestFormat = 'toml' | 'json' | 'yaml';

/**
 * Manifest file names in priority order: when a folder holds several, the first wins.
 * `Symphony.toml` and `extension.toml` are the original project's names.
 */
export const MANIFEST_FILE_NAMES = [
  'symphony.toml',
  'symphony.json',
  'symphony.yaml',
  'symphony.yml',
  'Symphony.toml',
  'extension.toml',
] as const;

const byExtension: Record<string, ManifestFormat> = {
  '.toml': 'toml',
  '.json': 'json',
  '.jsonc': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
};

/** True when the base name is one of the manifest names (used by the editor to pick files). */
export function isManifestFileName(fileName: string): boolean {
  return (MANIFEST_FILE_NAMES as readonly string[]).includes(path.basename(fileName));
}

/** The format a file name implies, or undefined when the name says nothing. */
export function formatFromFileName(fileName: string): ManifestFormat | undefined {
  return byExtension[path.extname(fileName).toLowerCase()];
}

/**
 * Guesses the format from the text: `{` opens JSON; a `[table]` header or a `key = value` line
 * means TOML; anything else is read as YAML (which also accepts most plain text).
 */
export function formatFromContent(text: string): ManifestFormat {
  const body = text.replace(/^\uFEFF/, '');
  const first = /^\s*(\S)/.exec(body)?.[1];
  if (first === '{') return 'json';
  for (const raw of body.split(/\r?\n/, 200)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (/^\[\[?\s*[A-Za-z0-9_."'-]+\s*\]\]?\s*(#.*)?$/.test(line)) return 'toml';
    if (/^[A-Za-z0-9_."'-]+\s*=/.test(line)) return 'toml';
    if (/^(---|[A-Za-z0-9_"'$-]+\s*:|- )/.test(line)) return 'yaml';
  }
  return 'yaml';
}

/** File name first, content second (DESIGN.md). */
export function detectFormat(fileName: string, text: string): ManifestFormat {
  return formatFromFileName(fileName) ?? formatFromContent(text);
}

/** The manifest file inside `dir`, by the priority of MANIFEST_FILE_NAMES; undefined when none. */
export async function findManifestFile(dir: string): Promise<string | undefined> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return undefined;
  }
  const present = new Set(entries);
  const name = MANIFEST_FILE_NAMES.find((n) => present.has(n));
  return name ? path.join(dir, name) : undefined;
}

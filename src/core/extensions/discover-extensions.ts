import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../base/diagnostic';
import { MANIFEST_FILE_NAMES, type EffectiveManifest } from '../manifest/index';
import { ManifestCache } from './manifest-cache';

/** Where an extension was found; later sources override earlier ones with the same id. */
export type ExtensionSource = 'builtin' | 'user' | 'workspace' | 'dir';

export interface ExtensionRoot {
  dir: string;
  source: ExtensionSource;
}

/** One folder that holds a manifest, valid or not. */
export interface DiscoveredExtension {
  /** The manifest's package name, or the folder name when the manifest is unusable. */
  id: string;
  dir: string;
  file: string;
  source: ExtensionSource;
  manifest?: EffectiveManifest;
  diagnostics: Diagnostic[];
}

/**
 * Finds sub-extensions: a root is either an extension folder itself (it holds a manifest) or a
 * folder whose immediate subfolders are extensions. Missing roots are simply empty.
 */
export function discoverExtensions(roots: readonly ExtensionRoot[], cache: ManifestCache = new ManifestCache()): DiscoveredExtension[] {
  const found: DiscoveredExtension[] = [];
  for (const root of roots) {
    for (const dir of extensionDirs(root.dir)) {
      const file = findManifestFile(dir);
      if (!file) continue;
      const result = cache.load(file);
      found.push({
        id: result.manifest?.id ?? path.basename(dir),
        dir,
        file: result.file,
        source: root.source,
        manifest: result.manifest,
        diagnostics: result.diagnostics,
      });
    }
  }
  return found;
}

function extensionDirs(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  if (findManifestFile(dir)) return [path.resolve(dir)];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => path.resolve(dir, e.name))
    .sort();
}

/** The manifest in a folder, by the documented name priority (synchronous, for discovery). */
export function findManifestFile(dir: string): string | undefined {
  let entries: Set<string>;
  try {
    entries = new Set(fs.readdirSync(dir));
  } catch {
    return undefined;
  }
  const name = MANIFEST_FILE_NAMES.find((n) => entries.has(n));
  return name ? path.join(dir, name) : undefined;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

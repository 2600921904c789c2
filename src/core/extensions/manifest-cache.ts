import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseManifestText, type ManifestLoadResult } from '../manifest/index';

interface Entry {
  /** Every file the result was built from (the manifest and its `extends` parents) and its hash. */
  inputs: Map<string, string>;
  result: ManifestLoadResult;
}

const hash = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * Compiled manifests keyed by the content hash of every file they were built from, so a reload
 * re-parses only manifests (or parents) that changed.
 */
export class ManifestCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  load(file: string): ManifestLoadResult {
    const abs = path.resolve(file);
    const cached = this.entries.get(abs);
    if (cached && [...cached.inputs].every(([f, h]) => hashOf(f) === h)) {
      this.hits++;
      return cached.result;
    }
    this.misses++;
    const inputs = new Map<string, string>();
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch (e) {
      return {
        diagnostics: [{ severity: 'error', code: 'ManifestUnreadable', message: `cannot read ${abs}: ${(e as Error).message}`, file: abs, source: 'manifest' }],
        format: 'toml',
        file: abs,
        valid: false,
      } as ManifestLoadResult;
    }
    inputs.set(abs, hash(text));
    const result = parseManifestText(text, abs, {
      readFile: (f) => {
        const content = fs.readFileSync(f, 'utf8');
        inputs.set(path.resolve(f), hash(content));
        return content;
      },
    });
    this.entries.set(abs, { inputs, result });
    return result;
  }

  forget(file: string): void {
    this.entries.delete(path.resolve(file));
  }
}

function hashOf(file: string): string | undefined {
  try {
    return hash(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

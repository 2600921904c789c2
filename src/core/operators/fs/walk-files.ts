import fs from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

/** Folders no one means when they glob their workspace. */
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**'];

/**
 * Workspace-relative paths (forward slashes) of the files under `root` matching `pattern`, minus
 * `ignore` globs, sorted. Walks iteratively and prunes ignored folders without entering them.
 */
export async function walkFiles(root: string, pattern: string, ignore: string[], signal?: AbortSignal, limit = 100_000): Promise<string[]> {
  const matches = picomatch(pattern, { dot: true });
  const ignored = picomatch(ignore.length ? ignore : ['\0'], { dot: true });
  const out: string[] = [];
  const stack = [''];
  while (stack.length) {
    signal?.throwIfAborted();
    const rel = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!ignored(`${child}/`) && !ignored(`${child}/x`)) stack.push(child);
      } else if (e.isFile() && matches(child) && !ignored(child)) {
        out.push(child);
        if (out.length >= limit) return out.sort();
      }
    }
  }
  return out.sort();
}

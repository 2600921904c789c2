import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder holding `symphony_runtime` and `symphony_sdk`. It ships as `operators/` at the
 * extension's root; the search walks up from this file so it works from `src/` under tests and
 * from the bundled `dist/` alike.
 */
export function findRuntimeDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'operators');
    if (fs.existsSync(path.join(candidate, 'symphony_runtime', '__main__.py'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`Symphony's Python runtime (operators/symphony_runtime) was not found above ${start}; the extension install looks incomplete — reinstall it.`);
    }
    dir = parent;
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SandboxError } from './sandbox-error';

const MODULE_FILE = /\.(c?js|json)$/;
const MAX_FILES = 2000;
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * Reads an extension's module files (real paths inside its folder only) for the strict engine,
 * whose child process is given no file access of its own. Symlinks that lead out are skipped.
 */
export function snapshotModules(dir: string): Record<string, string> {
  const root = fs.realpathSync.native(dir);
  const files: Record<string, string> = {};
  let count = 0;
  let bytes = 0;
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = path.join(current, entry.name);
      let real: string;
      try {
        real = fs.realpathSync.native(full);
      } catch {
        continue;
      }
      if (real !== root && !real.startsWith(root + path.sep)) continue;
      const stat = fs.statSync(real);
      if (stat.isDirectory()) {
        if (real === full) walk(full); // a symlinked folder inside the root is reached by its real path anyway
        continue;
      }
      if (!stat.isFile() || !MODULE_FILE.test(entry.name) || real !== full) continue;
      if (++count > MAX_FILES) throw new SandboxError('ActivationFailed', `${root} holds more than ${MAX_FILES} module files; bundle the extension`);
      bytes += stat.size;
      if (bytes > MAX_BYTES) throw new SandboxError('ActivationFailed', `the module files of ${root} exceed ${MAX_BYTES / 1048576} MB; bundle the extension`);
      files[real] = fs.readFileSync(real, 'utf8');
    }
  };
  walk(root);
  return files;
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes generated files under `root`, or with `check` only reports the ones that differ (the
 * drift checks). Returns the exit code: 1 when `check` found a stale file.
 */
export function writeGenerated(root: string, files: Record<string, string>, check: boolean, command: string): number {
  let stale = 0;
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    if (check) {
      console.error(`${rel} is out of date; run ${command}`);
      stale++;
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    console.log(`wrote ${rel}`);
  }
  return stale ? 1 : 0;
}

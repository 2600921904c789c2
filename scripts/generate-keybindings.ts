/**
 * Generates package.json `contributes.keybindings` for the built-in sub-extensions (manifests/):
 * VS Code reads key bindings only from package.json, so each `[[keybindings]]` entry becomes a
 * binding of the real command id `symphony.ext.<extension>.<command>`. Entries for other commands
 * are kept as they are.
 *
 *   npx tsx scripts/generate-keybindings.ts           rewrite package.json's symphony.ext.* key bindings
 *   npx tsx scripts/generate-keybindings.ts --check   exit 1 when package.json is stale
 *   npx tsx scripts/generate-keybindings.ts --print   print the generated entries as JSON
 */
import fs from 'node:fs';
import path from 'node:path';
import { discoverExtensions } from '../src/core/extensions/discover-extensions';
import { translateKeybindings, type VsKeybinding } from '../src/host/extensions/keybinding-translation';
import { writeGenerated } from './lib/write-generated';

const root = path.resolve(__dirname, '..');
export const COMMAND = 'npx tsx scripts/generate-keybindings.ts';

/** The key bindings of every built-in sub-extension under `manifestsDir`, in folder order, and why any was skipped. */
export function builtinKeybindings(manifestsDir = path.join(root, 'manifests')): { bindings: VsKeybinding[]; problems: string[] } {
  const bindings: VsKeybinding[] = [];
  const problems: string[] = [];
  const found = discoverExtensions([{ dir: manifestsDir, source: 'builtin' }]).sort((a, b) => a.dir.localeCompare(b.dir));
  for (const ext of found) {
    if (!ext.manifest) {
      problems.push(`${ext.file}: the manifest does not load (${ext.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}); run symphony validate ${ext.dir}`);
      continue;
    }
    const out = translateKeybindings(ext.manifest);
    bindings.push(...out.bindings);
    problems.push(...out.problems);
  }
  return { bindings, problems };
}

/** package.json's key bindings with the `symphony.ext.*` ones replaced by `generated` (placed after the others). */
export function withGeneratedKeybindings(current: readonly VsKeybinding[], generated: readonly VsKeybinding[]): VsKeybinding[] {
  return [...current.filter((k) => !k.command.startsWith('symphony.ext.')), ...generated];
}

/** package.json as it should be, as text. */
export function renderPackageJson(packageText: string, generated: readonly VsKeybinding[]): string {
  const pkg = JSON.parse(packageText) as { contributes: { keybindings?: VsKeybinding[] } };
  pkg.contributes.keybindings = withGeneratedKeybindings(pkg.contributes.keybindings ?? [], generated);
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

if (require.main === module) {
  const { bindings, problems } = builtinKeybindings();
  for (const p of problems) console.error(p);
  if (process.argv.includes('--print')) {
    console.log(JSON.stringify(bindings, null, 2));
    process.exit(problems.length ? 1 : 0);
  }
  const packageText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  const code = writeGenerated(root, { 'package.json': renderPackageJson(packageText, bindings) }, process.argv.includes('--check'), COMMAND);
  process.exit(code || (problems.length ? 1 : 0));
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { defineOperator } from '../operator-registry';
import { OperatorError, type Item } from '../operator';
import { itemsOf, resolveInWorkspace } from '../workspace-path';
import { DEFAULT_IGNORES, walkFiles } from './walk-files';

/** fs.transform: find and replace (plain or regex) in every file a glob matches. */
export const fsTransform = defineOperator(
  {
    id: 'fs.transform',
    displayName: 'Find and Replace in Files',
    description: 'Replaces text or a regular expression in each matching file.',
    category: 'Files',
    icon: 'replace-all',
    params: [
      { name: 'pattern', displayName: 'Files (glob)', type: 'string', required: true, placeholder: 'src/**/*.ts' },
      { name: 'find', displayName: 'Find', type: 'string', required: true },
      { name: 'replace', displayName: 'Replace with', type: 'string', default: '', description: 'With regex, $1… refer to groups.' },
      { name: 'regex', displayName: 'Regular expression', type: 'boolean', default: false },
      { name: 'flags', displayName: 'Regex flags', type: 'string', default: 'g' },
      { name: 'dryRun', displayName: 'Dry run', type: 'boolean', default: false, description: 'Count replacements without writing.' },
    ],
    permissions: ['fs.read', 'fs.write'],
    docs: 'Outputs `{ path, replacements }` for each file that changed (or would change, in a dry run).',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) {
      const find = ctx.param<string>('find', i);
      if (!find) throw new OperatorError('InvalidParameter', `${ctx.nodeName}: "find" is empty; say what text to replace`);
      const replace = ctx.param<string>('replace', i, '');
      let regex: RegExp;
      try {
        regex = ctx.param<boolean>('regex', i, false)
          ? new RegExp(find, ensureGlobal(ctx.param<string>('flags', i, 'g')))
          : new RegExp(find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
      } catch (e) {
        throw new OperatorError('InvalidParameter', `${ctx.nodeName}: "find" is not a valid regular expression: ${(e as Error).message}`);
      }
      const root = resolveInWorkspace(ctx, '.');
      for (const rel of await walkFiles(root, ctx.param<string>('pattern', i), DEFAULT_IGNORES, signal)) {
        const file = resolveInWorkspace(ctx, rel);
        const text = await fs.readFile(file, 'utf8');
        let count = 0;
        const next = text.replace(regex, (...m: unknown[]) => {
          count++;
          // Expand $1…$9 and $& ourselves so plain-text mode treats "$" literally.
          return ctx.param<boolean>('regex', i, false) ? expand(replace, m) : replace;
        });
        if (!count) continue;
        if (!ctx.param<boolean>('dryRun', i, false)) await fs.writeFile(file, next);
        out.push({ json: { path: rel.split(path.sep).join('/'), replacements: count }, pairedItem: { item: i } });
      }
    }
    return [out];
  },
);

function ensureGlobal(flags: string): string {
  return flags.includes('g') ? flags : `${flags}g`;
}

function expand(template: string, match: unknown[]): string {
  return template.replace(/\$(\d|&)/g, (_, g: string) => String((g === '&' ? match[0] : match[Number(g)]) ?? ''));
}

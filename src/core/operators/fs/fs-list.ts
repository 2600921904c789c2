import fs from 'node:fs/promises';
import path from 'node:path';
import { defineOperator } from '../operator-registry';
import type { Item } from '../operator';
import { itemsOf, resolveInWorkspace } from '../workspace-path';
import { DEFAULT_IGNORES, walkFiles } from './walk-files';

/** fs.list: the files matching a glob, one item per file. */
export const fsList = defineOperator(
  {
    id: 'fs.list',
    displayName: 'List Files',
    description: 'Lists workspace files matching a glob, skipping ignored folders.',
    category: 'Files',
    icon: 'files',
    params: [
      { name: 'pattern', displayName: 'Glob', type: 'string', default: '**/*', description: 'e.g. "src/**/*.ts"' },
      { name: 'folder', displayName: 'Folder', type: 'path', default: '.', description: 'Where to start, relative to the workspace.' },
      { name: 'ignore', displayName: 'Ignore', type: 'json', default: DEFAULT_IGNORES, description: 'Globs to skip.' },
      { name: 'limit', displayName: 'Limit', type: 'number', default: 10000, min: 1 },
    ],
    permissions: ['fs.read'],
    docs: 'Outputs `{ path, name, size, modified }` per file, sorted by path; paths are relative to the workspace.',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) {
      const folder = resolveInWorkspace(ctx, ctx.param<string>('folder', i, '.'), 'folder');
      const ignore = ctx.param<string[]>('ignore', i, DEFAULT_IGNORES);
      const files = await walkFiles(folder, ctx.param<string>('pattern', i, '**/*'), Array.isArray(ignore) ? ignore.map(String) : DEFAULT_IGNORES, signal, ctx.param<number>('limit', i, 10000));
      const prefix = path.relative(ctx.workspaceRoot, folder).split(path.sep).join('/');
      for (const rel of files) {
        const stat = await fs.stat(path.join(folder, rel));
        out.push({ json: { path: prefix ? `${prefix}/${rel}` : rel, name: path.basename(rel), size: stat.size, modified: stat.mtime.toISOString() }, pairedItem: { item: i } });
      }
    }
    return [out];
  },
);

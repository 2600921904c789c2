import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { defineOperator } from '../operator-registry';
import type { Item, JsonValue } from '../operator';
import { itemsOf, relativeToWorkspace, resolveInWorkspace } from '../workspace-path';

/** fs.write: writes text (or JSON) to a workspace file, atomically, creating folders. */
export const fsWrite = defineOperator(
  {
    id: 'fs.write',
    displayName: 'Write File',
    description: 'Writes or appends to a file in the workspace; creates missing folders.',
    category: 'Files',
    icon: 'save',
    params: [
      { name: 'path', displayName: 'Path', type: 'path', required: true },
      { name: 'content', displayName: 'Content', type: 'expression', required: true, description: 'Text to write; objects are written as JSON.' },
      { name: 'mode', displayName: 'Mode', type: 'options', default: 'overwrite', options: [{ value: 'overwrite' }, { value: 'append' }] },
      { name: 'encoding', displayName: 'Encoding', type: 'options', default: 'utf8', options: [{ value: 'utf8' }, { value: 'latin1' }, { value: 'utf16le' }, { value: 'ascii' }] },
    ],
    permissions: ['fs.write'],
    docs: 'Overwrites go through a temporary file and a rename, so a crash never leaves half a file. Outputs `{ path, bytes }` per item.',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) {
      signal.throwIfAborted();
      const file = resolveInWorkspace(ctx, ctx.param<string>('path', i));
      const content = ctx.param<JsonValue>('content', i, '');
      const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
      const encoding = ctx.param<BufferEncoding>('encoding', i, 'utf8');
      const data = Buffer.from(text, encoding);
      await fs.mkdir(path.dirname(file), { recursive: true });
      if (ctx.param<string>('mode', i, 'overwrite') === 'append') {
        await fs.appendFile(file, data);
      } else {
        const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
        try {
          await fs.writeFile(tmp, data, { signal });
          await fs.rename(tmp, file);
        } catch (e) {
          await fs.rm(tmp, { force: true });
          throw e;
        }
      }
      out.push({ json: { path: relativeToWorkspace(ctx, file), bytes: data.length }, pairedItem: { item: i } });
    }
    return [out];
  },
);

import fs from 'node:fs/promises';
import { defineOperator } from '../operator-registry';
import { OperatorError, type Item, type JsonValue } from '../operator';
import { itemsOf, relativeToWorkspace, resolveInWorkspace } from '../workspace-path';

/** fs.read: reads a workspace file as text, JSON or base64 binary, once per input item. */
export const fsRead = defineOperator(
  {
    id: 'fs.read',
    displayName: 'Read File',
    description: 'Reads a file from the workspace as text, JSON or binary.',
    category: 'Files',
    icon: 'file',
    params: [
      { name: 'path', displayName: 'Path', type: 'path', required: true, description: 'Workspace-relative path; expressions allowed.' },
      {
        name: 'as',
        displayName: 'Read as',
        type: 'options',
        default: 'text',
        options: [
          { value: 'text', label: 'Text', description: 'item.json.content holds the text' },
          { value: 'json', label: 'JSON', description: 'item.json.content holds the parsed value' },
          { value: 'binary', label: 'Binary', description: 'item.binary.data holds base64' },
        ],
      },
      { name: 'encoding', displayName: 'Encoding', type: 'options', default: 'utf8', options: [{ value: 'utf8' }, { value: 'latin1' }, { value: 'utf16le' }, { value: 'ascii' }] },
    ],
    permissions: ['fs.read'],
    docs: 'Outputs one item per input item: `{ path, content, size }`. Paths outside the workspace are refused.',
  },
  async (ctx, inputs, signal) => {
    const out: Item[] = [];
    const items = itemsOf(inputs);
    for (let i = 0; i < items.length; i++) {
      signal.throwIfAborted();
      const rel = ctx.param<string>('path', i);
      const as = ctx.param<string>('as', i, 'text');
      const encoding = ctx.param<BufferEncoding>('encoding', i, 'utf8');
      const file = resolveInWorkspace(ctx, rel);
      let data: Buffer;
      try {
        data = await fs.readFile(file, { signal });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new OperatorError('FileNotFound', `${ctx.nodeName}: ${rel} does not exist (looked at ${file})`);
        if (code === 'EISDIR') throw new OperatorError('IsADirectory', `${ctx.nodeName}: ${rel} is a folder; use fs.list to read folders`);
        throw e;
      }
      const path = relativeToWorkspace(ctx, file);
      if (as === 'binary') {
        out.push({ json: { path, size: data.length }, binary: { data: { data: data.toString('base64'), fileName: path } }, pairedItem: { item: i } });
        continue;
      }
      const text = data.toString(encoding);
      let content: JsonValue = text;
      if (as === 'json') {
        try {
          content = JSON.parse(text) as JsonValue;
        } catch (e) {
          throw new OperatorError('InvalidJson', `${ctx.nodeName}: ${rel} is not valid JSON (${(e as Error).message}); read it as text instead`);
        }
      }
      out.push({ json: { path, content, size: data.length }, pairedItem: { item: i } });
    }
    return [out];
  },
);

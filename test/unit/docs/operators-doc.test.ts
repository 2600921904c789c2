import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createDefaultRegistry } from '../../../src/core/conductor/default-registry';
import { OperatorDescriptionSchema } from '../../../src/core/operators/operator';
import { OPERATOR_DOCS_FILE, renderOperatorDocs } from '../../../scripts/generate-operator-docs';

const REPO_ROOT = path.resolve(__dirname, '../../..');

describe('docs/operators.md', () => {
  it('is exactly what scripts/generate-operator-docs.ts generates from the operator descriptions', () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, OPERATOR_DOCS_FILE), 'utf8');
    const generated = renderOperatorDocs();
    if (committed !== generated) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      assert.fail(`${OPERATOR_DOCS_FILE} is out of date (first difference at line ${line + 1}: "${a[line] ?? ''}" vs "${b[line] ?? ''}"); run npx tsx scripts/generate-operator-docs.ts`);
    }
  });

  it('has a section with every parameter, permission and docs text of every registered operator', () => {
    const doc = renderOperatorDocs();
    for (const d of createDefaultRegistry().descriptions()) {
      const start = doc.indexOf(`### \`${d.id}\` — ${d.displayName}`);
      assert.ok(start >= 0, `no section for ${d.id}`);
      const end = doc.indexOf('\n### ', start + 1);
      const section = doc.slice(start, end < 0 ? undefined : end);
      assert.ok(section.includes(`**Category:** ${d.category}`), `${d.id}: category`);
      for (const p of d.params) assert.ok(section.includes(`| \`${p.name}\` |`), `${d.id}: parameter ${p.name}`);
      for (const perm of d.permissions) assert.ok(section.includes(`\`${perm}\``), `${d.id}: permission ${perm}`);
      if (d.docs) assert.ok(section.includes(d.docs.trim()), `${d.id}: docs text`);
    }
  });

  it('follows a change to a description: a new parameter, its default and its condition appear in the reference', () => {
    const descriptions = createDefaultRegistry().descriptions();
    const changed = descriptions.map((d) =>
      d.id === 'fs.read'
        ? OperatorDescriptionSchema.parse({ ...d, permissions: [...d.permissions, 'env.read'], params: [...d.params, { name: 'maxBytes', displayName: 'Max bytes', type: 'number', default: 1024, min: 1, description: 'Read at most this much.', showWhen: { as: ['text', 'json'] } }] })
        : d,
    );
    const before = renderOperatorDocs(descriptions);
    const after = renderOperatorDocs(changed);
    assert.notEqual(after, before);
    assert.ok(after.includes('| `maxBytes` | number | `1024` | **Max bytes.** Read at most this much. At least 1. Applies when `as` is `text` or `json`. |'), 'the new parameter row');
    assert.ok(after.includes('- **Permissions:** `fs.read`, `env.read`'), 'the new permission');
  });

  it('groups operators by category in reading order, each linked from the index', () => {
    const doc = renderOperatorDocs();
    const categories = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(categories, ['Index', 'Triggers', 'Flow', 'Data transformation', 'Files', 'Git', 'Build', 'Network', 'Database', 'AI']);
    for (const [, id, anchor] of doc.matchAll(/\[`([a-z0-9.-]+)`\]\(#([a-z0-9-]+)\)/g)) {
      const heading = doc.match(new RegExp(`^### \`${id!.replace(/\./g, '\\.')}\` — (.+)$`, 'm'));
      assert.ok(heading, `index links ${id} but there is no section`);
      const expected = `${id} — ${heading[1]}`.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
      assert.equal(anchor, expected, `anchor of ${id}`);
    }
  });
});

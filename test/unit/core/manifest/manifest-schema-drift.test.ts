import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { renderManifestArtifacts } from '../../../../scripts/generate-manifest-schema';

const root = path.resolve(__dirname, '../../../..');

describe('generated manifest schemas and reference', () => {
  const artifacts = renderManifestArtifacts();

  for (const [rel, expected] of Object.entries(artifacts)) {
    it(`${rel} matches the zod schemas (regenerate with npx tsx scripts/generate-manifest-schema.ts)`, () => {
      const file = path.join(root, rel);
      assert.ok(fs.existsSync(file), `${rel} is missing`);
      assert.equal(fs.readFileSync(file, 'utf8'), expected, `${rel} has drifted from src/core/manifest`);
    });
  }

  it('gives editors the permission names and required fields', () => {
    const schema = JSON.parse(artifacts['schemas/symphony-manifest.schema.json']!) as {
      required: string[];
      properties: { security: { properties: { permissions: { items: { anyOf: Array<{ enum?: string[] }> } } } } };
    };
    assert.deepEqual(schema.required, ['package']);
    assert.ok(schema.properties.security.properties.permissions.items.anyOf[0]!.enum!.includes('fs.read'));
  });
});

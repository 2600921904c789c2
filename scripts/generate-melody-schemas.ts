/**
 * Generates schemas/melody.schema.json (for `*.melody` files) and schemas/conductor.schema.json
 * (for `.symphony/conductor.json`) from the zod schemas in src/core/melody and src/core/conductor.
 *
 *   npx tsx scripts/generate-melody-schemas.ts           write the files
 *   npx tsx scripts/generate-melody-schemas.ts --check   exit 1 when a committed file is stale
 */
import path from 'node:path';
import { writeGenerated } from './lib/write-generated';
import { z } from 'zod';
import { ConductorConfigSchema } from '../src/core/conductor/conductor-config';
import { MelodySchema } from '../src/core/melody/melody-schema';

const root = path.resolve(__dirname, '..');

/** Where each generated schema lives, and its title. */
export const MELODY_SCHEMA_FILES = {
  'schemas/melody.schema.json': { schema: MelodySchema, title: 'Symphony melody (melody/1)' },
  'schemas/conductor.schema.json': { schema: ConductorConfigSchema, title: 'Symphony conductor settings (.symphony/conductor.json)' },
} as const;

/** Every generated file, by path relative to the repository root, with its exact content. */
export function renderMelodySchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, { schema, title }] of Object.entries(MELODY_SCHEMA_FILES)) {
    // Input types: fields with defaults are optional for the person writing the file.
    const generated = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const { $schema, ...rest } = generated;
    out[rel] = `${JSON.stringify({ $schema, $id: `https://symphony.dev/${rel}`, title, ...rest }, null, 2)}\n`;
  }
  return out;
}

function main(check: boolean): number {
  return writeGenerated(root, renderMelodySchemas(), check, 'npx tsx scripts/generate-melody-schemas.ts');
}

if (require.main === module) process.exitCode = main(process.argv.includes('--check'));

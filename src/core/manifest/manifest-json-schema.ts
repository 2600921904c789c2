import { z } from 'zod';
import { aideManifestSchema, anyManifestSchema, ideManifestSchema } from './kind-schemas';
import { PERMISSION_NAMES } from './permissions';
import { PERMISSION_NAME_MARK } from './schema-checks';

/** A JSON Schema document. */
export type JsonSchema = Record<string, unknown>;

/** Where the generated schemas live in the repository, and their `$id`s. */
export const MANIFEST_SCHEMA_FILES = {
  any: 'schemas/symphony-manifest.schema.json',
  ide: 'schemas/symphony-ide-manifest.schema.json',
  aide: 'schemas/symphony-aide-manifest.schema.json',
} as const;

const TITLES = {
  any: 'Symphony extension manifest',
  ide: 'Symphony IDE extension manifest',
  aide: 'Symphony AIDE extension manifest',
} as const;

/**
 * JSON Schemas of the manifest, generated from the zod schemas (draft-07, which both VS Code's
 * JSON support and the YAML extension read). Checks that need code (semver, kebab-case) stay in
 * zod; permission names become an enum so editors complete them.
 */
export function manifestJsonSchemas(): Record<keyof typeof MANIFEST_SCHEMA_FILES, JsonSchema> {
  const schemas = { any: anyManifestSchema, ide: ideManifestSchema, aide: aideManifestSchema };
  const out = {} as Record<keyof typeof MANIFEST_SCHEMA_FILES, JsonSchema>;
  for (const key of Object.keys(schemas) as Array<keyof typeof schemas>) {
    const generated = z.toJSONSchema(schemas[key], {
      target: 'draft-7',
      io: 'input',
      unrepresentable: 'any',
      override: (ctx) => {
        const json = ctx.jsonSchema as JsonSchema;
        if (json[PERMISSION_NAME_MARK]) {
          delete json[PERMISSION_NAME_MARK];
          json.enum = [...PERMISSION_NAMES];
        }
      },
    }) as JsonSchema;
    const { $schema, ...rest } = generated;
    out[key] = { $schema, $id: `https://symphony.dev/${MANIFEST_SCHEMA_FILES[key]}`, title: TITLES[key], ...rest };
  }
  return out;
}

import { z, type ZodType } from 'zod';

/** A JSON Schema from a manifest turned into a validator, or why it could not be. */
export interface CompiledJsonSchema {
  schema?: ZodType;
  /** Set when the schema uses something zod cannot express; calls then go unchecked. */
  problem?: string;
}

const cache = new WeakMap<object, CompiledJsonSchema>();

/**
 * Compiles a manifest's JSON Schema (service method `input`/`output`) with zod 4's
 * `z.fromJSONSchema`, once per schema object. An unsupported schema never stops the service:
 * it is reported and its values pass unchecked.
 */
export function compileJsonSchema(json: unknown): CompiledJsonSchema {
  if (json === undefined || json === null) return {};
  if (typeof json !== 'object' && typeof json !== 'boolean') return { problem: `a JSON Schema must be an object, not ${typeof json}` };
  const key = typeof json === 'object' ? json : undefined;
  const hit = key && cache.get(key);
  if (hit) return hit;
  let compiled: CompiledJsonSchema;
  try {
    compiled = { schema: z.fromJSONSchema(json as Parameters<typeof z.fromJSONSchema>[0]) };
  } catch (e) {
    compiled = { problem: e instanceof Error ? e.message : String(e) };
  }
  if (key) cache.set(key, compiled);
  return compiled;
}

/** The first issue of a failed parse as "at path: message". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length ? `at ${issue.path.join('.')}: ${issue.message}` : issue.message;
}

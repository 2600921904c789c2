/**
 * Symphony manifests: reading (TOML, JSON, YAML; original layouts), inheritance (`extends`),
 * validation with positioned diagnostics, and the effective manifest the rest of Symphony uses.
 */
export { loadManifest, parseManifestText, type ManifestLoadOptions, type ManifestLoadResult } from './load-manifest';
export {
  findManifestFile, detectFormat, formatFromContent, formatFromFileName, isManifestFileName, MANIFEST_FILE_NAMES, type ManifestFormat,
} from './manifest-format';
export { inferLanguage, PYTHON_ENTRY, type DependencySpec, type EffectiveManifest, type ManifestKind } from './effective-manifest';
export type { ManifestDiagnostic } from './manifest-diagnostics';
export {
  PERMISSION_NAMES, PERMISSION_SCOPES, isPermissionName, normalizePermission, type NormalizedPermission, type PermissionName,
} from './permissions';
export { baseManifestSchema, SANDBOX_LEVELS, TRUST_LEVELS } from './base-schema';
export {
  aideManifestSchema, anyManifestSchema, ideManifestSchema, AIDE_TYPES, BOARD_PARAM_TYPES,
  type AideManifest, type AideType, type AnyManifest, type BaseManifest, type IdeManifest,
} from './kind-schemas';
export { isLegacyManifest } from './legacy-translation';
export { manifestJsonSchemas, MANIFEST_SCHEMA_FILES, type JsonSchema } from './manifest-json-schema';

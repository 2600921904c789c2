import { registerCoreOperators } from '../operators/core/index';
import { registerLibraryOperators } from '../operators/library';
import { OperatorRegistry } from '../operators/operator-registry';

/** Options of createDefaultRegistry. */
export interface DefaultRegistryOptions {
  /** Folders holding sub-extensions whose operators should be available too (`symphony run --dir`). */
  extensionDirs?: string[];
}

/**
 * The registry the CLI and validation use when the caller brings none: the core.* operators and
 * the library operators (files, git, builds, HTTP, databases, AI). Sub-extension operators from
 * `extensionDirs` join once extension discovery offers an operator loader.
 */
export function createDefaultRegistry(_opts: DefaultRegistryOptions = {}): OperatorRegistry {
  const registry = new OperatorRegistry();
  registerCoreOperators(registry);
  registerLibraryOperators(registry);
  return registry;
}

import { OperatorRegistry } from '../operators/operator-registry';

/** Options of createDefaultRegistry. */
export interface DefaultRegistryOptions {
  /** Folders holding sub-extensions whose operators should be available too (`symphony run --dir`). */
  extensionDirs?: string[];
}

/**
 * The registry the CLI and validation use when the caller brings none: every built-in operator.
 * Sub-extension operators from `extensionDirs` join once extension discovery offers a loader.
 */
export function createDefaultRegistry(_opts: DefaultRegistryOptions = {}): OperatorRegistry {
  const registry = new OperatorRegistry();
  registerBuiltins(registry);
  return registry;
}

// The core.* operators register here once src/core/operators/core/index.ts exports
// registerCoreOperators; switch this to: import { registerCoreOperators as registerBuiltins } from '../operators/core/index';
function registerBuiltins(_registry: OperatorRegistry): void {}

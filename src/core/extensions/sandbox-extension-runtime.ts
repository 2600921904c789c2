import { describeExtension, type SandboxRuntime } from '../sandbox/index';
import type { ExtensionRuntime } from './extension-runtime';

/**
 * Runs sub-extensions in the sandbox: a child process per extension (or a shared one for strict
 * ones), with only the permissions their manifests declare.
 */
export function sandboxExtensionRuntime(runtime: SandboxRuntime, options: { minimalAllowed?: (id: string) => boolean } = {}): ExtensionRuntime {
  return {
    async start({ manifest, source }) {
      const sandbox = await runtime.start(describeExtension(manifest, { builtin: source === 'builtin', minimalAllowed: options.minimalAllowed?.(manifest.id) }));
      return {
        invoke: (command, args) => sandbox.invoke(command, args),
        dispose: () => sandbox.dispose(),
      };
    },
  };
}

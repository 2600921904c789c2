import type { ExtensionLaunch, ExtensionRuntime, RunningExtension } from '../extensions/extension-runtime';
import type { SandboxRuntime } from './sandbox-runtime';
import { describeExtension } from './sandboxed-extension';

/**
 * The extension host's view of the sandbox: each started extension runs in the sandbox its
 * manifest asks for. Only extensions found among the built-ins may use `none`; `minimal` needs
 * the user's opt-in, passed as `minimalAllowed`.
 */
export class SandboxExtensionRuntime implements ExtensionRuntime {
  constructor(
    private readonly sandboxes: SandboxRuntime,
    private readonly minimalAllowed: (id: string) => boolean = () => false,
  ) {}

  async start(launch: ExtensionLaunch): Promise<RunningExtension> {
    const ext = describeExtension(launch.manifest, { builtin: launch.source === 'builtin', minimalAllowed: this.minimalAllowed(launch.manifest.id) });
    const logs = this.sandboxes.onDidLog((l) => {
      if (l.extension === ext.id) launch.log(l.level === 'debug' ? 'info' : l.level, l.message);
    });
    const errors = this.sandboxes.onDidReportError((e) => {
      if (e.extension === ext.id) launch.log('error', `${e.kind}: ${e.message}`);
    });
    try {
      const sandbox = await this.sandboxes.start(ext);
      return {
        invoke: (command, args) => sandbox.invoke(command, args),
        dispose: () => {
          sandbox.dispose();
          logs.dispose();
          errors.dispose();
        },
      };
    } catch (e) {
      logs.dispose();
      errors.dispose();
      throw e;
    }
  }
}

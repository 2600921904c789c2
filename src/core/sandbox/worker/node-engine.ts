// Plain Node inside the child, for the built-in extensions shipped with Symphony (`none`) and for
// an author's own extension the user opted into `minimal`. The child process, its minimal
// environment and Node's permission flags are the only walls here.
import { createRequire } from 'node:module';
import type { LoadParams } from '../sandbox-protocol';
import { buildGuestApi, type GuestApiState } from './guest-api';
import { GuestFailure, toPlainJson, type GuestHost, type GuestInstance } from './guest-host';

class NodeInstance implements GuestInstance {
  private readonly state: GuestApiState = { commands: new Map(), subscriptions: new Map() };

  constructor(
    private readonly params: LoadParams,
    private readonly host: GuestHost,
  ) {}

  async activate(): Promise<string[]> {
    const exported = createRequire(this.params.entry)(this.params.entry) as { activate?: unknown };
    if (typeof exported?.activate !== 'function') throw new GuestFailure('ActivationFailed', `${this.params.entry} does not export an activate(symphony) function`);
    await (exported.activate as (api: object) => unknown)(buildGuestApi(this.host, this.state));
    return [...this.state.commands.keys()];
  }

  async invoke(command: string, args: unknown): Promise<unknown> {
    const handler = this.state.commands.get(command);
    if (!handler) throw new GuestFailure('CommandNotFound', `no command "${command}" is registered`);
    return toPlainJson(await handler(toPlainJson(args)));
  }

  dispatchBus(subscription: number, channel: string, data: unknown): void {
    const handler = this.state.subscriptions.get(subscription);
    if (!handler) return;
    Promise.resolve()
      .then(() => handler(toPlainJson(data), channel))
      .catch((e: unknown) => this.host.reportError('uncaughtException', `a bus handler failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  dispose(): void {
    this.state.commands.clear();
    this.state.subscriptions.clear();
  }
}

export async function createNodeInstance(params: LoadParams, host: GuestHost): Promise<GuestInstance> {
  return new NodeInstance(params, host);
}

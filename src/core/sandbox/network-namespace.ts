// On Linux a sandbox child starts in a network namespace of its own: it has no interface but a
// loopback that is down, so no socket it opens reaches anything — not the internet, not a server on
// the user's 127.0.0.1 — whatever code runs in it and whatever JavaScript lock it gets past. The
// child needs no network: it talks to the host over its stdio pipes, and its extension's HTTP goes
// through the host's permission-checked `net.http`. `unshare` creates the namespace together with
// a user namespace, so no privilege is needed; inside, the child sees itself as root of that empty
// namespace and holds no privilege outside it. Probed once, never required.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** How to start a program in a fresh network namespace: `command ...prefix program args`. */
export interface NetworkNamespaceLauncher {
  command: string;
  prefix: readonly string[];
}

const CANDIDATES = ['/usr/bin/unshare', '/bin/unshare'];
let probed: NetworkNamespaceLauncher | null | undefined;
const refusedBy = new Set<string>();

/**
 * The launcher when this machine lets this process give children of `executable` their own
 * network namespace, else null.
 */
export function networkNamespaceLauncher(executable: string): NetworkNamespaceLauncher | null {
  if (refusedBy.has(executable)) return null;
  if (probed !== undefined) return probed;
  probed = null;
  if (process.platform !== 'linux') return probed;
  const command = CANDIDATES.find((c) => fs.existsSync(c));
  if (!command) return probed;
  const prefix = ['--map-root-user', '--net', '--'];
  // Kernels or policies that refuse unprivileged user namespaces (some container runtimes,
  // AppArmor's restriction on recent Ubuntu) fail here, and children start without one.
  const works = spawnSync(command, [...prefix, command, '--version'], { stdio: 'ignore', env: {}, timeout: 5000 }).status === 0;
  if (works) probed = { command, prefix };
  return probed;
}

/** Stops starting children of `executable` in a network namespace (one failed to start in it). */
export function disableNetworkNamespace(executable: string): void {
  refusedBy.add(executable);
}

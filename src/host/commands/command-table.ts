import type { HostContext } from '../host-context';

/** Builds a command's handler from the host context; registered by id in `commands`. */
export type CommandFactory = (host: HostContext) => (...args: unknown[]) => unknown;

import type { CommandFactory } from './command-table';

export const showLogs: CommandFactory = (host) => () => host.log.show(true);

import { UsageError } from './cli-context';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/**
 * Parses `--flag value`, `--flag=value` and boolean `--flag` arguments.
 * `booleans` names the flags that take no value; any other flag needs one.
 */
export function parseArgs(argv: readonly string[], booleans: readonly string[], valued: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const [rawName, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
      const name = rawName.replace(/^--?/, '');
      if (booleans.includes(name)) {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
        add(name, 'true');
      } else if (valued.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        add(name, value);
      } else {
        throw new UsageError(`unknown option ${rawName}`);
      }
      continue;
    }
    positional.push(arg);
  }
  return { positional, flags };
}

export const flag = (p: ParsedArgs, name: string): boolean => p.flags.has(name);
export const value = (p: ParsedArgs, name: string): string | undefined => p.flags.get(name)?.at(-1);
export const values = (p: ParsedArgs, name: string): string[] => p.flags.get(name) ?? [];

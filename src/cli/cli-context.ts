/** What a verb receives: its own arguments, where to write, and the working directory. */
export interface CliContext {
  args: string[];
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The exit codes of DESIGN.md's CLI contract. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A verb of the `symphony` command line. */
export interface Verb {
  /** One line shown by `symphony --help`. */
  summary: string;
  usage: string;
  run(ctx: CliContext): Promise<number>;
}

/** Thrown by argument parsing; main turns it into exit code 2 with the usage text. */
export class UsageError extends Error {}

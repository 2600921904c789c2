import type { Verb } from '../cli-context';
import { extensions } from './extensions';
import { validate } from './validate';
import { importVerb } from './import';
import { exportVerb } from './export';
import { run } from './run';
import { exec } from './exec';

/** Every verb of the `symphony` command line, by name. One file per verb in this folder. */
export const verbs: Record<string, Verb> = {
  extensions,
  validate,
  import: importVerb,
  export: exportVerb,
  run,
  exec,
};

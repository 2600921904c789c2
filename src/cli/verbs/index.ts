import type { Verb } from '../cli-context';
import { validate } from './validate';
import { importVerb } from './import';
import { exportVerb } from './export';

/** Every verb of the `symphony` command line, by name. One file per verb in this folder. */
export const verbs: Record<string, Verb> = {
  validate,
  import: importVerb,
  export: exportVerb,
};

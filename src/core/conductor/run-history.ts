import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RunResult } from './run-result';

/** The format tag of a run history file. */
export const RUN_FORMAT = 'symphony-run/1';

/** A run as stored in `.symphony/runs/`. */
export interface RunRecordFile extends RunResult {
  format: typeof RUN_FORMAT;
  /** The melody file the run came from, if any. */
  file?: string;
}

/**
 * The run history: one JSON file per run, `<timestamp>-<melody name>.json`, newest last by name.
 * Each file is written to a temporary name and renamed, so a crash leaves the old files intact
 * and never half a run; only then are the oldest runs beyond `maxRuns` removed.
 */
export class RunHistory {
  constructor(
    readonly dir: string,
    readonly maxRuns: number,
  ) {}

  /** Writes a run and prunes the oldest; returns the file written. */
  async write(run: RunResult, file?: string): Promise<string> {
    await fs.mkdir(this.dir, { recursive: true });
    const base = `${stamp(new Date(run.startedAt))}-${slug(run.melody)}`;
    let target = path.join(this.dir, `${base}.json`);
    for (let k = 2; await exists(target); k++) target = path.join(this.dir, `${base}~${k}.json`);
    const record: RunRecordFile = { format: RUN_FORMAT, ...(file ? { file } : {}), ...run, historyFile: undefined };
    const tmp = `${target}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(record, null, 2) + '\n', 'utf8');
    await fs.rename(tmp, target);
    await this.prune();
    return target;
  }

  /** History files, oldest first. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return names.filter((n) => RUN_FILE.test(n)).sort().map((n) => path.join(this.dir, n));
  }

  async read(file: string): Promise<RunRecordFile> {
    return JSON.parse(await fs.readFile(file, 'utf8')) as RunRecordFile;
  }

  private async prune(): Promise<void> {
    const files = await this.list();
    const excess = files.length - this.maxRuns;
    for (let k = 0; k < excess; k++) await fs.rm(files[k]!, { force: true });
  }
}

const RUN_FILE = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-.*\.json$/;

/** A timestamp that sorts by time and is valid in file names everywhere. */
function stamp(d: Date): string {
  return d.toISOString().replace(/:/g, '-').replace('.', '-');
}

function slug(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return s || 'melody';
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

import * as path from 'node:path';
import type { Diagnostic } from '../base/diagnostic';
import type { OperatorRegistry } from '../operators/operator-registry';
import type { Melody } from '../melody/melody-schema';
import { type ConductorConfig, defaultConductorConfig } from './conductor-config';
import { type CompiledMelody, compileMelody } from './graph';
import { MelodyRun, type RunEnvironment, type RunOptions } from './melody-run';
import type { RunEvent } from './run-events';
import { RunHistory } from './run-history';
import type { RunResult } from './run-result';

/** How a Conductor is set up: operators, workspace defaults, and where runs are recorded. */
export interface ConductorOptions extends RunEnvironment {
  registry: OperatorRegistry;
  config?: ConductorConfig;
  /** Write runs to the history folder of `config.history` (default: when config.history.enabled). */
  history?: boolean;
}

/** Options of one Conductor.run call. */
export interface ConductorRunOptions extends RunOptions {
  /** The melody file, recorded in the run history. */
  file?: string;
  /** Receives every run event (also available on the MelodyRun from createRun). */
  onEvent?: (e: RunEvent) => void;
}

/**
 * The engine that validates, schedules and runs melodies for one workspace. It compiles a
 * melody against the operator registry, runs it, and writes the result to the run history.
 */
export class Conductor {
  readonly config: ConductorConfig;
  readonly history: RunHistory | undefined;

  constructor(private readonly opts: ConductorOptions) {
    this.config = opts.config ?? defaultConductorConfig();
    const h = this.config.history;
    this.history = (opts.history ?? h.enabled) ? new RunHistory(path.resolve(opts.workspaceRoot, h.dir), h.maxRuns) : undefined;
  }

  /** Resolves a melody for running; an invalid melody gives diagnostics and no graph. */
  compile(melody: Melody): { compiled?: CompiledMelody; diagnostics: Diagnostic[] } {
    return compileMelody(melody, this.opts.registry, { config: this.config });
  }

  /** Prepares a run (subscribe to its events, then `execute()` it). Throws on an invalid melody: compile first to get diagnostics. */
  createRun(melody: Melody | CompiledMelody, opts: RunOptions = {}): MelodyRun {
    const compiled = isCompiled(melody) ? melody : this.compile(melody).compiled;
    if (!compiled) throw new Error(`melody "${(melody as Melody).name}" is invalid; call compile() for its diagnostics`);
    return new MelodyRun(compiled, this.opts, opts);
  }

  /** Runs a melody to the end and records it. An invalid melody is a Failed result with diagnostics. */
  async run(melody: Melody | CompiledMelody, opts: ConductorRunOptions = {}): Promise<RunResult> {
    let compiled: CompiledMelody | undefined;
    let diagnostics: Diagnostic[] = [];
    if (isCompiled(melody)) compiled = melody;
    else ({ compiled, diagnostics } = this.compile(melody));
    if (!compiled) return invalidResult(melody as Melody, diagnostics);
    const run = new MelodyRun(compiled, this.opts, opts);
    const sub = opts.onEvent ? run.onDidEmit(opts.onEvent) : undefined;
    try {
      const result = await run.execute();
      result.diagnostics = diagnostics;
      if (this.history) {
        try {
          result.historyFile = await this.history.write(result, opts.file);
        } catch (e) {
          // The run itself is done; a full disk or a read-only folder must not turn it into an error.
          result.diagnostics.push({ severity: 'warning', code: 'RunHistoryNotWritten', message: `the run could not be recorded in ${this.history.dir}: ${(e as Error).message}`, fix: 'check that the folder is writable, or set history.enabled to false in .symphony/conductor.json', source: 'conductor' });
        }
      }
      return result;
    } finally {
      sub?.dispose();
    }
  }
}

function isCompiled(m: Melody | CompiledMelody): m is CompiledMelody {
  return (m as CompiledMelody).inStart instanceof Int32Array;
}

function invalidResult(melody: Melody, diagnostics: Diagnostic[]): RunResult {
  const now = new Date().toISOString();
  const first = diagnostics.find((d) => d.severity === 'error');
  return {
    runId: '',
    melody: typeof melody?.name === 'string' ? melody.name : 'melody',
    status: 'Failed',
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    nodes: {},
    order: [],
    error: { code: 'InvalidMelody', message: first ? `the melody is invalid: ${first.message}` : 'the melody is invalid' },
    diagnostics,
  };
}

import { execFile } from 'node:child_process';
import { PythonError } from './python-errors';

/** The oldest Python the runtime supports. */
export const MIN_PYTHON = [3, 9] as const;

/**
 * Where the editor's Python extension says the active environment is. The host implements it with
 * `@vscode/python-extension` when that extension is installed; the core never depends on it.
 */
export interface PythonInterpreterSource {
  /** Shown in messages, e.g. "the Python extension's active environment". */
  readonly label: string;
  /** The interpreter path, or undefined when there is none (extension absent, nothing selected). */
  getInterpreterPath(): Promise<string | undefined>;
}

/** Where an interpreter was found. */
export type InterpreterOrigin = 'python-extension' | 'setting' | 'path';

/** A usable interpreter: the command to run, what it reported, and where it came from. */
export interface ResolvedInterpreter {
  command: string;
  executable: string;
  version: string;
  origin: InterpreterOrigin;
}

export interface ResolveOptions {
  source?: PythonInterpreterSource;
  /** The `symphony.python.path` setting; empty or undefined means unset. */
  settingPath?: string;
  /** Commands tried on PATH, in order. */
  pathCommands?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long one probe may take; a slow first start of a cold interpreter is normal. */
  probeTimeoutMs?: number;
}

/** What running `<python> -c <probe>` gave. */
export type ProbeResult =
  | { kind: 'ok'; version: string; executable: string }
  | { kind: 'not-found' }
  | { kind: 'failed'; detail: string };

const PROBE = 'import sys; print("%d.%d.%d" % tuple(sys.version_info[:3])); print(sys.executable)';

/** Runs an interpreter once to learn its version and real path. */
export function probeInterpreter(command: string, env?: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(command, ['-c', PROBE], { env: env ?? process.env, timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') return resolve({ kind: 'not-found' });
        const detail = `${stderr || ''}${stdout || ''}`.trim() || error.message;
        return resolve({ kind: 'failed', detail: detail.split('\n').slice(-5).join('\n') });
      }
      const [version, executable] = stdout.trim().split(/\r?\n/);
      if (!version || !/^\d+\.\d+\.\d+$/.test(version)) return resolve({ kind: 'failed', detail: `unexpected output: ${stdout.slice(0, 200)}` });
      resolve({ kind: 'ok', version, executable: executable || command });
    });
  });
}

/** True when a `major.minor.patch` version is at least 3.9. */
export function isSupportedVersion(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

function tooOld(command: string, version: string, where: string): PythonError {
  return new PythonError(
    'PythonTooOld',
    `Python ${version} (${command}, from ${where}) is too old: Python operators need ${MIN_PYTHON.join('.')} or newer. ` +
      'Install a newer Python and select it in the Python extension, or set "symphony.python.path" to its full path.',
    { command, version, origin: where },
  );
}

/**
 * Finds the interpreter to run: the Python extension's active environment, else the
 * `symphony.python.path` setting, else `python3` then `python` on PATH.
 */
export async function resolvePythonInterpreter(options: ResolveOptions = {}): Promise<ResolvedInterpreter> {
  const tried: string[] = [];
  const timeout = options.probeTimeoutMs;

  if (options.source) {
    const fromSource = await options.source.getInterpreterPath().catch(() => undefined);
    if (fromSource) {
      const probe = await probeInterpreter(fromSource, options.env, timeout);
      if (probe.kind === 'ok' && isSupportedVersion(probe.version)) {
        return { command: fromSource, executable: probe.executable, version: probe.version, origin: 'python-extension' };
      }
      // A stale selection in the Python extension should not block the other ways of finding Python.
      tried.push(`${options.source.label} (${fromSource}: ${probe.kind === 'ok' ? `Python ${probe.version} is too old` : probe.kind === 'failed' ? probe.detail : 'not found'})`);
    } else {
      tried.push(`${options.source.label} (none selected)`);
    }
  }

  const setting = options.settingPath?.trim();
  if (setting) {
    const probe = await probeInterpreter(setting, options.env, timeout);
    if (probe.kind === 'ok') {
      if (!isSupportedVersion(probe.version)) throw tooOld(setting, probe.version, 'the symphony.python.path setting');
      return { command: setting, executable: probe.executable, version: probe.version, origin: 'setting' };
    }
    // An explicit setting that does not work is a mistake to show, not something to route around.
    throw new PythonError(
      'PythonNotFound',
      probe.kind === 'not-found'
        ? `The "symphony.python.path" setting is "${setting}", but no Python runs there. Fix the path, or clear the setting to use python3 from PATH.`
        : `The "symphony.python.path" setting is "${setting}", but running it failed: ${probe.detail}. Fix the path, or clear the setting to use python3 from PATH.`,
      { command: setting, origin: 'setting' },
    );
  }

  let old: PythonError | undefined;
  for (const command of options.pathCommands ?? defaultPathCommands()) {
    const probe = await probeInterpreter(command, options.env, timeout);
    if (probe.kind === 'ok') {
      if (isSupportedVersion(probe.version)) return { command, executable: probe.executable, version: probe.version, origin: 'path' };
      old ??= tooOld(command, probe.version, 'PATH');
      tried.push(`${command} on PATH (Python ${probe.version}, too old)`);
    } else {
      tried.push(`${command} on PATH (${probe.kind === 'failed' ? probe.detail : 'not found'})`);
    }
  }
  if (old) throw old;
  throw new PythonError(
    'PythonNotFound',
    `Python was not found. Tried: ${tried.join('; ')}. Install Python ${MIN_PYTHON.join('.')} or newer, then select it in the ` +
      'Python extension or set "symphony.python.path" to the interpreter\'s full path.',
    { tried },
  );
}

function defaultPathCommands(): string[] {
  return process.platform === 'win32' ? ['python', 'python3', 'py'] : ['python3', 'python'];
}

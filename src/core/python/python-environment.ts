import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PythonError } from './python-errors';

/** What to prepare: a virtual environment for one extension holding its requirements.txt. */
export interface EnvironmentRequest {
  /** The base interpreter that creates the environment. */
  basePython: string;
  extensionId: string;
  /** The extension's requirements.txt; missing or empty means no packages. */
  requirementsFile: string;
  /** Where environments live, one folder per extension (the host passes its global storage). */
  storageDir: string;
  /** Progress for a notification: a message and, when known, a fraction in [0, 1]. */
  onProgress?: (message: string, fraction?: number) => void;
  /** Output lines of venv and pip, for the log. */
  onOutput?: (line: string) => void;
  signal?: AbortSignal;
  /** Extra pip arguments (e.g. `--index-url`). */
  pipArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

/** A ready environment. */
export interface PreparedEnvironment {
  python: string;
  venvDir: string;
  /** True when this call created or rebuilt it. */
  created: boolean;
}

interface Marker {
  requirementsHash: string;
  basePython: string;
}

const MARKER = 'symphony-environment.json';
const inProgress = new Map<string, Promise<PreparedEnvironment>>();

/** The interpreter inside a virtual environment. */
export function venvPython(venvDir: string): string {
  return process.platform === 'win32' ? path.join(venvDir, 'Scripts', 'python.exe') : path.join(venvDir, 'bin', 'python');
}

/**
 * Makes sure the extension's virtual environment exists and holds its requirements. The first use
 * creates it with `python -m venv` and runs pip; later uses only compare a hash of requirements.txt.
 */
export function ensureExtensionEnvironment(request: EnvironmentRequest): Promise<PreparedEnvironment> {
  const venvDir = path.join(request.storageDir, request.extensionId.replace(/[^A-Za-z0-9._-]/g, '_'));
  const running = inProgress.get(venvDir);
  if (running) return running;
  const work = prepare(request, venvDir).finally(() => inProgress.delete(venvDir));
  inProgress.set(venvDir, work);
  return work;
}

async function prepare(request: EnvironmentRequest, venvDir: string): Promise<PreparedEnvironment> {
  const requirements = readRequirements(request.requirementsFile);
  const wanted: Marker = { requirementsHash: createHash('sha256').update(requirements.join('\n')).digest('hex'), basePython: request.basePython };
  const python = venvPython(venvDir);
  const markerFile = path.join(venvDir, MARKER);
  if (fs.existsSync(python) && sameMarker(markerFile, wanted)) return { python, venvDir, created: false };

  const { extensionId } = request;
  fs.mkdirSync(request.storageDir, { recursive: true });
  fs.rmSync(markerFile, { force: true });
  request.onProgress?.(`Creating a Python environment for ${extensionId}…`, 0);
  // pip is not put into the environment: bootstrapping it (ensurepip) takes far longer than the
  // rest; the base interpreter's pip installs into the environment with --python instead.
  const venv = await runStep(request.basePython, ['-m', 'venv', '--clear', '--without-pip', venvDir], request);
  if (venv.code !== 0) {
    throw new PythonError(
      'PythonEnvironmentFailed',
      `Could not create the Python environment for ${extensionId} in ${venvDir} (${request.basePython} -m venv exited with ${venv.code}):\n${tail(venv.output)}\n` +
        'On Debian and Ubuntu the venv module comes in the python3-venv package.',
      { venvDir },
    );
  }

  if (requirements.length > 0) {
    request.onProgress?.(`Installing ${requirements.length} Python package(s) for ${extensionId}…`, 0.2);
    const pip = await pipCommand(request, python);
    let seen = 0;
    const install = await runStep(
      pip[0]!,
      [...pip.slice(1), 'install', '--disable-pip-version-check', '--no-input', '-r', request.requirementsFile, ...(request.pipArgs ?? [])],
      request,
      (line) => {
        if (/^(Collecting|Requirement already satisfied)/.test(line)) {
          seen++;
          request.onProgress?.(`${extensionId}: ${line}`, Math.min(0.9, 0.2 + (0.6 * seen) / requirements.length));
        }
      },
    );
    if (install.code !== 0) throw pipFailure(request, venvDir, install.output, pip.join(' '));
  }
  fs.writeFileSync(markerFile, JSON.stringify(wanted, null, 2));
  request.onProgress?.(`Python environment for ${extensionId} is ready.`, 1);
  return { python, venvDir, created: true };
}

function readRequirements(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

function sameMarker(file: string, wanted: Marker): boolean {
  try {
    const found = JSON.parse(fs.readFileSync(file, 'utf8')) as Marker;
    return found.requirementsHash === wanted.requirementsHash && found.basePython === wanted.basePython;
  } catch {
    return false;
  }
}

const UNREACHABLE = [
  /Failed to establish a new connection/i,
  /Max retries exceeded/i,
  /Temporary failure in name resolution/i,
  /Network is unreachable/i,
  /Connection refused/i,
  /ProxyError/i,
  /Read timed out/i,
];
// pip reports an index it could not reach the same way as a package the index lacks.
const NOTHING_FOUND = /\(from versions: none\)|No matching distribution found/i;

/** pip 22.3 added --python, which installs into another environment. */
async function pipCommand(request: EnvironmentRequest, python: string): Promise<string[]> {
  const probe = await runStep(request.basePython, ['-m', 'pip', '--version'], request);
  const version = /^pip (\d+)\.(\d+)/.exec(probe.output.trim());
  if (probe.code === 0 && version && (Number(version[1]) > 22 || (Number(version[1]) === 22 && Number(version[2]) >= 3))) {
    return [request.basePython, '-m', 'pip', '--python', python];
  }
  // No usable pip beside the base interpreter: bootstrap one inside the environment.
  request.onProgress?.(`Adding pip to the Python environment of ${request.extensionId}…`, 0.1);
  const ensure = await runStep(python, ['-m', 'ensurepip', '--default-pip'], request);
  if (ensure.code !== 0) {
    throw new PythonError('PythonEnvironmentFailed', `Could not add pip to the Python environment of ${request.extensionId}:\n${tail(ensure.output)}\nInstall pip for ${request.basePython} (Debian: python3-pip) and try again.`);
  }
  return [python, '-m', 'pip'];
}

function pipFailure(request: EnvironmentRequest, venvDir: string, output: string, pip: string): PythonError {
  const reinstall = `${pip} install -r ${request.requirementsFile}`;
  const unreachable = UNREACHABLE.some((re) => re.test(output));
  if (unreachable || NOTHING_FOUND.test(output)) {
    const index = indexUrl(request);
    const what = unreachable
      ? `the package index ${index} could not be reached`
      : `pip found no matching version at the package index ${index}: the index is not reachable from this machine, or a name or version in requirements.txt is wrong`;
    return new PythonError(
      'PythonIndexUnreachable',
      `Could not install the Python packages of ${request.extensionId} (${request.requirementsFile}): ${what}. ` +
        `Connect to the network, or point pip at a reachable mirror (PIP_INDEX_URL or pip.conf), or install the packages yourself with: ${reinstall}\n` +
        `pip said:\n${tail(output)}`,
      { venvDir, index },
    );
  }
  return new PythonError(
    'PythonEnvironmentFailed',
    `pip could not install the Python packages of ${request.extensionId} from ${request.requirementsFile}:\n${tail(output)}\nFix requirements.txt, or install by hand with: ${reinstall}`,
    { venvDir },
  );
}

function indexUrl(request: EnvironmentRequest): string {
  const args = request.pipArgs ?? [];
  const flag = args.findIndex((a) => a === '--index-url' || a === '-i');
  if (flag >= 0 && args[flag + 1]) return args[flag + 1]!;
  return (request.env ?? process.env).PIP_INDEX_URL || 'https://pypi.org/simple';
}

function tail(output: string, lines = 12): string {
  return output.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}

function runStep(command: string, args: string[], request: EnvironmentRequest, onLine?: (line: string) => void): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(cancelled(request));
    const child = spawn(command, args, { env: request.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let output = '';
    let partial = '';
    const onData = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const lines = text.split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) {
        output += `${line}\n`;
        request.onOutput?.(line);
        onLine?.(line.trim());
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const onAbort = () => child.kill('SIGKILL');
    request.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      request.signal?.removeEventListener('abort', onAbort);
      reject(
        err.code === 'ENOENT'
          ? new PythonError('PythonNotFound', `Python was not found at "${command}" while preparing the environment of ${request.extensionId}.`)
          : err,
      );
    });
    child.on('close', (code) => {
      request.signal?.removeEventListener('abort', onAbort);
      if (partial) output += partial;
      if (request.signal?.aborted) return reject(cancelled(request));
      resolve({ code, output });
    });
  });
}

function cancelled(request: EnvironmentRequest): PythonError {
  return new PythonError('PythonCancelled', `Preparing the Python environment of ${request.extensionId} was cancelled; it will be prepared again on next use.`);
}

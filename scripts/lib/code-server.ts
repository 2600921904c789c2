// Runs a real VS Code (code-server from the npm registry) for the integration tests, the
// end-to-end tests and the demo: isolated HOME/XDG/user-data/extensions folders, its own process
// group, a free port on 127.0.0.1, readiness by polling /healthz, and a stop that cannot be
// forgotten (exit and signal handlers).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The repository root (this file lives in scripts/lib/). __filename, not __dirname: tsx's tsImport() sets only the former correctly. */
export const repoRoot = path.resolve(path.dirname(__filename), '../..');

/** Where scripts/setup-vscode.sh puts Node 24 and code-server. */
export interface CodeServerInstall {
  readonly node: string;
  readonly codeServer: string;
}

/** Runs scripts/setup-vscode.sh (fast when everything is there) and returns the installed paths. */
export function ensureCodeServer(): CodeServerInstall {
  const setup = path.join(repoRoot, 'scripts/setup-vscode.sh');
  // scripts/test-all.mjs runs the setup once before the layers that need it.
  if (!process.env.SYMPHONY_SETUP_DONE) {
    const run = spawnSync('bash', [setup], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`scripts/setup-vscode.sh failed (exit ${run.status}); see its output above`);
  }
  const printed = spawnSync('bash', [setup, '--print'], { encoding: 'utf8' }).stdout;
  const value = (key: string) => printed.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1] ?? '';
  const install = { node: value('NODE24'), codeServer: value('CODE_SERVER') };
  for (const file of Object.values(install)) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing after setup; delete .vscode-test/ and run bash scripts/setup-vscode.sh`);
  }
  return install;
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** How to start one code-server. */
export interface CodeServerOptions {
  /** Folder for HOME, XDG folders, user data and the log; created if missing. */
  readonly scratchDir: string;
  readonly extensionsDir: string;
  /** Folder opened by `url()` when no other folder is given. */
  readonly workspace: string;
  /** Extra command-line arguments, e.g. `--vscode-option enable-smoke-test-driver`. */
  readonly extraArgs?: readonly string[];
  /** Extra environment for code-server and its extension host. */
  readonly env?: Readonly<Record<string, string>>;
  readonly port?: number;
  readonly readyTimeoutMs?: number;
  /** User settings on top of the quiet defaults (written only when the profile is new). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** A running code-server. */
export interface RunningCodeServer {
  readonly port: number;
  readonly origin: string;
  readonly logFile: string;
  /** The workbench URL for a folder (the options' workspace by default), with extra query parameters. */
  url(folder?: string, query?: Record<string, string>): string;
  stop(): Promise<void>;
}

/** User settings that keep first-run screens, trust prompts and network chatter out of the tests. */
const QUIET_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'git.openRepositoryInParentFolders': 'never',
  // The chat side bar would take a third of the window in screenshots.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Environment that keeps code-server's config, data and caches inside the scratch folder. */
export function isolatedEnv(scratchDir: string, install: CodeServerInstall): NodeJS.ProcessEnv {
  const home = path.join(scratchDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    PATH: `${path.dirname(install.node)}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    // A stray PORT or PASSWORD in the caller's environment would change code-server's behaviour.
    PORT: '',
    PASSWORD: '',
  };
}

/** Installs a .vsix into an extensions folder with code-server's own CLI, as a user would. */
export function installExtension(install: CodeServerInstall, vsix: string, extensionsDir: string, scratchDir: string): string {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const env = isolatedEnv(scratchDir, install);
  const common = ['--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratchDir, 'user-data')];
  const run = spawnSync(install.codeServer, ['--install-extension', vsix, '--force', ...common], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${run.stdout}\n${run.stderr}`);
  const list = spawnSync(install.codeServer, ['--list-extensions', '--show-versions', ...common], { env, encoding: 'utf8' });
  return list.stdout;
}

const running = new Set<number>();

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const pgid of running) killGroup(pgid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const pgid of running) killGroup(pgid, 'SIGKILL');
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts code-server and resolves once /healthz answers; rejects with the log's tail otherwise. */
export async function startCodeServer(install: CodeServerInstall, options: CodeServerOptions): Promise<RunningCodeServer> {
  const { scratchDir, extensionsDir, workspace } = options;
  const userData = path.join(scratchDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userData, 'User/settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  const port = options.port ?? (await freePort());
  const logFile = path.join(scratchDir, `code-server-${port}.log`);
  const log = fs.openSync(logFile, 'w');
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(options.extraArgs ?? []),
    workspace,
  ];
  installExitHandlers();
  // detached => setsid(): code-server and every process it starts share one group we can stop.
  const child = spawn(install.codeServer, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...isolatedEnv(scratchDir, install), ...options.env },
  });
  fs.closeSync(log);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start ${install.codeServer}`);
  running.add(pgid);
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));

  const stop = async () => {
    if (!running.delete(pgid)) return;
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && killGroup(pgid, 0)) await delay(100);
    killGroup(pgid, 'SIGKILL');
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await healthy(port))) {
    if (exitCode !== undefined || Date.now() > deadline) {
      await stop();
      const why = exitCode !== undefined ? `exited with ${exitCode}` : 'did not answer /healthz in time';
      throw new Error(`code-server on port ${port} ${why}. Last lines of ${logFile}:\n${tail(logFile)}`);
    }
    await delay(200);
  }

  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    logFile,
    url(folder = workspace, query = {}) {
      const params = new URLSearchParams({ folder, ...query });
      return `${origin}/?${params.toString().replace(/%2F/g, '/')}`;
    },
    stop,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A fresh scratch folder under the system temp dir. */
export function scratchFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `symphony-${prefix}-`));
}

// Runs the integration suites inside the real extension host of code-server: the workbench is
// opened in Chromium with `extensionDevelopmentPath`/`extensionTestsPath` in its `payload`
// parameter (honoured when code-server runs with `enable-smoke-test-driver`), and the result comes
// back through the automation hooks VS Code calls when extension tests finish.
//
//   node --import tsx test/integration/run-in-code-server.ts     (after `node esbuild.mjs --tests`)
//
// Writes the counts to $SYMPHONY_TEST_SUMMARY when set; exits 0 only when every test passed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { ensureCodeServer, installExtension, repoRoot, scratchFolder, startCodeServer, type CodeServerInstall, type RunningCodeServer } from '../../scripts/lib/code-server';
import { launchChromium, type LaunchedChromium } from '../webview/chromium';
import { RESULT_PREFIX, START_MARKER, type IntegrationSummary } from './result-protocol';

const timeoutMs = Number(process.env.SYMPHONY_INTEGRATION_TIMEOUT_MS ?? 240_000);

type Summary = IntegrationSummary;

function writeSummary(summary: Summary): void {
  const target = process.env.SYMPHONY_TEST_SUMMARY;
  if (!target) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(summary, null, 2));
}

async function main(): Promise<number> {
  const entry = path.join(repoRoot, 'out/test/integration/index.js');
  if (!fs.existsSync(entry)) throw new Error(`${path.relative(repoRoot, entry)} is missing; run node esbuild.mjs --tests first`);
  if (!fs.existsSync(path.join(repoRoot, 'dist/extension.js'))) throw new Error('dist/extension.js is missing; run npm run build first');

  const install = ensureCodeServer();
  const scratch = scratchFolder('integration');
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Integration test workspace\n');
  const extensionsDir = path.join(scratch, 'extensions');
  installEmptyExtension(install, scratch, extensionsDir);
  installTestModelExtension(install, scratch, extensionsDir);
  const workbenchLog = path.join(repoRoot, 'test-results/integration-workbench.log');
  fs.mkdirSync(path.dirname(workbenchLog), { recursive: true });
  fs.writeFileSync(workbenchLog, '');

  let server: RunningCodeServer | undefined;
  let browser: LaunchedChromium | undefined;
  const started = Date.now();
  try {
    server = await startCodeServer(install, {
      scratchDir: scratch,
      extensionsDir,
      workspace,
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      env: { SYMPHONY_TEST_RESULTS: path.join(repoRoot, 'test-results') },
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server!.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(entry.replace(/\.js$/, ''))],
      ['skipWelcome', 'true'],
    ];
    browser = await launchChromium();
    const { page } = browser;
    let summary: Summary | undefined;
    let finish!: (code: number | 'timeout') => void;
    const finished = new Promise<number | 'timeout'>((resolve) => (finish = resolve));
    // VS Code calls these two hooks of an automated window while it runs extension tests.
    // Everything the workbench logs goes to a file; what the suites print, to the terminal.
    let inTests = false;
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...(args ?? [])).replace(/\s+$/, '');
      fs.appendFileSync(workbenchLog, line + '\n');
      if (line.startsWith(START_MARKER)) inTests = true;
      else if (line.startsWith(RESULT_PREFIX)) {
        summary = JSON.parse(line.slice(RESULT_PREFIX.length)) as Summary;
        inTests = false;
      } else if (inTests) process.stdout.write(line + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    if (process.env.DEBUG) page.on('console', (m) => console.log('[workbench]', m.text()));
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    await page.goto(server.url(workspace, { payload: JSON.stringify(payload) }));
    const code = await finished;
    clearTimeout(timer);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 'timeout') {
      await page.screenshot({ path: path.join(repoRoot, 'test-results/integration-timeout.png') }).catch(() => undefined);
      console.error(`integration tests did not finish within ${timeoutMs / 1000} s; see ${path.relative(repoRoot, workbenchLog)}`);
    } else {
      console.log(`extension host finished the integration tests with exit code ${code} after ${seconds} s`);
    }
    const result = summary ?? { passed: 0, failed: 1, skipped: 0, failures: [{ title: 'integration run', error: code === 'timeout' ? 'timed out' : `exited with ${code} before reporting results` }] };
    writeSummary(result);
    return code === 0 && result.failed === 0 ? 0 : 1;
  } finally {
    await browser?.close();
    await server?.stop();
    if (!process.env.KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * An installed extension that does nothing, packaged with vsce and installed with code-server's CLI
 * like Symphony in the end-to-end run: the activation test times it as the baseline cost VS Code
 * charges any extension, next to Symphony's own.
 */
function installEmptyExtension(install: CodeServerInstall, scratch: string, extensionsDir: string): void {
  const dir = path.join(scratch, 'empty-extension');
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'empty-extension',
    publisher: 'symphony-bench',
    version: '1.0.0',
    license: 'MIT',
    repository: 'https://example.invalid/empty-extension',
    engines: { vscode: '^1.80.0' },
    main: './extension.js',
    activationEvents: [],
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = function activate() { return {}; };\n');
  fs.writeFileSync(path.join(dir, 'README.md'), 'An extension that does nothing; the activation baseline.\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const vsix = path.join(scratch, 'empty-extension.vsix');
  const vsce = spawnSync(path.join(repoRoot, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix], { cwd: dir, encoding: 'utf8' });
  if (vsce.status !== 0) throw new Error(`packaging the empty baseline extension failed:\n${vsce.stdout}\n${vsce.stderr}`);
  installExtension(install, vsix, extensionsDir, scratch);
}

/**
 * The extension that registers a test language model with vscode.lm (the ai.* operators' editor
 * path), installed like a user's extension: a second extensionDevelopmentPath would replace
 * Symphony's in code-server's remote extension host instead of adding to it.
 */
function installTestModelExtension(install: CodeServerInstall, scratch: string, extensionsDir: string): void {
  const dir = path.join(scratch, 'lm-test-model');
  fs.cpSync(path.join(repoRoot, 'test/fixtures/integration/lm-test-model'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), 'A language model for the integration tests.\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const vsix = path.join(scratch, 'lm-test-model.vsix');
  const vsce = spawnSync(path.join(repoRoot, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: dir, encoding: 'utf8' });
  if (vsce.status !== 0) throw new Error(`packaging test/fixtures/integration/lm-test-model failed:\n${vsce.stdout}\n${vsce.stderr}`);
  installExtension(install, vsix, extensionsDir, scratch);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    writeSummary({ passed: 0, failed: 1, skipped: 0, failures: [{ title: 'integration run', error: String(error) }] });
    process.exit(1);
  },
);

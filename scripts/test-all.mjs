#!/usr/bin/env node
// Runs every test layer of TESTING.md in order — unit, python, webview, integration, end-to-end —
// after the checks they need (build, typecheck, lint, and for end-to-end the .vsix), prints one
// closing line per layer and ends with `N passed, N failed[, N skipped]`. Exits non-zero on any
// failure.
//
//   node scripts/test-all.mjs                      everything (what `npm test` and .ci/run do)
//   node scripts/test-all.mjs unit python          only these layers (no typecheck/lint)
//   node scripts/test-all.mjs checks webview       the checks, then the webview layer
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const reporter = path.join(root, 'scripts/lib/mocha-summary-reporter.cjs');
const LAYERS = ['unit', 'python', 'webview', 'integration', 'e2e'];
const MINUTE = 60_000;

const requested = process.argv.slice(2);
const unknown = requested.filter((a) => ![...LAYERS, 'checks'].includes(a));
if (unknown.length) {
  console.error(`unknown layer ${unknown.join(', ')}; choose from: checks ${LAYERS.join(' ')}`);
  process.exit(2);
}
const layers = requested.length ? LAYERS.filter((l) => requested.includes(l)) : LAYERS;
const withChecks = requested.length === 0 || requested.includes('checks');

// ---- running children ------------------------------------------------------------------------

let current; // the child process group running now, stopped on Ctrl+C
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) try { process.kill(-current.pid, 'SIGTERM'); } catch { /* gone */ }
    console.error(`\ninterrupted (${signal})`);
    process.exit(130);
  });
}

/** Runs a command in its own process group, streaming its output; resolves with code and output tail. */
function run(command, args, { env = {}, timeoutMs = 10 * MINUTE } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child;
    let output = '';
    const keep = (chunk, stream) => {
      stream.write(chunk);
      output = (output + chunk.toString()).slice(-200_000);
    };
    child.stdout.on('data', (c) => keep(c, process.stdout));
    child.stderr.on('data', (c) => keep(c, process.stderr));
    const timer = setTimeout(() => {
      output += `\n(timed out after ${timeoutMs / 1000} s)`;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    child.on('error', (e) => (output += `\n${e.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

// ---- bookkeeping -------------------------------------------------------------------------------

const lines = []; // closing lines, repeated in the summary
const failures = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
const startedAll = Date.now();

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function banner(title) {
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(4, 70 - title.length))}`);
}

/** Records one layer's counts and prints its closing line. */
function close(name, counts, elapsedMs, note = '') {
  const { passed = 0, failed = 0, skipped = 0 } = counts;
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  for (const f of counts.failures ?? []) failures.push({ layer: name, ...f });
  const tally = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  const line = `${failed ? '✗' : '✓'} ${name.padEnd(12)} ${tally.padEnd(34)} ${seconds(elapsedMs).padStart(8)}${note ? `  ${note}` : ''}`;
  lines.push(line);
  console.log(line);
}

function skip(name, why) {
  totals.skipped += 1;
  const line = `- ${name.padEnd(12)} skipped: ${why}`;
  lines.push(line);
  console.log(line);
}

function readSummary(file, code, output) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    const last = output.trim().split('\n').slice(-5).join('\n');
    return { passed: 0, failed: 1, failures: [{ title: 'test run', error: `exited with ${code} before reporting results:\n${last}` }] };
  }
}

/** Runs mocha with the summary reporter and returns its counts. */
async function mocha(name, args, { env = {}, timeoutMs } = {}) {
  const summary = path.join(results, `${name}.summary.json`);
  fs.rmSync(summary, { force: true });
  const { code, output } = await run(bin('mocha'), [...args, '--reporter', reporter], { env: { ...env, SYMPHONY_TEST_SUMMARY: summary }, timeoutMs });
  const counts = readSummary(summary, code, output);
  if (code !== 0 && !counts.failed) {
    counts.failed = 1;
    (counts.failures ??= []).push({ title: `${name} run`, error: `mocha exited with ${code}` });
  }
  return counts;
}

// ---- checks ------------------------------------------------------------------------------------

const checks = { passed: 0, failed: 0, failures: [], elapsedMs: 0 };
const checkNotes = [];
async function check(name, command, args, { failOn } = {}) {
  banner(`check: ${name}`);
  const since = Date.now();
  const { code, output } = await run(command, args, { timeoutMs: 10 * MINUTE });
  const warning = failOn && output.split('\n').find((l) => failOn.test(l));
  const ok = code === 0 && !warning;
  checks[ok ? 'passed' : 'failed'] += 1;
  if (!ok) checks.failures.push({ title: name, error: warning ? `printed: ${warning.trim()}` : `exited with ${code}` });
  checks.elapsedMs += Date.now() - since;
  checkNotes.push(`${name} ${ok ? '' : '✗ '}${seconds(Date.now() - since)}`);
  return ok;
}

// ---- layers ------------------------------------------------------------------------------------

function testFiles(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => pattern.test(path.basename(f)) && !f.includes('__pycache__'));
}

const layerRunners = {
  async unit() {
    // db.query's PostgreSQL tests need a real server: start Debian's (scripts/start-postgres.sh prints
    // its URL). Without one those tests say they skipped.
    const env = {};
    if (!process.env.SYMPHONY_TEST_PG_URL) {
      const pg = await run('bash', ['scripts/start-postgres.sh'], { timeoutMs: 2 * MINUTE });
      const url = pg.output.trim().split('\n').pop();
      if (pg.code === 0 && url?.startsWith('postgres://')) env.SYMPHONY_TEST_PG_URL = url;
    }
    // .mocharc.json holds the shared options (tsx, timeout); the spec is named here.
    return mocha('unit', ['--reporter-option', 'base=dot', 'test/unit/**/*.test.ts'], { env, timeoutMs: 15 * MINUTE });
  },

  async python() {
    const files = testFiles(path.join(root, 'operators'), /^test_.*\.py$/);
    if (!files.length) return { skip: 'operators/ has no test_*.py yet' };
    const { code, output } = await run('python3', ['-m', 'unittest', 'discover', '-v', '-s', 'operators', '-p', 'test_*.py'], {
      env: { PYTHONDONTWRITEBYTECODE: '1' },
      timeoutMs: 10 * MINUTE,
    });
    const ran = Number(output.match(/^Ran (\d+) tests?/m)?.[1] ?? 0);
    const count = (label) => Number(output.match(new RegExp(`${label}=(\\d+)`))?.[1] ?? 0);
    const failed = count('failures') + count('errors') + count('unexpected successes');
    const skipped = count('skipped');
    const failing = [...output.matchAll(/^(?:FAIL|ERROR): (.+)$/gm)].map((m) => ({ title: m[1], error: 'see the output above' }));
    if (ran === 0) return { passed: 0, failed: 1, failures: [{ title: 'python discovery', error: `operators/ has ${files.length} test_*.py file(s) but unittest ran none (exit ${code}); is an __init__.py missing?` }] };
    return { passed: ran - failed - skipped, failed: failed || (code ? 1 : 0), skipped, failures: failing };
  },

  async webview() {
    if (!testFiles(path.join(root, 'test/webview'), /\.test\.ts$/).length) return { skip: 'test/webview has no *.test.ts' };
    return mocha('webview', ['--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '60000', 'test/webview/**/*.test.ts'], { timeoutMs: 15 * MINUTE });
  },

  async integration() {
    const summary = path.join(results, 'integration.summary.json');
    fs.rmSync(summary, { force: true });
    const { code, output } = await run(process.execPath, ['--import', 'tsx', 'test/integration/run-in-code-server.ts'], {
      env: { SYMPHONY_TEST_SUMMARY: summary, SYMPHONY_SETUP_DONE: '1' },
      timeoutMs: 10 * MINUTE,
    });
    return readSummary(summary, code, output);
  },

  async e2e() {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const vsix = path.join(root, `symphony-${version}.vsix`);
    fs.rmSync(vsix, { force: true });
    // vsce asks questions (and warns) about a missing LICENSE, repository or icon; both fail here.
    // A warning fails the package check; the end-to-end tests still run on the .vsix it produced.
    await check('package', 'npm', ['run', 'package'], { failOn: /\bWARNING\b|\[y\/N\]/ });
    banner('layer: e2e');
    if (!fs.existsSync(vsix)) return { passed: 0, failed: 1, failures: [{ title: 'e2e', error: `npm run package did not produce ${path.basename(vsix)}` }] };
    return mocha('e2e', ['--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '180000', 'test/e2e/**/*.test.ts'], {
      env: { SYMPHONY_VSIX: vsix, SYMPHONY_SETUP_DONE: '1' },
      timeoutMs: 15 * MINUTE,
    });
  },
};

// ---- the run -----------------------------------------------------------------------------------

fs.mkdirSync(results, { recursive: true });
const needsBuild = withChecks || layers.some((l) => ['webview', 'integration', 'e2e'].includes(l));
const needsCodeServer = layers.some((l) => ['integration', 'e2e'].includes(l));

let built = true;
if (needsBuild) {
  // One esbuild run builds the bundles as they ship (minified: the layers test what users get, and
  // activation is timed on the real bundle) and, for the integration layer, the test bundle.
  built = await check('build', 'npm', ['run', 'build:prod', '--', ...(layers.includes('integration') ? ['--tests'] : [])]);
}
if (withChecks) {
  await check('typecheck', 'npm', ['run', 'typecheck']);
  await check('lint', 'npm', ['run', 'lint']);
}
let setupOk = true;
if (needsCodeServer) setupOk = await check('code-server', 'bash', ['scripts/setup-vscode.sh']);

for (const layer of layers) {
  const since = Date.now();
  if (layer !== 'e2e') banner(`layer: ${layer}`);
  if (!built && layer !== 'unit' && layer !== 'python') {
    skip(layer, 'the build failed');
    continue;
  }
  if (!setupOk && (layer === 'integration' || layer === 'e2e')) {
    skip(layer, 'code-server could not be set up (see scripts/setup-vscode.sh above)');
    continue;
  }
  // Screenshots of an earlier run would pass for this one's.
  if (layer === 'webview' || layer === 'e2e') fs.rmSync(path.join(results, layer), { recursive: true, force: true });
  let counts;
  try {
    counts = await layerRunners[layer]();
  } catch (e) {
    counts = { passed: 0, failed: 1, failures: [{ title: layer, error: e instanceof Error ? e.message : String(e) }] };
  }
  if (counts.skip) skip(layer, counts.skip);
  else close(layer, counts, Date.now() - since);
}
if (checks.passed + checks.failed) {
  // The checks close last in the summary but count like any layer.
  close('checks', checks, checks.elapsedMs, `(${checkNotes.join(', ')})`);
  lines.unshift(lines.pop());
}

banner(`summary (${seconds(Date.now() - startedAll)})`);
for (const line of lines) console.log(line);
if (failures.length) {
  console.log('\nfailures:');
  for (const f of failures) console.log(`  [${f.layer}] ${f.title}\n      ${String(f.error).split('\n').join('\n      ')}`);
}
console.log(`\nscreenshots and results: ${path.relative(root, results)}/`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed ? 1 : 0);

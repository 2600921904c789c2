// The entry VS Code's test runner loads inside the extension host (`extensionTestsPath`): it runs
// every test/integration/**/*.test.ts with mocha and reports the counts in one machine-readable
// line that test/integration/run-in-code-server.ts reads. esbuild bundles every file the glob
// import below can reach, so adding a *.test.ts file is enough.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import { RESULT_PREFIX, START_MARKER, type IntegrationSummary } from './result-protocol';

/** test/integration/ of the checkout this bundle (out/test/integration/index.js) was built from. */
const sourceDir = path.resolve(__dirname, '../../../test/integration');

function suiteFiles(dir = sourceDir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? suiteFiles(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []))
    .sort();
}

export async function run(): Promise<void> {
  // mocha is loaded from the repository's node_modules; depending on the Node version that
  // require()s it, the ES module arrives as the class itself or as a namespace holding it.
  const MochaClass = ((Mocha as unknown as { default?: typeof Mocha }).default ?? Mocha) as typeof Mocha;
  const grep = process.env.SYMPHONY_INTEGRATION_GREP;
  const mocha = new MochaClass({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  // Install describe/it/before… on the global object, then evaluate each bundled suite.
  mocha.suite.emit('pre-require', globalThis, 'test/integration', mocha);
  for (const file of suiteFiles()) {
    const name = path.relative(sourceDir, file).split(path.sep).join('/').replace(/\.test\.ts$/, '');
    try {
      await import(`./${name}.test.ts`);
    } catch (e) {
      throw new Error(`test/integration/${name}.test.ts could not be loaded (added after the last build? run node esbuild.mjs --tests): ${e instanceof Error ? e.message : e}`, { cause: e });
    }
  }

  console.log(START_MARKER);
  const failures: IntegrationSummary['failures'] = [];
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 0, pending: 0 } as Mocha.Stats)));
    runner.on('fail', (test, err: Error) => failures.push({ title: test.fullTitle(), error: String(err?.message ?? err).slice(0, 2000) }));
  });
  const summary: IntegrationSummary = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, failures };
  console.log(RESULT_PREFIX + JSON.stringify(summary));
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
}

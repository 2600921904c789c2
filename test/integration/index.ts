// The entry VS Code's test runner loads inside the extension host (`extensionTestsPath`): it runs
// every suite listed in ./suites with mocha and reports the counts in one machine-readable line
// that test/integration/run-in-code-server.ts reads.
import Mocha from 'mocha';
import { RESULT_PREFIX, START_MARKER, type IntegrationSummary } from './result-protocol';


export async function run(): Promise<void> {
  // mocha is loaded from the repository's node_modules; depending on the Node version that
  // require()s it, the ES module arrives as the class itself or as a namespace holding it.
  const MochaClass = ((Mocha as unknown as { default?: typeof Mocha }).default ?? Mocha) as typeof Mocha;
  const mocha = new MochaClass({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // Install describe/it/before… on the global object, then evaluate the bundled suites.
  mocha.suite.emit('pre-require', globalThis, 'test/integration', mocha);
  await import('./suites');

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

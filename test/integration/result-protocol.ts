// How results leave the extension host: index.ts prints these lines through console.log, which the
// workbench hands to run-in-code-server.ts.

/** Printed before the suites run; output after it belongs to the tests. */
export const START_MARKER = 'SYMPHONY-INTEGRATION-START';
/** Prefix of the one line carrying the counts and failures as JSON. */
export const RESULT_PREFIX = 'SYMPHONY-INTEGRATION-RESULT ';

/** The counts of one run. */
export interface IntegrationSummary {
  passed: number;
  failed: number;
  skipped: number;
  failures: Array<{ title: string; error: string }>;
}

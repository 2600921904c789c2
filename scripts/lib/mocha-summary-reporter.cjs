// A mocha reporter that prints like a built-in one (spec by default, `--reporter-option base=dot`)
// and, when SYMPHONY_TEST_SUMMARY names a file, writes the counts and failures there as JSON so
// scripts/test-all.mjs can total every layer without scraping human-readable output.
'use strict';
/* global require, module, process */
/* eslint-disable @typescript-eslint/no-require-imports -- mocha loads reporters with require() */
const fs = require('node:fs');
const path = require('node:path');
const builtin = require('mocha/lib/reporters/index.cjs');

class SummaryReporter {
  constructor(runner, options) {
    const baseName = (options.reporterOption || options.reporterOptions || {}).base || 'spec';
    const Base = builtin[baseName];
    if (!Base) throw new Error(`mocha-summary-reporter: unknown base reporter "${baseName}"`);
    this.inner = new Base(runner, options);
    const failures = [];
    runner.on('fail', (test, err) => {
      failures.push({ title: test.fullTitle(), file: test.file, error: String((err && err.message) || err).slice(0, 2000) });
    });
    runner.once('end', () => {
      const target = process.env.SYMPHONY_TEST_SUMMARY;
      if (!target) return;
      const stats = runner.stats || {};
      const summary = { passed: stats.passes || 0, failed: stats.failures || 0, skipped: stats.pending || 0, failures };
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, JSON.stringify(summary, null, 2));
    });
  }

  done(failures, fn) {
    if (typeof this.inner.done === 'function') this.inner.done(failures, fn);
    else fn(failures);
  }
}

module.exports = SummaryReporter;

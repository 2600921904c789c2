import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { evaluateParameter, ExpressionError } from '../../../../src/core/expression';
import type { JsonObject, JsonValue } from '../../../../src/core/operators/operator';
import { scopeOf, WHERE } from './make-scope';

interface Case {
  parameter: string;
  expected?: JsonValue;
  error?: string;
  position?: number;
}

const file = path.resolve(__dirname, '../../../fixtures/expression/parameter-cases.json');
const { json, cases } = JSON.parse(fs.readFileSync(file, 'utf8')) as { json: JsonObject; cases: Case[] };

describe('parameter cases (test/fixtures/expression/parameter-cases.json)', () => {
  for (const c of cases) {
    it(`${c.parameter} → ${c.error ? `error: ${c.error}` : JSON.stringify(c.expected)}`, () => {
      if (c.error !== undefined) {
        assert.throws(
          () => evaluateParameter(c.parameter, scopeOf(json), WHERE),
          (e: unknown) => e instanceof ExpressionError && e.message.includes(c.error!) && (c.position === undefined || e.position === c.position),
        );
      } else {
        assert.deepEqual(evaluateParameter(c.parameter, scopeOf(json), WHERE), c.expected);
      }
    });
  }
});

import type { Diagnostic } from '../base/diagnostic';
import { parseExpression } from '../expression/validate-expression';

/**
 * Checks every expression (`={{ … }}`) in a node's parameters without running it. A syntax error
 * stops the melody before it starts; an unknown variable or method is a warning, because
 * workflows imported from n8n may use names only n8n has, and those fail clearly when they run.
 */
export function validateExpressions(params: unknown, path: string, nodeLabel: string, out: Diagnostic[]): void {
  walk(params, path, (text, at, name) => {
    for (const d of parseExpression(text).diagnostics) {
      const severity = d.code === 'ExpressionSyntax' ? 'error' : 'warning';
      out.push({
        severity,
        code: d.code === 'ExpressionSyntax' ? 'InvalidExpression' : d.code,
        message: `${nodeLabel} parameter "${name}": ${d.message} (at character ${d.start + 1} of ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text)})`,
        path: at,
        fix: d.fix ?? (severity === 'error' ? 'close every "{{" with "}}" and check the JavaScript between them' : undefined),
        source: 'melody',
      });
    }
  });
}

function walk(value: unknown, path: string, visit: (text: string, path: string, name: string) => void, name = ''): void {
  if (typeof value === 'string') {
    if (value.startsWith('=')) visit(value, path, name);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, visit, name || String(i)));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, visit, name ? `${name}.${k}` : k);
  }
}

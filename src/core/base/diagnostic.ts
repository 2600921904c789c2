/** How bad a problem is: an `error` makes the input unusable, the others only inform. */
export type Severity = 'error' | 'warning' | 'info';

/** A 1-based line and column, as editors show them. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end?: Position;
}

/**
 * A problem found in user content. Validators return these; they never throw.
 * `path` is the field path in dotted form with 0-based indices (`security.permissions[2]`).
 */
export interface Diagnostic {
  severity: Severity;
  /** A stable machine-readable name, e.g. `UnknownPermission`, `CycleDetected`. */
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  range?: Range;
  path?: string;
  /** What the user can do about it, e.g. `did you mean "fs.read"?`. */
  fix?: string;
  /** Which part of Symphony found it: `manifest`, `melody`, `conductor`… */
  source?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Formats a path array the way diagnostics print it: `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

/** `file:line:column — path: message (fix)`, the one-line form used by the CLI and logs. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((x) => x !== undefined).join(':');
  const head = [where, d.path].filter(Boolean).join(' — ');
  const fix = d.fix ? ` (${d.fix})` : '';
  return `${head ? `${head}: ` : ''}${d.severity} ${d.code}: ${d.message}${fix}`;
}

/** Edit distance, for "did you mean" suggestions. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The candidate closest to `input`, if it is close enough to be a plausible typo. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    const d = levenshtein(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return bestDistance <= limit ? best : undefined;
}

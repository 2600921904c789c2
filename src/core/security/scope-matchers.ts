import * as path from 'node:path';
import picomatch from 'picomatch';
import { realDir } from './real-path';

/** Tests one canonical target (a real path, `host:port`, a command, a name or a channel). */
export type ScopeMatcher = (target: string) => boolean;

/** Where relative file globs and relative paths are anchored. */
export interface ScopeRoots {
  /** The workspace root; relative globs and relative targets resolve against it. */
  workspaceRoot: string;
  /** The sub-extension's folder; globs may start with `${extension}/` to point into it. */
  extensionDir: string;
}

const toPosix = (p: string): string => (path.sep === '\\' ? p.replace(/\\/g, '/') : p);

/**
 * Turns a manifest file glob into an absolute glob anchored at a real directory. Returns a
 * message instead when the glob tries to climb out with `..`, which a scope may not do.
 */
export function absoluteGlob(glob: string, roots: ScopeRoots): string | { error: string } {
  const posix = toPosix(glob.trim());
  if (posix.split('/').includes('..')) return { error: `the glob "${glob}" contains "..": scopes may not climb out of their folder` };
  let anchor = roots.workspaceRoot;
  let rest = posix;
  if (rest.startsWith('${extension}')) {
    anchor = roots.extensionDir;
    rest = rest.slice('${extension}'.length);
  } else if (rest.startsWith('${workspace}')) {
    rest = rest.slice('${workspace}'.length);
  } else if (path.isAbsolute(rest)) {
    // Absolute globs keep their anchor, but its static part is real-path resolved like targets.
    const scan = picomatch.scan(rest);
    const base = scan.base || '/';
    const real = toPosix(realDir(base));
    return scan.glob ? `${real.replace(/\/$/, '')}/${scan.glob}` : real;
  }
  rest = rest.replace(/^\.?\/+/, '');
  const root = toPosix(realDir(anchor)).replace(/\/$/, '');
  return rest ? `${root}/${rest}` : root;
}

/** Compiles absolute globs into one matcher over real paths (dot files included: a glob is the author's intent). */
export function pathMatcher(globs: readonly string[]): ScopeMatcher {
  const matchers = globs.map((g) => picomatch(g, { dot: true }));
  // `dir/**` should also cover `dir` itself, which picomatch does not always accept.
  const roots = new Set(globs.filter((g) => g.endsWith('/**')).map((g) => g.slice(0, -3)));
  return (target) => {
    const p = toPosix(target);
    if (roots.has(p)) return true;
    for (const m of matchers) if (m(p)) return true;
    return false;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Dotted-name globs (hosts, channels): `*` matches within one label (labels are separated by `.`
 * or `/`), `**` across labels. Case-insensitive for hosts only.
 */
export function dottedGlob(glob: string, caseInsensitive: boolean): RegExp {
  const source = glob
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^./]*'))
    .join('.*');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
}

/** Plain-name globs (env variables, model ids): `*` matches anything. */
export function nameGlob(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map(escapeRegExp).join('.*')}$`);
}

/** Normalises a host for matching: lower case, no trailing dot, no IPv6 brackets. */
export function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
}

/**
 * A host scope is `host-glob` or `host-glob:port` (`[v6]:port` for IPv6). Without a port any port
 * of that host matches, as the manifest convention ("host name only") implies.
 */
export function hostMatcher(scopes: readonly string[]): ScopeMatcher {
  const rules = scopes.map((scope) => {
    const m = /^\[([^\]]+)\](?::(\d+|\*))?$/.exec(scope) ?? /^([^:]+)(?::(\d+|\*))?$/.exec(scope);
    const host = m ? m[1]! : scope;
    const port = m?.[2] && m[2] !== '*' ? m[2] : undefined;
    return { host: dottedGlob(normaliseHost(host), true), port };
  });
  return (target) => {
    const i = target.lastIndexOf(':');
    const host = target.slice(0, i);
    const port = target.slice(i + 1);
    for (const r of rules) if (r.host.test(host) && (r.port === undefined || r.port === port)) return true;
    return false;
  };
}

const urlCache = new Map<string, string | { error: string }>();

/** The canonical `host:port` target of an http(s) URL, or an error message (memoised: URL parsing dominates the check). */
export function canonicalUrlTarget(url: string): string | { error: string } {
  let hit = urlCache.get(url);
  if (hit === undefined) {
    hit = parseUrlTarget(url);
    if (urlCache.size >= 512) urlCache.clear();
    urlCache.set(url, hit);
  }
  return hit;
}

function parseUrlTarget(url: string): string | { error: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: `"${url}" is not a valid URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: `only http and https URLs are allowed, not ${parsed.protocol}` };
  if (parsed.username || parsed.password) return { error: 'URLs with credentials are not allowed; send them in a header' };
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return `${normaliseHost(parsed.hostname)}:${port}`;
}

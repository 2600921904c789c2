// A stand-in for VS Code around a built webview bundle: serves dist/webviews on 127.0.0.1, gives the
// page an `acquireVsCodeApi()` whose messages reach a scripted host in this process, and lets a test
// post host → webview messages the way `webview.postMessage` does. Used by test/webview/**.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import { launchChromium, type LaunchedChromium } from './chromium';

const repoRoot = path.resolve(__dirname, '../..');
/** Where the built webview bundles are (`npm run build`). */
export const webviewDist = path.join(repoRoot, 'dist/webviews');
/** Where webview tests save screenshots. */
export const webviewScreenshots = path.join(repoRoot, 'test-results/webview');

/** A message from the webview and the host's scripted answer to it (zero, one or several messages). */
export type HostScript = (message: unknown, harness: WebviewHarness) => unknown | unknown[] | undefined | Promise<unknown>;

/** Options for {@link openWebview}. */
export interface WebviewOptions {
  /** Bundle name in dist/webviews: loads `<bundle>.js` and `<bundle>.css`. Default `board`. */
  readonly bundle?: string;
  /**
   * The document the host serves: answered to the webview's `ready` with
   * `{ type: 'init', text, fileName }`. A non-string value is JSON-formatted.
   */
  readonly document?: unknown;
  readonly fileName?: string;
  /** Replaces the default host (which answers `ready` with `init`). */
  readonly host?: HostScript;
  readonly theme?: 'dark' | 'light';
  readonly viewport?: { width: number; height: number };
  /**
   * A Content-Security-Policy for the page, as a meta tag like the extension's webview HTML. `{nonce}`
   * stands for the nonce the page's scripts carry; the page and its files share one origin ('self').
   */
  readonly contentSecurityPolicy?: string;
}

/** A webview running in Chromium with a scripted host. */
export interface WebviewHarness {
  readonly page: Page;
  /** Sends a host → webview message, as the extension's `webview.postMessage` would. */
  postToBoard(message: unknown): Promise<void>;
  /** Every message the webview sent so far, oldest first. */
  messagesFromBoard(): unknown[];
  /** Resolves with the first message (already sent or still to come) of that `type`. */
  waitForMessage(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Uncaught page errors and console errors seen so far. */
  errors(): string[];
  /** Saves a PNG under test-results/webview/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

// Enough of VS Code's theme variables for the board to look as it does in the editor.
const THEMES = {
  dark: {
    kind: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', foreground: '#cccccc',
      'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
      'focusBorder': '#0078d4', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
      'panel-border': '#2b2b2b', 'sideBar-background': '#181818', 'input-background': '#313131',
      'input-foreground': '#cccccc', 'errorForeground': '#f85149', 'descriptionForeground': '#9d9d9d',
      // What the @vscode-elements controls read (VS Code's settings editor colours).
      'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-textInputBorder': '#3c3c3c',
      'settings-checkboxBackground': '#313131', 'settings-checkboxForeground': '#cccccc', 'settings-checkboxBorder': '#3c3c3c',
      'settings-dropdownBackground': '#313131', 'settings-dropdownForeground': '#cccccc', 'settings-dropdownBorder': '#3c3c3c',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
      'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)', 'inputOption-activeBackground': 'rgba(36, 137, 219, 0.51)', 'inputOption-activeBorder': '#2488db',
    },
  },
  light: {
    kind: 'vscode-light',
    vars: {
      'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', foreground: '#3b3b3b',
      'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
      'focusBorder': '#005fb8', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
      'panel-border': '#e5e5e5', 'sideBar-background': '#f8f8f8', 'input-background': '#ffffff',
      'input-foreground': '#3b3b3b', 'errorForeground': '#f85149', 'descriptionForeground': '#3b3b3b',
      'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-textInputBorder': '#cecece',
      'settings-checkboxBackground': '#f8f8f8', 'settings-checkboxForeground': '#3b3b3b', 'settings-checkboxBorder': '#cecece',
      'settings-dropdownBackground': '#ffffff', 'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownBorder': '#cecece',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
      'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)', 'inputOption-activeBackground': 'rgba(190, 230, 253, 0.5)', 'inputOption-activeBorder': '#005fb8',
    },
  },
} as const;

const NONCE = 'harness-nonce-0123456789';

function pageHtml(bundle: string, theme: 'dark' | 'light', csp: string | undefined): string {
  const { kind, vars } = THEMES[theme];
  const policy = csp === undefined ? '' : `<meta http-equiv="Content-Security-Policy" content="${csp.replaceAll('{nonce}', NONCE)}">\n`;
  const style = Object.entries(vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  return `<!DOCTYPE html>
<html lang="en" style="${style}">
<head>
<meta charset="UTF-8">
${policy}<title>${bundle} (webview harness)</title>
<link rel="stylesheet" href="/codicon.css">
<link rel="stylesheet" href="/${bundle}.css">
<style>html, body { height: 100%; margin: 0; padding: 0; background: var(--vscode-editor-background);
  color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  #root { height: 100%; }</style>
<script nonce="${NONCE}">
  // What VS Code gives a webview: one API object whose postMessage reaches the extension.
  (function () {
    let state;
    let acquired = false;
    window.acquireVsCodeApi = function () {
      if (acquired) throw new Error('acquireVsCodeApi can only be called once');
      acquired = true;
      return Object.freeze({
        postMessage: (message) => window.__symphonyToHost(message),
        getState: () => state,
        setState: (s) => { state = s; return s; },
      });
    };
  })();
</script>
</head>
<body class="${kind}" data-vscode-theme-kind="${kind}">
<div id="root"></div>
<script nonce="${NONCE}" src="/${bundle}.js"></script>
</body>
</html>`;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.png': 'image/png', '.map': 'application/json',
};

function serve(bundle: string, theme: 'dark' | 'light', csp: string | undefined): Promise<http.Server> {
  const html = pageHtml(bundle, theme, csp);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = path.join(webviewDist, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(webviewDist + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end(`not found: ${url.pathname}`);
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** The host every webview expects by default: `ready` is answered with `init` of the document. */
function defaultHost(text: string | undefined, fileName: string): HostScript {
  return (message) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'ready' && text !== undefined) return { type: 'init', text, fileName };
    return undefined;
  };
}

/** Opens a built webview bundle in Chromium with a scripted host. Call `close()` when done. */
export async function openWebview(options: WebviewOptions = {}): Promise<WebviewHarness> {
  const bundle = options.bundle ?? 'board';
  const script = path.join(webviewDist, `${bundle}.js`);
  if (!fs.existsSync(script)) throw new Error(`${path.relative(repoRoot, script)} is missing; run npm run build first`);
  const theme = options.theme ?? 'dark';
  const fileName = options.fileName ?? path.join(repoRoot, 'examples', `test.melody`);
  const text = options.document === undefined || typeof options.document === 'string'
    ? (options.document as string | undefined)
    : JSON.stringify(options.document, null, 2);
  const host = options.host ?? defaultHost(text, fileName);

  const server = await serve(bundle, theme, options.contentSecurityPolicy);
  let browser: LaunchedChromium;
  try {
    browser = await launchChromium({ viewport: options.viewport ?? { width: 1200, height: 800 }, colorScheme: theme });
  } catch (e) {
    server.close();
    throw e;
  }
  const { page } = browser;
  const received: unknown[] = [];
  const waiters: Array<{ type: string; resolve: (m: Record<string, unknown>) => void }> = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });

  const harness: WebviewHarness = {
    page,
    async postToBoard(message) {
      // Structured-cloned like VS Code's postMessage; the webview sees a window 'message' event.
      await page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), message);
    },
    messagesFromBoard: () => [...received],
    waitForMessage(type, timeoutMs = 10_000) {
      const seen = received.find((m) => (m as { type?: unknown })?.type === type);
      if (seen) return Promise.resolve(seen as Record<string, unknown>);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the webview sent no '${type}' message within ${timeoutMs} ms; it sent: ${JSON.stringify(received)}`)), timeoutMs);
        waiters.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    errors: () => [...errors],
    async screenshot(name) {
      fs.mkdirSync(webviewScreenshots, { recursive: true });
      const file = path.join(webviewScreenshots, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };

  await page.exposeFunction('__symphonyToHost', async (message: unknown) => {
    received.push(message);
    const type = (message as { type?: unknown } | null)?.type;
    for (const w of waiters.filter((w) => w.type === type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message as Record<string, unknown>);
    }
    const reply = await host(message, harness);
    for (const m of Array.isArray(reply) ? reply : reply === undefined ? [] : [reply]) await harness.postToBoard(m);
  });
  const { port } = server.address() as AddressInfo;
  await page.goto(`http://127.0.0.1:${port}/`);
  return harness;
}

/** Opens the Harmonic Board bundle with a melody (object or text) answered to its `ready`. */
export function openBoard(melody?: unknown, options: Omit<WebviewOptions, 'bundle' | 'document'> = {}): Promise<WebviewHarness> {
  return openWebview({ ...options, bundle: 'board', document: melody });
}

/** Ends a test's board: a screenshot named after the test when it failed, then the browser closed. */
export async function closeAfterTest(test: Mocha.Test | undefined, board: WebviewHarness | undefined): Promise<void> {
  if (board && test?.state === 'failed') await board.screenshot(`failed-${test.title.replace(/\W+/g, '-')}`);
  await board?.close();
}

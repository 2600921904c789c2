// What a sub-extension's view command returns, checked before it reaches VS Code. Pure (no
// `vscode`). The convention: the extension registers a command whose id is the view id; the host
// calls it with `{ parent }` (undefined at the top, else the id of the item being expanded) and
// gets a list of items; for a webview view it gets `{ title?, html }` or the HTML as a string.
import { z } from 'zod';

/** One row a sub-extension's tree view shows. */
export const viewItemSchema = z.object({
  id: z.string().min(1).max(512),
  label: z.string().max(1000),
  description: z.string().max(1000).optional(),
  tooltip: z.string().max(10_000).optional(),
  /** A codicon name, e.g. "file" or "$(file)". */
  icon: z.string().max(100).optional(),
  /** A command of the same extension, run when the row is clicked. */
  command: z.string().max(512).optional(),
  args: z.unknown().optional(),
  collapsible: z.union([z.boolean(), z.enum(['collapsed', 'expanded'])]).optional(),
});

export type ViewItem = z.infer<typeof viewItemSchema>;

/** The rows of a view, or a message saying what the command returned instead. */
export function parseViewItems(value: unknown, command: string): { items: ViewItem[] } | { error: string } {
  const list = value === null || value === undefined ? [] : value;
  if (!Array.isArray(list)) return { error: `the view command "${command}" returned ${typeof list}; return a list of { id, label, description?, icon?, command?, collapsible? }` };
  const items: ViewItem[] = [];
  for (let i = 0; i < list.length && i < 5000; i++) {
    const parsed = viewItemSchema.safeParse(list[i]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { error: `the view command "${command}" returned an invalid item [${i}]${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}; each item needs { id: string, label: string }` };
    }
    items.push(parsed.data);
  }
  return { items };
}

/** Codicon name without the `$(…)` wrapper; undefined when it is not a plain name. */
export function codiconName(icon: string | undefined): string | undefined {
  const name = icon?.replace(/^\$\((.*)\)$/, '$1');
  return name && /^[a-z0-9-]+(~spin)?$/.test(name) ? name : undefined;
}

/** What a webview view's command returned: its title and HTML body. */
export function parseWebviewContent(value: unknown, fallbackTitle: string): { title: string; html: string } | { error: string } {
  if (typeof value === 'string') return { title: fallbackTitle, html: value };
  const parsed = z.object({ title: z.string().max(200).optional(), html: z.string().max(5_000_000) }).safeParse(value);
  if (!parsed.success) return { error: `a webview view command returns the HTML as a string or { title?, html }; got ${value === null ? 'null' : typeof value}` };
  return { title: parsed.data.title ?? fallbackTitle, html: parsed.data.html };
}

const DANGEROUS_ELEMENTS = ['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form'];

/**
 * Strips what could run code or load content from elsewhere out of an extension's HTML. Scripts
 * stay only when the extension may (it declared `ui.panel`); the CSP is the real fence, this keeps
 * the page from even trying.
 */
export function sanitizeViewHtml(html: string, allowScripts: boolean): string {
  let out = html;
  if (!allowScripts) {
    out = out.replace(/<script\b[\s\S]*?<\/script\s*>/gi, '').replace(/<script\b[^>]*>/gi, '');
    // Event handler attributes (onclick=…), quoted or not.
    out = out.replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    out = out.replace(/(href|src|action|formaction|xlink:href)\s*=\s*(["']?)\s*javascript:[^"'>\s]*\2/gi, '$1="#"');
  }
  for (const el of DANGEROUS_ELEMENTS) {
    out = out.replace(new RegExp(`<${el}\\b[\\s\\S]*?<\\/${el}\\s*>`, 'gi'), '').replace(new RegExp(`<\\/?${el}\\b[^>]*>`, 'gi'), '');
  }
  return out;
}

/** The whole document of a webview view: a strict Content-Security-Policy, then the sanitised body. */
export function webviewDocument(opts: { title: string; body: string; cspSource: string; nonce: string; allowScripts: boolean }): string {
  const scriptSrc = opts.allowScripts ? `script-src 'nonce-${opts.nonce}';` : "script-src 'none';";
  const csp = `default-src 'none'; img-src ${opts.cspSource} data:; style-src ${opts.cspSource} 'unsafe-inline'; font-src ${opts.cspSource}; ${scriptSrc}`;
  let body = sanitizeViewHtml(opts.body, opts.allowScripts);
  // Only the extension's own scripts get the nonce; none can load from elsewhere.
  if (opts.allowScripts) body = body.replace(/<script\b(?![^>]*\bsrc=)/gi, `<script nonce="${opts.nonce}"`);
  const title = opts.title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>${title}</title></head><body>${body}</body></html>`;
}

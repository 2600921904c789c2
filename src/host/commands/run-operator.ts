import * as vscode from 'vscode';
import type { JsonValue, OperatorDescription, ParamDescription } from '../../core/operators/operator';
import type { CommandFactory } from './command-table';
import type { HostContext } from '../host-context';

const RECENT_KEY = 'symphony.recentOperatorRuns';
interface RecentRun {
  operator: string;
  params: Record<string, JsonValue>;
}

type PickItem = vscode.QuickPickItem & { description_?: OperatorDescription; recent?: RecentRun };

/**
 * "Run Operator…": pick any operator, fill its parameters through quick inputs (prefilled from
 * the active editor), run it with progress and cancel, and see its items — or put text output
 * into the editor.
 */
export const runOperator: CommandFactory = (host) => async () => {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Symphony: operators can touch files, processes and the network, so they do not run in an untrusted folder. Trust the folder to run them.');
    return;
  }
  const picked = await pickOperator(host);
  if (!picked) return;
  const { description, params } = picked;
  const editor = vscode.window.activeTextEditor;
  const filled = params ?? (await askParams(description, editor));
  if (!filled) return;
  await remember(host, { operator: description.id, params: filled });
  const root = host.operators.rootFor(editor?.document.uri);
  const conductor = await host.operators.conductor(root);
  const melody = { format: 'melody/1' as const, name: `Run ${description.displayName}`, nodes: [{ id: 'operator', operator: description.id, name: description.displayName, position: { x: 0, y: 0 }, params: filled }], connections: [] };
  const input = editor ? [{ path: vscode.workspace.asRelativePath(editor.document.uri, false), text: editor.document.getText(editor.selection.isEmpty ? undefined : editor.selection) }] : undefined;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Running ${description.displayName}`, cancellable: true }, (_p, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort(new Error('cancelled by the user')));
    return conductor.run(melody as never, { signal: abort.signal, input });
  });
  const node = result.nodes['operator'];
  if (result.status !== 'Completed' || !node) {
    void vscode.window.showErrorMessage(`Symphony: ${description.displayName} failed — ${result.error?.message ?? result.status}`, 'Show Log').then((a) => a && host.log.show());
    return result;
  }
  const items = (node.outputs ?? []).flat().map((i) => i.json);
  const text = items.length === 1 ? textOf(items[0]) : undefined;
  if (text !== undefined && editor) {
    const choice = await vscode.window.showInformationMessage(`${description.displayName} returned text (${text.length} characters).`, editor.selection.isEmpty ? 'Insert at Cursor' : 'Replace Selection', 'Show as JSON');
    if (choice === 'Insert at Cursor' || choice === 'Replace Selection') {
      await editor.edit((e) => (editor.selection.isEmpty ? e.insert(editor.selection.active, text) : e.replace(editor.selection, text)));
      return result;
    }
    if (!choice) return result;
  }
  await showReadOnlyJson(host, `${description.id}-${Date.now().toString(36)}.json`, JSON.stringify(items, null, 2));
  return result;
};

async function pickOperator(host: HostContext): Promise<{ description: OperatorDescription; params?: Record<string, JsonValue> } | undefined> {
  const all = host.operators.registry.descriptions();
  const byId = new Map(all.map((d) => [d.id, d]));
  const recent = host.extension.globalState.get<RecentRun[]>(RECENT_KEY, []).filter((r) => byId.has(r.operator));
  const items: PickItem[] = [];
  if (recent.length) {
    items.push({ label: 'Recent', kind: vscode.QuickPickItemKind.Separator });
    for (const r of recent) items.push({ label: `$(history) ${byId.get(r.operator)!.displayName}`, description: r.operator, detail: summarise(r.params), recent: r, description_: byId.get(r.operator) });
  }
  const categories = [...new Set(all.map((d) => d.category))].sort();
  for (const category of categories) {
    items.push({ label: category, kind: vscode.QuickPickItemKind.Separator });
    for (const d of all.filter((x) => x.category === category)) items.push({ label: `$(${d.icon}) ${d.displayName}`, description: d.id, detail: d.description, description_: d });
  }
  const pick = await vscode.window.showQuickPick(items, { title: 'Run Operator', placeHolder: 'Which operator? (type to search)', matchOnDescription: true, matchOnDetail: true });
  if (!pick?.description_) return undefined;
  return { description: pick.description_, params: pick.recent?.params };
}

/** Asks for each visible parameter, prefilled from the editor where the parameter takes a path or text. */
async function askParams(d: OperatorDescription, editor: vscode.TextEditor | undefined): Promise<Record<string, JsonValue> | undefined> {
  const values: Record<string, JsonValue> = {};
  const visible = (p: ParamDescription) => !p.showWhen || Object.entries(p.showWhen).every(([k, allowed]) => allowed.includes((values[k] ?? d.params.find((x) => x.name === k)?.default) as never));
  const params = d.params.filter((p) => p.type !== 'collection');
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (!visible(p)) continue;
    const title = `${d.displayName}: ${p.displayName ?? p.name} (${i + 1}/${params.length})`;
    const value = await askOne(p, title, prefill(p, editor));
    if (value === undefined) return undefined;
    if (value !== null) values[p.name] = value;
  }
  return values;
}

/** `undefined` cancels the whole command; `null` keeps the default. */
async function askOne(p: ParamDescription, title: string, preset: JsonValue | undefined): Promise<JsonValue | null | undefined> {
  const current = preset ?? p.default;
  if (p.type === 'boolean' || p.type === 'options') {
    const options = p.type === 'boolean' ? [{ value: true, label: 'Yes' }, { value: false, label: 'No' }] : (p.options ?? []);
    const pick = await vscode.window.showQuickPick(
      options.map((o) => ({ label: o.label ?? String(o.value), description: o.value === current ? '(default)' : o.description, value: o.value })),
      { title, placeHolder: p.description },
    );
    return pick ? pick.value : undefined;
  }
  const text = await vscode.window.showInputBox({
    title,
    prompt: `${p.description ?? ''}${p.required ? '' : ' (optional: leave as is for the default)'}`.trim(),
    value: current === undefined || current === null ? '' : typeof current === 'string' ? current : JSON.stringify(current),
    validateInput: (v) => validate(p, v),
  });
  if (text === undefined) return undefined;
  if (!text && !p.required) return null;
  if (p.type === 'number') return Number(text);
  if (p.type === 'json') return JSON.parse(text) as JsonValue;
  return text;
}

function validate(p: ParamDescription, v: string): string | undefined {
  if (!v && p.required) return `${p.displayName ?? p.name} is required`;
  if (!v) return undefined;
  if (p.type === 'number' && !Number.isFinite(Number(v))) return 'Enter a number';
  if (p.type === 'json') {
    try {
      JSON.parse(v);
    } catch (e) {
      return `Not JSON: ${(e as Error).message}`;
    }
  }
  return undefined;
}

function prefill(p: ParamDescription, editor: vscode.TextEditor | undefined): JsonValue | undefined {
  if (!editor) return undefined;
  if (p.type === 'path' && (p.name === 'path' || p.name === 'file')) return vscode.workspace.asRelativePath(editor.document.uri, false);
  if (['text', 'content', 'prompt', 'instructions', 'context'].includes(p.name)) return '={{ $json.text }}';
  return undefined;
}

function textOf(json: unknown): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  for (const key of ['text', 'code', 'content', 'analysis', 'stdout']) if (typeof o[key] === 'string') return o[key] as string;
  return undefined;
}

function summarise(params: Record<string, JsonValue>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ').slice(0, 120);
}

async function remember(host: HostContext, run: RecentRun): Promise<void> {
  const list = host.extension.globalState.get<RecentRun[]>(RECENT_KEY, []).filter((r) => JSON.stringify(r) !== JSON.stringify(run));
  await host.extension.globalState.update(RECENT_KEY, [run, ...list].slice(0, 10));
}

const RESULT_SCHEME = 'symphony-result';
const results = new Map<string, string>();
let provider: vscode.Disposable | undefined;

/** Shows text in a read-only editor: nothing to save, nothing asked when it closes. */
async function showReadOnlyJson(host: HostContext, name: string, text: string): Promise<void> {
  if (!provider) {
    provider = vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, { provideTextDocumentContent: (uri) => results.get(uri.path) ?? '' });
    host.extension.subscriptions.push(provider, { dispose: () => ((provider = undefined), results.clear()) });
  }
  const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${name}` });
  // Keep only the latest few results; older tabs show empty once evicted.
  results.set(uri.path, text);
  if (results.size > 20) results.delete(results.keys().next().value!);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

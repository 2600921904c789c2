import * as vscode from 'vscode';
import type { BaseExtension, ExtensionHost } from '../../core/extensions';
import { checkSettingValue, describeExpected, parseTypedInput } from './setting-values';
import type { ResolvedSetting, SubExtensionSettings } from './sub-extension-settings';

/**
 * What "Symphony: Edit Sub-extension Settings…" may be given: a tree row, or `{ extension,
 * setting?, value? }` from a key binding or a script (`value` sets it without asking; `null` resets it).
 */
export type EditSettingsArg = { kind: 'extension'; ext: BaseExtension } | { extension?: string; setting?: string; value?: unknown } | undefined;

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** The command: pick an extension, one of its settings, then a value from an input built from the declaration. */
export function editSettingsCommand(host: ExtensionHost, settings: SubExtensionSettings): (arg?: EditSettingsArg) => Promise<unknown> {
  return async (arg) => {
    const given = arg && 'kind' in arg ? { extension: arg.ext.id } : (arg ?? {});
    const withSettings = host.list().filter((e) => Object.keys(e.manifest.configuration.properties).length > 0);
    let extension = given.extension;
    if (!extension) {
      if (!withSettings.length) {
        void vscode.window.showInformationMessage('Symphony: no installed Symphony extension declares settings ([configuration] in its manifest).');
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(
        withSettings.map((e) => ({ label: e.manifest.package.display_name ?? e.id, description: e.id, detail: e.manifest.configuration.title ?? e.manifest.package.description, id: e.id })),
        { title: 'Edit Sub-extension Settings: Extension', placeHolder: 'Whose settings?' },
      );
      if (!pick) return undefined;
      extension = pick.id;
    }
    const ext = host.get(extension);
    if (!ext || !Object.keys(ext.manifest.configuration.properties).length) {
      void vscode.window.showWarningMessage(`Symphony: ${extension} ${ext ? 'declares no settings' : 'is not installed'}.`);
      return undefined;
    }
    let setting: ResolvedSetting | undefined = given.setting ? settings.resolve(ext.id, given.setting) : undefined;
    if (given.setting && !setting) {
      void vscode.window.showWarningMessage(`Symphony: ${ext.id} declares no setting "${given.setting}"; it declares ${Object.keys(ext.manifest.configuration.properties).join(', ')}.`);
      return undefined;
    }
    if (!setting) {
      const all = settings.checkAll(ext.id);
      const pick = await vscode.window.showQuickPick(
        all.map((s) => ({
          label: s.id,
          description: `${show(s.value)}${s.source === 'user' ? '' : ' (default)'}${s.problem ? ' — invalid value ignored' : ''}`,
          detail: s.decl.markdownDescription ?? s.decl.description,
          setting: s,
        })),
        { title: `Edit Sub-extension Settings: ${ext.id}`, placeHolder: 'Which setting?', matchOnDetail: true },
      );
      if (!pick) return undefined;
      setting = pick.setting;
    }
    const value = 'value' in given ? (given.value === null ? undefined : given.value) : await askValue(setting);
    if (value === CANCELLED) return undefined;
    if (value !== undefined) {
      const problem = checkSettingValue(setting.id, setting.decl, value);
      if (problem) {
        void vscode.window.showErrorMessage(`Symphony: ${problem.message}. Nothing was written.`);
        return undefined;
      }
    }
    try {
      await settings.write(setting.id, value);
    } catch (e) {
      void vscode.window.showErrorMessage(`Symphony: could not write ${setting.id}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    if (!('value' in given)) {
      const shown = value === undefined ? `back to its default ${show(setting.decl.default)}` : `to ${show(value)}`;
      void vscode.window.showInformationMessage(`Symphony: set ${setting.id} ${shown} in your settings.json.`, 'Open settings.json').then((a) => a && settings.open());
    }
    return value;
  };
}

const CANCELLED = Symbol('cancelled');

/** An input made from the declaration: a pick for enums and booleans, a validated box otherwise. */
async function askValue(s: ResolvedSetting): Promise<unknown> {
  const { decl } = s;
  const title = `${s.id} (${s.extension})`;
  const reset = { label: '$(discard) Reset to default', description: show(decl.default), reset: true as const };
  const choices = decl.enum ?? (decl.type === 'boolean' ? [true, false] : undefined);
  if (choices) {
    const pick = await vscode.window.showQuickPick(
      [
        ...choices.map((v, i) => ({ label: typeof v === 'string' ? v : JSON.stringify(v), description: `${JSON.stringify(v) === JSON.stringify(s.value) ? 'current' : ''}`, detail: decl.enumDescriptions?.[i], value: v })),
        ...(s.userValue !== undefined ? [reset] : []),
      ],
      { title, placeHolder: decl.description ?? describeExpected(decl) },
    );
    if (!pick) return CANCELLED;
    return 'reset' in pick ? undefined : pick.value;
  }
  if (s.userValue !== undefined) {
    const how = await vscode.window.showQuickPick([{ label: '$(edit) Change value…', reset: false }, { ...reset }], { title });
    if (!how) return CANCELLED;
    if (how.reset) return undefined;
  }
  const isString = decl.type === 'string';
  const text = await vscode.window.showInputBox({
    title,
    prompt: `${decl.description ?? ''}${decl.description ? ' — ' : ''}${describeExpected(decl)}`,
    value: s.value === null || s.value === undefined ? '' : isString && typeof s.value === 'string' ? s.value : JSON.stringify(s.value),
    validateInput: (input) => {
      const parsed = parseTypedInput(decl, input);
      if ('error' in parsed) return parsed.error;
      return checkSettingValue(s.id, decl, parsed.value)?.message;
    },
  });
  if (text === undefined) return CANCELLED;
  const parsed = parseTypedInput(decl, text);
  return 'error' in parsed ? CANCELLED : parsed.value;
}

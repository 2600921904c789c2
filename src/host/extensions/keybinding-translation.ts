// A sub-extension's `[[keybindings]]` as VS Code keybindings. VS Code reads key bindings only
// from package.json and keybindings.json, so they target the real command id the host registers
// for each sub-extension command: `symphony.ext.<extension>.<command>`. Pure (no `vscode`).
import type { EffectiveManifest } from '../../core/manifest';

/** One entry of VS Code's keybindings (package.json `contributes.keybindings` or keybindings.json). */
export interface VsKeybinding {
  key: string;
  command: string;
  mac?: string;
  linux?: string;
  win?: string;
  when?: string;
  args?: unknown;
}

/** The command id VS Code knows a sub-extension command by. */
export function hostCommandId(extension: string, command: string): string {
  return `symphony.ext.${extension}.${command}`;
}

const MODIFIERS = new Set(['ctrl', 'shift', 'alt', 'cmd', 'meta', 'win', 'option']);

/** Why a key combination will not work in VS Code, or undefined. Chords are space-separated. */
export function checkKey(key: string): string | undefined {
  const chords = key.trim().toLowerCase().split(/\s+/);
  if (chords.length > 2) return `"${key}" has ${chords.length} chords; VS Code allows at most two`;
  for (const chord of chords) {
    const parts = chord.split('+');
    const last = parts.pop();
    if (!last) return `"${key}" ends with "+"; name a key after the modifiers, e.g. "ctrl+alt+w"`;
    const bad = parts.find((p) => !MODIFIERS.has(p));
    if (bad) return `"${bad}" in "${key}" is not a modifier; use ctrl, shift, alt, cmd or win`;
    if (MODIFIERS.has(last)) return `"${key}" has only modifiers; add the key, e.g. "${chord}+w"`;
  }
  return undefined;
}

/** The translated bindings of one manifest, and one message per binding that could not be used. */
export function translateKeybindings(manifest: EffectiveManifest): { bindings: VsKeybinding[]; problems: string[] } {
  const bindings: VsKeybinding[] = [];
  const problems: string[] = [];
  const declared = new Set(manifest.commands.map((c) => c.id));
  manifest.keybindings.forEach((kb, i) => {
    const where = `${manifest.file}: keybindings[${i}]`;
    // The host's own id is accepted too, so a binding copied from keybindings.json still works.
    const prefix = `symphony.ext.${manifest.id}.`;
    const command = kb.command.startsWith(prefix) ? kb.command.slice(prefix.length) : kb.command;
    if (!declared.has(command)) {
      problems.push(`${where}: command "${kb.command}" is not one of this extension's [[commands]] (${[...declared].join(', ') || 'none'}); bind one of them`);
      return;
    }
    const bad = [kb.key, kb.mac, kb.linux, kb.win].filter((k): k is string => k !== undefined).map(checkKey).find(Boolean);
    if (bad) {
      problems.push(`${where}: ${bad}`);
      return;
    }
    const out: VsKeybinding = { key: kb.key, command: hostCommandId(manifest.id, command) };
    if (kb.mac) out.mac = kb.mac;
    if (kb.linux) out.linux = kb.linux;
    if (kb.win) out.win = kb.win;
    if (kb.when) out.when = kb.when;
    // Plain JSON: TOML tables arrive without a prototype.
    if (kb.args !== undefined) out.args = JSON.parse(JSON.stringify(kb.args)) as unknown;
    bindings.push(out);
  });
  return { bindings, problems };
}

/** The bindings not in `existing` yet (same key, command and when): adding twice changes nothing. */
export function missingBindings(wanted: readonly VsKeybinding[], existing: unknown): VsKeybinding[] {
  const have = new Set(
    (Array.isArray(existing) ? existing : [])
      .filter((e): e is VsKeybinding => typeof e === 'object' && e !== null && typeof (e as VsKeybinding).command === 'string')
      .map((e) => `${e.key}\u0000${e.command}\u0000${e.when ?? ''}`),
  );
  return wanted.filter((b) => !have.has(`${b.key}\u0000${b.command}\u0000${b.when ?? ''}`));
}

/** A line per binding for a confirmation dialog: `ctrl+alt+w → Greeter: Say Hello (when editorFocus)`. */
export function describeBinding(b: VsKeybinding, title: string): string {
  return `${b.key} → ${title}${b.when ? ` (when ${b.when})` : ''}`;
}

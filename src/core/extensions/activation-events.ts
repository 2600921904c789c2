import picomatch from 'picomatch';
import { channelMatcher } from '../bus/channel-pattern';
import type { EffectiveManifest } from '../manifest/index';

/** Something that happened which may wake extensions. */
export type ActivationTrigger =
  | { kind: 'startupFinished' }
  | { kind: 'command'; id: string }
  | { kind: 'melody'; operators: string[] }
  | { kind: 'workspaceContains'; files: string[] }
  | { kind: 'event'; name: string };

/**
 * An extension's activation events. Without any declared, a lazy extension wakes on its own
 * commands and operators (nothing of its code loads before); `lazy = false` means at startup.
 */
export class ActivationEvents {
  private readonly commands = new Set<string>();
  private readonly events = new Set<string>();
  /** `onEvent:` names with glob characters (`onEvent:git/*`), matched like bus channels. */
  private readonly eventGlobs: Array<(name: string) => boolean> = [];
  private readonly globs: Array<(file: string) => boolean> = [];
  private readonly operatorPrefix: string;
  private startup = false;
  private onMelody = false;

  constructor(manifest: EffectiveManifest) {
    this.operatorPrefix = `${manifest.id}.`;
    const declared = manifest.runtime.activation_events;
    for (const raw of declared) {
      const [kind, ...rest] = raw.split(':');
      const arg = rest.join(':');
      if (raw === '*' || kind === 'onStartupFinished') this.startup = true;
      else if (kind === 'onCommand' && arg) this.commands.add(arg);
      else if (kind === 'onMelody') this.onMelody = true;
      else if (kind === 'workspaceContains' && arg) this.globs.push(picomatch(arg, { dot: true }));
      else if (kind === 'onEvent' && arg) {
        if (/[*?[\]{}!]/.test(arg)) this.eventGlobs.push(channelMatcher(arg));
        else this.events.add(arg);
      }
    }
    if (!declared.length) {
      if (!manifest.runtime.lazy) this.startup = true;
      for (const c of manifest.commands) this.commands.add(c.id);
      if (manifest.type === 'operator' || manifest.board) this.onMelody = true;
    }
  }

  matches(trigger: ActivationTrigger): boolean {
    switch (trigger.kind) {
      case 'startupFinished':
        return this.startup;
      case 'command':
        return this.commands.has(trigger.id);
      case 'melody':
        return this.onMelody && trigger.operators.some((op) => op.startsWith(this.operatorPrefix));
      case 'workspaceContains':
        return this.globs.length > 0 && trigger.files.some((f) => this.globs.some((g) => g(f)));
      case 'event':
        return this.events.has(trigger.name) || this.eventGlobs.some((g) => g(trigger.name));
    }
  }

  /** The globs of `workspaceContains:` events, so the host can look for them once. */
  get watchesWorkspace(): boolean {
    return this.globs.length > 0;
  }
}

/** The known activation event forms, for validation messages. */
export const ACTIVATION_EVENT_FORMS = ['*', 'onStartupFinished', 'onCommand:<id>', 'onMelody', 'workspaceContains:<glob>', 'onEvent:<name>'];

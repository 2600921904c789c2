import { Emitter, type Event } from '../base/event';
import { SENSITIVE_PERMISSIONS, isPermissionName } from './permission-names';

/** The outcome of a permission check before any prompt: allowed, denied, or the user must be asked. */
export type Decision = 'allowed' | 'denied' | 'prompt';

/**
 * How much the user is asked. `strict`: declared and in scope is allowed, but a sensitive
 * permission is confirmed on every use; anything else is denied. `balanced` (default): the same,
 * but a sensitive permission is asked once and remembered. `permissive`: declared and in scope is
 * allowed without asking; undeclared or out-of-scope uses are asked instead of denied.
 */
export type PolicyName = 'strict' | 'balanced' | 'permissive';

export const POLICY_NAMES: readonly PolicyName[] = ['strict', 'balanced', 'permissive'];

/** The facts a policy decides on. */
export interface PolicyInput {
  permission: string;
  declared: boolean;
  inScope: boolean;
}

export function decide(policy: PolicyName, input: PolicyInput): Decision {
  const sensitive = isPermissionName(input.permission) && SENSITIVE_PERMISSIONS.has(input.permission);
  if (input.declared && input.inScope) {
    if (policy === 'permissive') return 'allowed';
    return sensitive ? 'prompt' : 'allowed';
  }
  return policy === 'permissive' ? 'prompt' : 'denied';
}

/** Whether a user's answer under this policy is remembered ("ask once") or asked again next time. */
export function remembersAnswers(policy: PolicyName): boolean {
  return policy !== 'strict';
}

/** One remembered answer. `target` is set when the answer covers only that target (an out-of-scope use). */
export interface Grant {
  extension: string;
  permission: string;
  target?: string;
  decision: 'allowed' | 'denied';
  time: string;
}

/** Where remembered answers live between sessions (VS Code global state in the editor; nothing in the CLI). */
export interface GrantStore {
  load(): Grant[];
  save(grants: Grant[]): void;
}

const key = (extension: string, permission: string, target?: string) => `${extension}\0${permission}\0${target ?? ''}`;

/** "Ask once" memory, per extension and permission, with revoke. */
export class GrantMemory {
  private readonly grants = new Map<string, Grant>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(private readonly store?: GrantStore) {
    for (const g of store?.load() ?? []) this.grants.set(key(g.extension, g.permission, g.target), g);
  }

  recall(extension: string, permission: string, target?: string): 'allowed' | 'denied' | undefined {
    return this.grants.get(key(extension, permission, target))?.decision;
  }

  remember(extension: string, permission: string, decision: 'allowed' | 'denied', target?: string): void {
    this.grants.set(key(extension, permission, target), { extension, permission, target, decision, time: new Date().toISOString() });
    this.persist();
  }

  /** Forgets answers for an extension (all of them, or one permission's). Returns how many were forgotten. */
  revoke(extension: string, permission?: string): number {
    let n = 0;
    for (const [k, g] of this.grants) {
      if (g.extension === extension && (permission === undefined || g.permission === permission)) {
        this.grants.delete(k);
        n++;
      }
    }
    if (n) this.persist();
    return n;
  }

  list(extension?: string): Grant[] {
    return [...this.grants.values()].filter((g) => extension === undefined || g.extension === extension);
  }

  private persist(): void {
    this.store?.save([...this.grants.values()]);
    this.changed.fire();
  }
}

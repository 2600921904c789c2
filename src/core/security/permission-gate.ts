import { toDisposable, type Disposable } from '../base/disposable';
import { AuditLog, type DecisionSource } from './audit-log';
import { PermissionDenied } from './permission-denied';
import { SENSITIVE_PERMISSIONS, isPermissionName } from './permission-names';
import { decide, GrantMemory, remembersAnswers, type PolicyName } from './permission-policy';
import type { PermissionSet } from './permission-set';

/** What the user is asked when a policy says `prompt`. */
export interface PermissionPrompt {
  extension: string;
  permission: string;
  target: string;
  declared: boolean;
  inScope: boolean;
  sensitive: boolean;
}

/** Asks the user (a modal in the editor). Resolves to their answer; rejecting counts as "deny". */
export type Prompter = (request: PermissionPrompt) => Promise<'allow' | 'deny'>;

export interface PermissionGateOptions {
  policy?: PolicyName;
  memory?: GrantMemory;
  /** Without a prompter (the CLI) a `prompt` decision is a denial. */
  prompter?: Prompter;
  audit?: AuditLog;
}

/** The result of a synchronous check: the decision and the canonical target it was made on. */
export interface GateCheck {
  decision: 'allowed' | 'denied' | 'prompt';
  target: string;
  declared: boolean;
  inScope: boolean;
  source: DecisionSource;
  error?: string;
}

/**
 * The single place where permission decisions are made: the extension's PermissionSet, the
 * policy, remembered answers and the user, with every final decision audited.
 */
export class PermissionGate {
  readonly audit: AuditLog;
  readonly memory: GrantMemory;
  private readonly sets = new Map<string, PermissionSet>();
  private policy: PolicyName;
  private readonly prompter: Prompter | undefined;
  private readonly inflightPrompts = new Map<string, Promise<'allow' | 'deny'>>();

  constructor(options: PermissionGateOptions = {}) {
    this.policy = options.policy ?? 'balanced';
    this.memory = options.memory ?? new GrantMemory();
    this.prompter = options.prompter;
    this.audit = options.audit ?? new AuditLog();
  }

  get policyName(): PolicyName {
    return this.policy;
  }

  setPolicy(policy: PolicyName): void {
    this.policy = policy;
  }

  /** Makes an extension's permissions known; disposing forgets them (its calls are then all denied). */
  register(extension: string, set: PermissionSet): Disposable {
    this.sets.set(extension, set);
    return toDisposable(() => {
      if (this.sets.get(extension) === set) this.sets.delete(extension);
    });
  }

  permissionsOf(extension: string): PermissionSet | undefined {
    return this.sets.get(extension);
  }

  /** Decides without asking anyone and without auditing: the fast path, also used by review screens. */
  check(extension: string, permission: string, rawTarget: string): GateCheck {
    const set = this.sets.get(extension);
    if (!set) return { decision: 'denied', target: rawTarget, declared: false, inScope: false, source: 'policy', error: 'the extension is not registered' };
    const scope = set.check(permission, rawTarget);
    if (scope.error) return { decision: 'denied', target: scope.target, declared: scope.declared, inScope: false, source: 'policy', error: scope.error };
    const decision = decide(this.policy, { permission, declared: scope.declared, inScope: scope.inScope });
    if (decision === 'prompt' && remembersAnswers(this.policy)) {
      const remembered = this.memory.recall(extension, permission, scope.inScope ? undefined : scope.target);
      if (remembered) return { decision: remembered, target: scope.target, declared: scope.declared, inScope: scope.inScope, source: 'memory' };
    }
    return { decision, target: scope.target, declared: scope.declared, inScope: scope.inScope, source: 'policy' };
  }

  /**
   * Resolves with the canonical target (e.g. the real path to open) when the use is allowed;
   * rejects with PermissionDenied otherwise. Asks the user when the policy says so.
   */
  async authorize(extension: string, permission: string, rawTarget: string): Promise<string> {
    const c = this.check(extension, permission, rawTarget);
    if (c.decision === 'allowed') {
      this.record(extension, permission, c.target, 'allowed', c.source);
      return c.target;
    }
    if (c.decision === 'denied') {
      const reason = c.error ?? this.denialReason(extension, permission, c);
      this.record(extension, permission, c.target, 'denied', c.source, reason);
      throw new PermissionDenied(extension, permission, c.target, reason);
    }
    if (!this.prompter) {
      const reason = c.declared && c.inScope
        ? `"${permission}" needs the user's confirmation and there is no one to ask here`
        : this.denialReason(extension, permission, c);
      this.record(extension, permission, c.target, 'denied', 'no-prompter', reason);
      throw new PermissionDenied(extension, permission, c.target, reason);
    }
    const memoryTarget = c.inScope ? undefined : c.target;
    const answer = await this.ask({
      extension, permission, target: c.target, declared: c.declared, inScope: c.inScope,
      sensitive: isPermissionName(permission) && SENSITIVE_PERMISSIONS.has(permission),
    });
    const decision = answer === 'allow' ? 'allowed' : 'denied';
    if (remembersAnswers(this.policy)) this.memory.remember(extension, permission, decision, memoryTarget);
    if (decision === 'denied') {
      const reason = 'the user refused it';
      this.record(extension, permission, c.target, 'denied', 'user', reason);
      throw new PermissionDenied(extension, permission, c.target, reason);
    }
    this.record(extension, permission, c.target, 'allowed', 'user');
    return c.target;
  }

  private ask(request: PermissionPrompt): Promise<'allow' | 'deny'> {
    // Concurrent uses of one permission share one question instead of stacking dialogs.
    const k = `${request.extension}\0${request.permission}\0${request.inScope ? '' : request.target}`;
    let pending = this.inflightPrompts.get(k);
    if (!pending) {
      pending = this.prompter!(request).catch(() => 'deny' as const).finally(() => this.inflightPrompts.delete(k));
      this.inflightPrompts.set(k, pending);
    }
    return pending;
  }

  private denialReason(extension: string, permission: string, c: GateCheck): string {
    if (c.source === 'memory') return `the user denied "${permission}" earlier; revoke that answer from the Symphony Extensions view to be asked again`;
    if (!c.declared) return `the manifest of "${extension}" does not declare "${permission}"; add it to [security] permissions if the extension needs it`;
    return `"${c.target}" is outside the scopes declared for "${permission}" in the manifest of "${extension}"`;
  }

  private record(extension: string, permission: string, target: string, decision: 'allowed' | 'denied', source: DecisionSource, reason?: string): void {
    this.audit.record({ extension, permission, target, decision, source, policy: this.policy, reason });
  }
}

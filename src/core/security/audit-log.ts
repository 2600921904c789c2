import * as fs from 'node:fs';
import * as path from 'node:path';
import { Emitter, type Event } from '../base/event';
import type { Disposable } from '../base/disposable';

/** How a decision was reached: the policy alone, a remembered answer, the user just now, or nobody to ask. */
export type DecisionSource = 'policy' | 'memory' | 'user' | 'no-prompter';

/** One audited permission decision. */
export interface AuditEntry {
  time: string;
  extension: string;
  permission: string;
  target: string;
  decision: 'allowed' | 'denied';
  source: DecisionSource;
  policy: string;
  reason?: string;
}

/** Every permission decision passes through here; listeners (an output channel, a file) record them. */
export class AuditLog implements Disposable {
  private readonly emitter = new Emitter<AuditEntry>();
  readonly onDidRecord: Event<AuditEntry> = this.emitter.event;

  record(entry: Omit<AuditEntry, 'time'>): void {
    this.emitter.fire({ time: new Date().toISOString(), ...entry });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/**
 * Appends audit entries to a JSON-lines file. Writes are buffered and flushed on a short timer so
 * that a permission check never waits on the disk.
 */
export class JsonLinesAuditWriter implements Disposable {
  private buffer: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: Disposable;

  constructor(
    readonly file: string,
    log: AuditLog,
    private readonly flushDelayMs = 200,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.subscription = log.onDidRecord((e) => this.push(e));
  }

  private push(entry: AuditEntry): void {
    this.buffer.push(JSON.stringify(entry));
    this.timer ??= setTimeout(() => this.flush(), this.flushDelayMs);
    this.timer.unref?.();
  }

  /** Writes what is buffered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer.length) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    fs.appendFileSync(this.file, text, { mode: 0o600 });
  }

  dispose(): void {
    this.subscription.dispose();
    this.flush();
  }
}

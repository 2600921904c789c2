import fs from 'node:fs';
import path from 'node:path';
import type { BusMessage } from './bus-message';
import { channelMatcher } from './channel-pattern';

interface ChannelLog {
  entries: BusMessage[];
  nextOffset: number;
  acks: Record<string, number>;
  appendedSinceCompaction: number;
}

export interface DurableLogOptions {
  /** Messages kept per channel; past it the oldest go even if unacknowledged (counted in `lost`). */
  maxEntries?: number;
}

/**
 * Keeps the messages of durable channels in an append-only JSON-lines file per channel, with each
 * consumer's last acknowledged offset beside it. Delivery is at-least-once: a message is
 * redelivered until its consumer acknowledges it. Compaction drops what every consumer has
 * acknowledged and bounds the file.
 */
export class DurableLog {
  private readonly channels = new Map<string, ChannelLog>();
  private readonly maxEntries: number;
  /** Unacknowledged messages dropped by the bound, per channel. */
  readonly lost = new Map<string, number>();

  constructor(
    private readonly dir: string,
    options: DurableLogOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    fs.mkdirSync(dir, { recursive: true });
  }

  append(message: BusMessage): number {
    const log = this.load(message.channel);
    const offset = log.nextOffset++;
    const entry: BusMessage = { ...message, offset };
    log.entries.push(entry);
    fs.appendFileSync(this.file(message.channel, 'log'), JSON.stringify(entry) + '\n');
    if (++log.appendedSinceCompaction >= Math.max(16, this.maxEntries / 2)) this.compact(message.channel);
    return offset;
  }

  ack(channel: string, consumer: string, offset: number): void {
    const log = this.load(channel);
    if ((log.acks[consumer] ?? -1) >= offset) return;
    log.acks[consumer] = offset;
    writeAtomic(this.file(channel, 'acks.json'), JSON.stringify(log.acks));
  }

  /** Messages on channels matching `pattern` that `consumer` has not acknowledged, oldest first. */
  unacknowledged(pattern: string, consumer: string): BusMessage[] {
    const matches = channelMatcher(pattern);
    const out: BusMessage[] = [];
    for (const channel of this.knownChannels()) {
      if (!matches(channel)) continue;
      const log = this.load(channel);
      const acked = log.acks[consumer] ?? -1;
      if (!(consumer in log.acks)) {
        // Register the consumer so compaction keeps what it has not seen yet.
        log.acks[consumer] = -1;
        writeAtomic(this.file(channel, 'acks.json'), JSON.stringify(log.acks));
      }
      for (const m of log.entries) if ((m.offset ?? -1) > acked) out.push(m);
    }
    return out;
  }

  /** Drops acknowledged messages and enforces the bound, rewriting the file atomically. */
  compact(channel: string): void {
    const log = this.load(channel);
    const consumers = Object.values(log.acks);
    const floor = consumers.length ? Math.min(...consumers) : log.nextOffset - 1;
    let kept = log.entries.filter((m) => (m.offset ?? -1) > floor);
    if (kept.length > this.maxEntries) {
      this.lost.set(channel, (this.lost.get(channel) ?? 0) + kept.length - this.maxEntries);
      kept = kept.slice(kept.length - this.maxEntries);
    }
    log.entries = kept;
    log.appendedSinceCompaction = 0;
    writeAtomic(this.file(channel, 'log'), kept.map((m) => JSON.stringify(m) + '\n').join(''));
    writeAtomic(this.file(channel, 'meta.json'), JSON.stringify({ nextOffset: log.nextOffset }));
  }

  /** How many messages a channel's log holds now. */
  size(channel: string): number {
    return this.load(channel).entries.length;
  }

  private knownChannels(): Set<string> {
    const names = new Set(this.channels.keys());
    for (const f of fs.readdirSync(this.dir)) if (f.endsWith('.log')) names.add(decodeURIComponent(f.slice(0, -4)));
    return names;
  }

  private load(channel: string): ChannelLog {
    let log = this.channels.get(channel);
    if (log) return log;
    const entries: BusMessage[] = [];
    const logFile = this.file(channel, 'log');
    if (fs.existsSync(logFile)) {
      for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          entries.push(JSON.parse(line) as BusMessage);
        } catch {
          // A torn last line from a crash mid-append: everything before it is intact.
        }
      }
    }
    const meta = readJson<{ nextOffset?: number }>(this.file(channel, 'meta.json')) ?? {};
    const lastOffset = entries.length ? (entries[entries.length - 1]!.offset ?? -1) : -1;
    log = {
      entries,
      nextOffset: Math.max(meta.nextOffset ?? 0, lastOffset + 1),
      acks: readJson<Record<string, number>>(this.file(channel, 'acks.json')) ?? {},
      appendedSinceCompaction: 0,
    };
    this.channels.set(channel, log);
    return log;
  }

  private file(channel: string, suffix: string): string {
    return path.join(this.dir, `${encodeURIComponent(channel)}.${suffix}`);
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

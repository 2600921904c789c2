import type { Writable } from 'node:stream';

/**
 * Content-Length framing (`Content-Length: N\r\n\r\n` then N bytes of UTF-8 JSON), byte-compatible
 * with vscode-jsonrpc's stream reader and writer. Ours parses synchronously, straight from the chunks
 * the pipe delivers: vscode-jsonrpc's reader decodes each message through a semaphore and two awaits
 * and then queues it for a setImmediate, which is most of a small call's round trip.
 */

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** More header bytes than this without a blank line means the stream is not framed at all. */
const MAX_HEADER_BYTES = 8 * 1024;

/** Splits a byte stream into frame bodies; a malformed header reports once and stops the reader. */
export class FrameReader {
  private head: Buffer | undefined;
  private bodyLength = -1;
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private failed = false;

  constructor(
    private readonly onFrame: (body: Buffer) => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Feeds the next chunk; calls onFrame for every body it completes, in order. */
  push(chunk: Buffer): void {
    let data = chunk;
    let offset = 0;
    while (!this.failed) {
      if (this.bodyLength < 0) {
        if (this.head) {
          data = Buffer.concat([this.head, data.subarray(offset)]);
          offset = 0;
          this.head = undefined;
        }
        const end = data.indexOf(HEADER_END, offset);
        if (end < 0) {
          const rest = data.length - offset;
          if (rest > MAX_HEADER_BYTES) return this.fail(`no end of header within ${MAX_HEADER_BYTES} bytes: ${preview(data, offset)}`);
          // A copy, so a partial header never pins a large chunk in memory.
          if (rest > 0) this.head = Buffer.from(data.subarray(offset));
          return;
        }
        const length = contentLength(data.toString('latin1', offset, end));
        if (typeof length === 'string') return this.fail(length);
        this.bodyLength = length;
        offset = end + HEADER_END.length;
      }
      const need = this.bodyLength - this.partsBytes;
      const available = data.length - offset;
      if (available < need) {
        // Large bodies arrive in many chunks: keep them and join once, not once per chunk.
        if (available > 0) {
          this.parts.push(offset === 0 ? data : data.subarray(offset));
          this.partsBytes += available;
        }
        return;
      }
      let body = data.subarray(offset, offset + need);
      offset += need;
      if (this.partsBytes > 0) {
        this.parts.push(body);
        body = Buffer.concat(this.parts, this.bodyLength);
        this.parts = [];
        this.partsBytes = 0;
      }
      this.bodyLength = -1;
      this.onFrame(body);
      if (offset === data.length) return;
    }
  }

  private fail(message: string): void {
    this.failed = true;
    this.head = undefined;
    this.parts = [];
    this.onError(message);
  }
}

const DIGITS = /^\d+$/;

/** The Content-Length of a header block, or why the block is not a valid header. */
function contentLength(block: string): number | string {
  if (block.startsWith('Content-Length: ')) {
    // The usual header, and the only one the worker writes: digits after the name, nothing else.
    const digits = block.slice(16);
    if (DIGITS.test(digits) && digits.length < 16) return Number(digits);
  }
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `header line without "name: value": ${JSON.stringify(line.slice(0, 80))}`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    length = DIGITS.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(length)) return `Content-Length is not a number: ${JSON.stringify(value.slice(0, 40))}`;
  }
  return length ?? `header without Content-Length: ${JSON.stringify(block.slice(0, 80))}`;
}

function preview(data: Buffer, offset: number): string {
  return JSON.stringify(data.toString('utf8', offset, Math.min(data.length, offset + 80)));
}

/**
 * Writes one message (already JSON text) as one frame in one stream write, so header and body
 * leave in the same syscall and nothing waits for a flush in between.
 */
export function writeFrame(stream: Writable, json: string): boolean {
  const bodyBytes = Buffer.byteLength(json, 'utf8');
  const header = `Content-Length: ${bodyBytes}\r\n\r\n`;
  const frame = Buffer.allocUnsafe(header.length + bodyBytes);
  frame.write(header, 0, 'latin1');
  frame.write(json, header.length, 'utf8');
  return stream.write(frame);
}

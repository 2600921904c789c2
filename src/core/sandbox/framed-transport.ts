// vscode-jsonrpc's MessageConnection over our own Content-Length framing. Its stock stream reader
// decodes every message through a semaphore and two awaits, and its writer writes header and body
// as two writes behind another semaphore; on a small call those are a good part of the round trip.
// These parse each frame synchronously from the pipe's chunks and write each message in one write.
import type { Readable, Writable } from 'node:stream';
import { AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Disposable, type Message } from 'vscode-jsonrpc';
import { FrameReader, writeFrame } from '../base/content-length-framing';

/** Reads framed JSON-RPC messages from a stream; a malformed frame is reported once as an error and reading stops. */
export class FramedMessageReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;
  private readonly frames: FrameReader;
  private broken = false;

  constructor(private readonly stream: Readable) {
    super();
    this.frames = new FrameReader(
      (body) => this.deliver(body),
      (message) => this.corrupt(`the stream is not framed JSON-RPC (${message})`),
    );
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.frames.push(chunk);
    const onError = (e: Error) => this.fireError(e);
    const onClose = () => this.fireClose();
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('end', onClose);
    this.stream.on('close', onClose);
    return {
      dispose: () => {
        this.callback = undefined;
        this.stream.off('data', onData);
        this.stream.off('error', onError);
        this.stream.off('end', onClose);
        this.stream.off('close', onClose);
      },
    };
  }

  private deliver(body: Buffer): void {
    if (this.broken) return;
    let message: Message;
    try {
      message = JSON.parse(body.toString('utf8')) as Message;
    } catch (e) {
      this.corrupt(`a frame is not JSON (${e instanceof Error ? e.message : String(e)}): ${JSON.stringify(body.toString('utf8', 0, 80))}`);
      return;
    }
    this.callback?.(message);
  }

  private corrupt(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    this.fireError(new Error(reason));
  }
}

/** Writes each JSON-RPC message as one frame in one write; a failed write is reported as an error. */
export class FramedMessageWriter extends AbstractMessageWriter {
  private errors = 0;

  constructor(private readonly stream: Writable) {
    super();
    this.stream.on('error', (e: Error) => this.fireError(e));
    this.stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    try {
      writeFrame(this.stream, JSON.stringify(msg));
      return Promise.resolve();
    } catch (e) {
      this.errors++;
      this.fireError(e, msg, this.errors);
      return Promise.reject(e);
    }
  }

  end(): void {
    this.stream.end();
  }
}

import type { Writable } from 'node:stream';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-jsonrpc/node';

/**
 * Writes each JSON-RPC message as one Content-Length frame in a single stream write. The stock
 * StreamMessageWriter writes the header, waits for it to flush, then writes the body: two
 * syscalls and an event-loop turn per message, which is most of a small call's round trip.
 */
export class FramedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly stream: Writable) {
    super();
    stream.on('error', (err: Error) => this.fireError(err));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    const header = Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii');
    return new Promise((resolve, reject) => {
      const done = (err?: Error | null) => {
        if (!err) return resolve();
        this.fireError(err, msg, ++this.errors);
        reject(err);
      };
      if (body.length < 65_536) {
        this.stream.write(Buffer.concat([header, body]), done);
      } else {
        // Large bodies are not copied again; corking still sends header and body together.
        this.stream.cork();
        this.stream.write(header);
        this.stream.write(body, done);
        process.nextTick(() => this.stream.uncork());
      }
    });
  }

  end(): void {
    this.stream.end();
  }
}

// Input requests from running nodes that wait for an answer, until answered or the run stops.
import type { JsonValue } from '../operators/operator';
import type { InputRequest } from './run-options';

/** One pending request's promise callbacks. */
export interface InputWait {
  resolve(value: JsonValue): void;
  reject(error: Error): void;
}

/** The input requests of one run that no one has answered yet, by request id. */
export class InputWaits {
  private readonly waits = new Map<string, InputWait>();
  private nextRequest = 0;

  constructor(private readonly runId: string) {}

  get size(): number {
    return this.waits.size;
  }

  /** A new request with an id unique within the run. */
  request(nodeId: string, prompt: string): InputRequest {
    return { requestId: `${this.runId}:${++this.nextRequest}`, nodeId, prompt };
  }

  /** Registers the request as pending; the promise settles on take()'s caller or rejectAll(). */
  wait(requestId: string): Promise<JsonValue> {
    return new Promise<JsonValue>((resolve, reject) => {
      this.waits.set(requestId, { resolve, reject });
    });
  }

  /** Removes and returns a pending request, or undefined if it is not pending. */
  take(requestId: string): InputWait | undefined {
    const wait = this.waits.get(requestId);
    if (wait) this.waits.delete(requestId);
    return wait;
  }

  /** Fails every pending request, each with its own error from makeError, e.g. when the run stops. */
  rejectAll(makeError: () => Error): void {
    for (const wait of this.waits.values()) wait.reject(makeError());
    this.waits.clear();
  }
}

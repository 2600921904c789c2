// The floor of a round trip over stdio pipes: a child that answers each Content-Length frame and
// does nothing else. Benchmarks of the sandbox and the Python worker print it beside their own
// figures, so what the machine costs is told apart from what Symphony costs.
import { spawn } from 'node:child_process';

/** A running echo child: `call` sends one request frame and resolves when its answer arrives. */
export interface FramedEcho {
  pid: number | undefined;
  call(i: number): Promise<void>;
  stop(): void;
}

/** Starts `command args…` (an echo loop reading frames on stdin) and talks to it one frame at a time. */
export function startFramedEcho(command: string, args: string[], request: (i: number) => unknown): FramedEcho {
  const child = spawn(command, args, { env: {}, stdio: ['pipe', 'pipe', 'inherit'] });
  let buffered = Buffer.alloc(0);
  let answered: (() => void) | undefined;
  child.stdout!.on('data', (d: Buffer) => {
    buffered = Buffer.concat([buffered, d]);
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) return;
    const n = Number(buffered.toString('latin1', 16, end));
    if (buffered.length < end + 4 + n) return;
    buffered = buffered.subarray(end + 4 + n);
    answered?.();
  });
  return {
    pid: child.pid,
    call: (i) =>
      new Promise<void>((resolve) => {
        answered = resolve;
        const body = JSON.stringify(request(i));
        child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }),
    stop: () => child.kill(),
  };
}

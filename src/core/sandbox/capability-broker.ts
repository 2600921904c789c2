// The host side of every capability a sub-extension can use. A broker is built for one extension
// alone: each call's arguments are validated with zod, its target is checked by the permission
// gate (real paths, hosts, commands, names, channels), and only then is the work done here, in
// the host, never in the sandbox.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { Disposable } from '../base/disposable';
import type { PermissionGate } from '../security/permission-gate';
import { SandboxError } from './sandbox-error';
import type { CapabilityCall, SandboxErrorCode } from './sandbox-protocol';
import type { HostServices, ServiceDescription } from './host-services';

const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;

const pathArg = z.string().min(1).max(4096);
const json: z.ZodType<unknown> = z.unknown();

const schemas: Record<CapabilityCall, z.ZodType<unknown[]>> = {
  'fs.read': z.tuple([pathArg, z.object({ encoding: z.enum(['utf8', 'base64']).optional() }).nullish()]),
  'fs.write': z.tuple([pathArg, z.string().max(MAX_FILE_BYTES), z.object({ encoding: z.enum(['utf8', 'base64']).optional(), append: z.boolean().optional() }).nullish()]),
  'net.http': z.tuple([
    z.union([z.string().min(1).max(8192), z.object({ url: z.string().min(1).max(8192) }).passthrough()]),
    z.object({
      method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).optional(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.string().max(MAX_FILE_BYTES).optional(),
      timeoutMs: z.number().int().positive().max(300_000).optional(),
    }).nullish(),
  ]),
  'process.spawn': z.tuple([z.string().min(1).max(1024), z.array(z.string().max(32_768)).max(1000).nullish(), z.object({ input: z.string().max(MAX_OUTPUT_BYTES).optional(), timeoutMs: z.number().int().positive().max(600_000).optional() }).nullish()]),
  'env.read': z.tuple([z.string().min(1).max(256)]),
  'bus.publish': z.tuple([z.string().min(1).max(256), json]),
  'bus.subscribe': z.tuple([z.string().min(1).max(256), z.number().int().positive()]),
  'bus.unsubscribe': z.tuple([z.number().int().positive()]),
  'clipboard.read': z.tuple([]),
  'clipboard.write': z.tuple([z.string().max(MAX_OUTPUT_BYTES)]),
  'ai.invoke': z.tuple([z.object({
    prompt: z.string().max(1_000_000).optional(),
    messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })).optional(),
    model: z.string().max(200).optional(),
    maxTokens: z.number().int().positive().optional(),
  })]),
  'workspace.edit': z.tuple([z.record(z.string(), z.unknown())]),
  'ui.panel': z.tuple([z.record(z.string(), z.unknown())]),
  'ui.message': z.tuple([z.string().max(10_000), z.enum(['info', 'warning', 'error']).nullish()]),
  'settings.get': z.tuple([z.string().min(1).max(256)]),
  // Looks a service up for `symphony.services.get`; the calls themselves travel as `bus.publish` on `service/**`.
  'services.get': z.tuple([z.string().min(1).max(256), z.string().min(1).max(256).nullish()]),
};

/** Delivers a bus message to the guest's handler (through the sandbox connection). */
export type BusDelivery = (subscription: number, channel: string, data: unknown) => void;

export interface BrokerContext {
  extension: string;
  gate: PermissionGate;
  services: HostServices;
  workspaceRoot: string;
  deliver: BusDelivery;
}

function unavailable(what: string): SandboxError {
  return new SandboxError('Unavailable', `${what} is not available here (no editor attached); run the command inside VS Code`);
}

/** The capabilities of one extension. `handle` is what the sandbox connection calls. */
export class CapabilityBroker implements Disposable {
  private readonly subscriptions = new Map<number, Disposable>();

  constructor(private readonly c: BrokerContext) {}

  /** Validates, authorizes and runs one capability call. Rejects with a SandboxError. */
  async handle(name: string, rawArgs: unknown): Promise<unknown> {
    const schema = schemas[name as CapabilityCall];
    if (!schema) throw new SandboxError('InvalidArguments', `"${name}" is not a capability of the symphony API`);
    const args = Array.isArray(rawArgs) ? trimTrailingNulls(rawArgs) : rawArgs;
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (argument ${issue.path.join('.')})` : '';
      throw new SandboxError('InvalidArguments', `symphony.${name}: ${issue?.message ?? 'invalid arguments'}${where}`);
    }
    try {
      return await this.run(name as CapabilityCall, parsed.data);
    } catch (e) {
      if (e instanceof SandboxError) throw e;
      const err = SandboxError.from(e, 'CapabilityFailed');
      if (err.code === 'PermissionDenied') throw err;
      throw new SandboxError('CapabilityFailed', `symphony.${name} failed: ${err.message}`);
    }
  }

  private authorize(permission: string, target: string): Promise<string> {
    return this.c.gate.authorize(this.c.extension, permission, target);
  }

  private async run(name: CapabilityCall, a: unknown[]): Promise<unknown> {
    const { services, extension } = this.c;
    switch (name) {
      case 'fs.read': {
        const real = await this.authorize('fs.read', a[0] as string);
        return readFileNoFollow(real, (a[1] as { encoding?: 'utf8' | 'base64' } | null)?.encoding ?? 'utf8');
      }
      case 'fs.write': {
        const real = await this.authorize('fs.write', a[0] as string);
        const opts = (a[2] as { encoding?: 'utf8' | 'base64'; append?: boolean } | null) ?? {};
        await writeFileNoFollow(real, Buffer.from(a[1] as string, opts.encoding ?? 'utf8'), opts.append ?? false);
        return null;
      }
      case 'net.http':
        return this.http(a[0] as string | { url: string }, (a[1] as HttpOptions | null) ?? {});
      case 'process.spawn': {
        await this.authorize('process.spawn', a[0] as string);
        return runProcess(a[0] as string, (a[1] as string[] | null) ?? [], this.c.workspaceRoot, (a[2] as SpawnOptions | null) ?? {});
      }
      case 'env.read': {
        await this.authorize('env.read', a[0] as string);
        return (services.env ?? process.env)[a[0] as string] ?? null;
      }
      case 'bus.publish': {
        await this.authorize('bus.publish', a[0] as string);
        const call = serviceCall(a[0] as string);
        if (call) {
          // A publish on a service channel is a request: it resolves with the provider's answer.
          if (!services.services) throw unavailable('services of other extensions');
          return (await services.services.call(extension, call.name, call.method, a[1], { provider: call.provider }).catch(rethrowWithCode)) ?? null;
        }
        if (!services.bus) throw unavailable('the message bus');
        services.bus.publish(extension, a[0] as string, a[1]);
        return null;
      }
      case 'bus.subscribe': {
        await this.authorize('bus.subscribe', a[0] as string);
        if (!services.bus) throw unavailable('the message bus');
        const id = a[1] as number;
        this.subscriptions.get(id)?.dispose();
        this.subscriptions.set(id, services.bus.subscribe(extension, a[0] as string, (m) => this.c.deliver(id, m.channel, m.data)));
        return null;
      }
      case 'bus.unsubscribe':
        this.subscriptions.get(a[0] as number)?.dispose();
        this.subscriptions.delete(a[0] as number);
        return null;
      case 'clipboard.read':
        await this.authorize('clipboard.read', '');
        if (!services.clipboard) throw unavailable('the clipboard');
        return services.clipboard.read();
      case 'clipboard.write':
        await this.authorize('clipboard.write', '');
        if (!services.clipboard) throw unavailable('the clipboard');
        await services.clipboard.write(a[0] as string);
        return null;
      case 'ai.invoke': {
        const request = a[0] as { model?: string };
        await this.authorize('ai.invoke', request.model ?? '');
        if (!services.ai) throw unavailable('AI models');
        return (await services.ai.invoke(extension, request)) ?? null;
      }
      case 'workspace.edit':
        await this.authorize('workspace.edit', '');
        if (!services.workspace) throw unavailable('workspace editing');
        return (await services.workspace.edit(extension, a[0])) ?? null;
      case 'ui.panel':
        await this.authorize('ui.panel', '');
        if (!services.ui?.panel) throw unavailable('panels');
        return (await services.ui.panel(extension, a[0])) ?? null;
      case 'ui.message':
        // Messages need no permission: the editor shows the extension's name with them.
        if (!services.ui?.message) return null;
        return (await services.ui.message(extension, a[0] as string, (a[1] as 'info' | null) ?? 'info')) ?? null;
      case 'settings.get':
        return services.settings?.get(extension, a[0] as string) ?? null;
      case 'services.get': {
        if (!services.services) throw unavailable('services of other extensions');
        const name = a[0] as string;
        let found: ServiceDescription;
        try {
          found = services.services.describe(extension, name, (a[1] as string | null) ?? undefined);
        } catch (e) {
          return rethrowWithCode(e);
        }
        // The consumer must be able to call it at all: the same check each of its calls passes.
        for (const method of found.methods) await this.authorize('bus.publish', `service/${name}/${method}/${found.provider}`);
        return found;
      }
    }
  }

  private async http(request: string | { url: string }, options: HttpOptions): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    let url = typeof request === 'string' ? request : request.url;
    // Redirects are followed by hand so that every hop is checked against net.http.
    for (let hop = 0; ; hop++) {
      await this.authorize('net.http', url);
      const response = await fetch(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
        await response.body?.cancel();
        url = new URL(location, url).toString();
        continue;
      }
      const body = await readCapped(response, MAX_FILE_BYTES);
      return { status: response.status, headers: Object.fromEntries(response.headers), body };
    }
  }

  dispose(): void {
    for (const s of this.subscriptions.values()) s.dispose();
    this.subscriptions.clear();
  }
}

interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

interface SpawnOptions {
  input?: string;
  timeoutMs?: number;
}

/**
 * Keeps the bus's own code (ServiceUnavailable, Timeout, ResponderFailed…) on errors from
 * services, so guests can tell a missing provider from a failed call by `err.code`.
 */
function rethrowWithCode(e: unknown): never {
  const o = e as { code?: unknown; message?: unknown; details?: { permission?: unknown; target?: unknown } } | undefined;
  if (e instanceof Error && typeof o?.code === 'string' && /^[A-Z][A-Za-z]+$/.test(o.code)) {
    const d = o.details ?? {};
    throw new SandboxError(o.code as SandboxErrorCode, e.message, typeof d.permission === 'string' ? d.permission : undefined, typeof d.target === 'string' ? d.target : undefined);
  }
  throw e;
}

/** `service/<name>/<method>[/<provider>]` as a service call, or undefined for ordinary channels. */
function serviceCall(channel: string): { name: string; method: string; provider?: string } | undefined {
  if (!channel.startsWith('service/')) return undefined;
  const parts = channel.split('/');
  if (parts.length !== 3 && parts.length !== 4) return undefined;
  return { name: parts[1]!, method: parts[2]!, provider: parts[3] };
}

function trimTrailingNulls(args: unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === null) end--;
  return args.slice(0, end);
}

async function readCapped(response: Response, max: number): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > max) throw new SandboxError('CapabilityFailed', `the response is ${length} bytes, over the ${max}-byte limit`);
  const buf = Buffer.from(await response.arrayBuffer());
  if (buf.length > max) throw new SandboxError('CapabilityFailed', `the response is over the ${max}-byte limit`);
  return buf.toString('utf8');
}

// O_NOFOLLOW refuses a symlink swapped in at the last component after the permission check.
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

async function readFileNoFollow(real: string, encoding: 'utf8' | 'base64'): Promise<string> {
  const handle = await fs.promises.open(real, fs.constants.O_RDONLY | NOFOLLOW);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SandboxError('CapabilityFailed', `"${real}" is not a file`);
    if (stat.size > MAX_FILE_BYTES) throw new SandboxError('CapabilityFailed', `"${real}" is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
    return (await handle.readFile()).toString(encoding);
  } finally {
    await handle.close();
  }
}

async function writeFileNoFollow(real: string, data: Buffer, append: boolean): Promise<void> {
  await fs.promises.mkdir(path.dirname(real), { recursive: true });
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | NOFOLLOW | (append ? fs.constants.O_APPEND : fs.constants.O_TRUNC);
  const handle = await fs.promises.open(real, flags, 0o644);
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

function runProcess(command: string, args: string[], cwd: string, options: SpawnOptions): Promise<{ exitCode: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No shell, and an environment without the editor's secrets.
    const env: Record<string, string> = {};
    for (const k of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SystemRoot']) if (process.env[k]) env[k] = process.env[k]!;
    const child = spawn(command, args, { cwd, env, shell: false, windowsHide: true, timeout: options.timeoutMs ?? 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) child.kill('SIGKILL');
      else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e) => reject(new SandboxError('CapabilityFailed', `could not start "${command}": ${e.message}`)));
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

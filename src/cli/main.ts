import { type CliContext, ExitCode, UsageError } from './cli-context';
import { verbs } from './verbs/index';
import { SYMPHONY_VERSION } from '../core/version';

function help(): string {
  const lines = Object.entries(verbs).map(([name, v]) => `  ${name.padEnd(12)} ${v.summary}`);
  return [
    `symphony ${SYMPHONY_VERSION} — run and check Symphony melodies and extensions`,
    '',
    'usage: symphony <verb> [options]   (every verb takes --json)',
    '',
    ...lines,
    '',
    'symphony <verb> --help shows a verb\'s options.',
  ].join('\n');
}

export async function main(argv: string[], io: Pick<CliContext, 'stdout' | 'stderr' | 'cwd'>): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help() + '\n');
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${SYMPHONY_VERSION}\n`);
    return ExitCode.ok;
  }
  const verb = verbs[name];
  if (!verb) {
    io.stderr(`symphony: unknown verb "${name}"\n\n${help()}\n`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: ${verb.usage}\n\n${verb.summary}\n`);
    return ExitCode.ok;
  }
  try {
    return await verb.run({ ...io, args: rest });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`symphony ${name}: ${e.message}\nusage: ${verb.usage}\n`);
      return ExitCode.usage;
    }
    io.stderr(`symphony ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return ExitCode.failed;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`symphony: ${String(e)}\n`);
      process.exitCode = ExitCode.failed;
    },
  );
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { LOG_LEVELS } from '../logging/logger';

/** What the command line asks for. */
export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  /** Validate `file` (and the environment) and exit, binding no port. */
  | { readonly kind: 'check-config'; readonly file: string }
  /** Serve with the config file `file`; undefined = demo mode. */
  | { readonly kind: 'serve'; readonly file: string | undefined };

/** A command line the service does not take: exit status 2, the message and a hint to `--help` on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit statuses of the process. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

const OPTIONS = {
  config: { type: 'string' },
  'check-config': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** The environment variables the service reads (besides those a config file names as `env:NAME`), as `--help` and docs/configuration.md list them. */
export const ENVIRONMENT_VARIABLES: readonly { readonly name: string; readonly meaning: string }[] = [
  { name: 'EXPORTS_CONFIG', meaning: 'the config file, when --config is not given; neither: demo mode' },
  { name: 'PORT', meaning: "demo mode's port, an integer from 0 to 65535 (default 4000; with a config file, server.port)" },
  { name: 'HOST', meaning: "demo mode's interface (default 127.0.0.1; with a config file, server.host)" },
  { name: 'LOG_LEVEL', meaning: `the log level, one of ${LOG_LEVELS.join(', ')} (default info)` },
  {
    name: 'EXPORTS_DEMO_SPEED',
    meaning: "runs the demo's simulated task clock N times faster, a number above 0 up to 1000 (default 1)",
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    meaning: "OpenTelemetry trace export: the collector's OTLP/HTTP base URL, spans to <it>/v1/traces (unset: no tracing)",
  },
  { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', meaning: 'the OTLP encoding: http/protobuf (default) or http/json' },
  { name: 'OTEL_SERVICE_NAME', meaning: 'the service.name of the spans (default cloud-export-tasks); other OTEL_* as the README says' },
];

/** The text of `--help`. */
export function usage(): string {
  const width = Math.max(...ENVIRONMENT_VARIABLES.map((v) => v.name.length)) + 2;
  return [
    'Usage: node dist/src/main.js [--config FILE | --check-config FILE | --help | --version]',
    '',
    'One GraphQL API over the export-task progress APIs of Alibaba Cloud, Tencent Cloud and Huawei Cloud.',
    '',
    'Options:',
    '  --config FILE, --config=FILE  serve with the JSON config file FILE (docs/configuration.md)',
    '  --check-config FILE           validate FILE and the environment, print every problem, and exit',
    '                                (env: references are read from the environment; no port is bound)',
    '  -h, --help                    print this help and exit',
    '  --version                     print the version and exit',
    '  (none)                        serve with EXPORTS_CONFIG, or without it in demo mode (emulated',
    '                                providers on loopback, auth off: for trying the service only)',
    '',
    'Environment:',
    ...ENVIRONMENT_VARIABLES.map((v) => `  ${v.name.padEnd(width)}${v.meaning}`),
    '',
    'Exit status: 0 served and stopped, or the configuration is valid; 1 an invalid configuration or a',
    'failed start; 2 a command line it does not take.',
    '',
  ].join('\n');
}

/** The version of package.json. */
export function version(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}

/**
 * Reads the command line (`process.argv.slice(2)`), strictly: an unknown option (`--cofig`, `-c`) or a
 * stray argument is a `UsageError` naming every one of them, never a silent fall back to demo mode.
 */
export function parseCommandLine(args: readonly string[], env: NodeJS.ProcessEnv): Command {
  // Every unknown option and stray argument at once, by name (a strict parse stops at the first).
  const { tokens } = parseArgs({ args: [...args], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const t of tokens) {
    if (t.kind === 'option' && !(t.name in OPTIONS)) problems.push(`unknown option ${t.rawName}`);
    else if (t.kind === 'option') counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    else if (t.kind === 'positional') problems.push(`unexpected argument ${JSON.stringify(t.value)}`);
  }
  for (const [name, n] of counts) if (n > 1) problems.push(`--${name} given ${n} times`);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  let values: { config?: string; 'check-config'?: string; help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    // A missing value (`--config` last, or followed by another option), or a value given to a flag.
    const message = (e as Error).message.split('\n')[0]!;
    throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1));
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const check = values['check-config'];
  if (check !== undefined) {
    if (values.config !== undefined) throw new UsageError('--check-config and --config go alone: give one of them');
    if (check === '') throw new UsageError('--check-config: expected a file name');
    return { kind: 'check-config', file: check };
  }
  if (values.config !== undefined) {
    if (values.config === '') throw new UsageError('--config: expected a file name');
    return { kind: 'serve', file: values.config };
  }
  return { kind: 'serve', file: env['EXPORTS_CONFIG'] || undefined };
}

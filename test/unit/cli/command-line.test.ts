import { ENVIRONMENT_VARIABLES, parseCommandLine, usage, UsageError, version } from '../../../src/cli/command-line';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseCommandLine(args, env);
const usageError = (args: string[]) => {
  try {
    parse(args);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`${args.join(' ')} was accepted`);
};

describe('the command line', () => {
  it.each([
    [['--config', 'c.json'], { kind: 'serve', file: 'c.json' }],
    [['--config=c.json'], { kind: 'serve', file: 'c.json' }],
    [['--check-config', 'c.json'], { kind: 'check-config', file: 'c.json' }],
    [['--check-config=c.json'], { kind: 'check-config', file: 'c.json' }],
    [['--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
    [['--version'], { kind: 'version' }],
    [[], { kind: 'serve', file: undefined }],
  ])('%j', (args, command) => {
    expect(parse(args)).toEqual(command);
  });

  it('takes EXPORTS_CONFIG when --config is not given, and --config over it', () => {
    expect(parse([], { EXPORTS_CONFIG: 'e.json' })).toEqual({ kind: 'serve', file: 'e.json' });
    expect(parse(['--config', 'c.json'], { EXPORTS_CONFIG: 'e.json' })).toEqual({ kind: 'serve', file: 'c.json' });
    expect(parse([], { EXPORTS_CONFIG: '' })).toEqual({ kind: 'serve', file: undefined });
  });

  it.each([
    [['--cofig', 'x.json'], 'unknown option --cofig; unexpected argument "x.json"'],
    [['-c', 'x.json'], 'unknown option -c; unexpected argument "x.json"'],
    [['--config=x.json', '--verbose', '-v'], 'unknown option --verbose; unknown option -v'],
    [['x.json'], 'unexpected argument "x.json"'],
    [['--config', 'a.json', '--config', 'b.json'], '--config given 2 times'],
    [['--config'], "option '--config <value>' argument missing"],
    [['--config', '--help'], "option '--config' argument is ambiguous."],
    [['--help=yes'], "option '-h, --help' does not take an argument"],
    [['--config='], '--config: expected a file name'],
    [['--check-config', 'a.json', '--config', 'b.json'], '--check-config and --config go alone: give one of them'],
  ])('refuses %j naming what it does not take', (args, message) => {
    expect(usageError(args)).toBe(message);
  });

  it('--help lists every option and every environment variable', () => {
    const text = usage();
    for (const flag of ['--config FILE', '--check-config FILE', '-h, --help', '--version']) expect(text).toContain(flag);
    for (const name of [
      'EXPORTS_CONFIG',
      'PORT',
      'HOST',
      'LOG_LEVEL',
      'EXPORTS_DEMO_SPEED',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
    ]) {
      expect(ENVIRONMENT_VARIABLES.map((v) => v.name)).toContain(name);
      expect(text).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect(text).toContain('http/protobuf (default) or http/json');
  });

  it('--version is the package version', () => {
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

import { readEnvironment } from '../../../src/config/environment';

describe('the environment variables', () => {
  it('defaults', () => {
    expect(readEnvironment({})).toEqual({ environment: { port: 4000, host: '127.0.0.1', logLevel: 'info' }, issues: [] });
    expect(readEnvironment({ PORT: '0', HOST: '::', LOG_LEVEL: 'silent' }).environment).toEqual({
      port: 0,
      host: '::',
      logLevel: 'silent',
    });
  });

  it('reports every bad one at once, and reads it as its default', () => {
    const { environment, issues } = readEnvironment({ PORT: '40OO', HOST: 'a host', LOG_LEVEL: 'verbose' });
    expect(environment).toEqual({ port: 4000, host: '127.0.0.1', logLevel: 'info' });
    expect(issues.map((i) => i.message)).toEqual([
      'PORT: expected an integer from 0 to 65535, but got "40OO"',
      'HOST: expected a host name or an IP address to listen on, but got "a host"',
      'LOG_LEVEL: expected one of trace, debug, info, warn, error, fatal, silent, but got "verbose"',
    ]);
    expect(readEnvironment({ PORT: '65536' }).issues.map((i) => i.path)).toEqual(['PORT']);
  });
});

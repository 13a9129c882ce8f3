import { loadStartConfiguration } from '../../../src/cli/configuration';
import { ConfigError } from '../../../src/options/config-error';

/** The messages of the `ConfigError` that `loadStartConfiguration` throws for `env` (demo mode: no file). */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadStartConfiguration(undefined, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('the start configuration: every problem of the environment at once', () => {
  it('reports a bad trace export, a bad demo speed and a bad port together', () => {
    const found = problems({
      PORT: 'eighty',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      EXPORTS_DEMO_SPEED: 'fast',
    });
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^PORT: expected an integer/);
    expect(found.find((m) => m.startsWith('OTEL_EXPORTER_OTLP_PROTOCOL:'))).toBeDefined();
    expect(found.find((m) => m.startsWith('EXPORTS_DEMO_SPEED:'))).toBeDefined();
  });

  it('accepts a good environment: demo mode without a file', () => {
    const start = loadStartConfiguration(undefined, { EXPORTS_DEMO_SPEED: '60', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    // Without an endpoint nothing is exported, so the protocol is not read.
    expect(start.config).toBeUndefined();
    expect(start.environment.port).toBe(4000);
  });
});

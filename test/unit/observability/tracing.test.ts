import { trace } from '@opentelemetry/api';

import { activeTracer, startOperationSpan } from '../../../src/observability/trace';
import { startTracing, tracingSettings } from '../../../src/observability/tracing';
import { ConfigError } from '../../../src/options/config-error';

describe('tracingSettings: the standard OTEL_* variables', () => {
  it('is off without an OTLP endpoint, and when disabled', () => {
    expect(tracingSettings({})).toBeUndefined();
    expect(tracingSettings({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('posts to <base>/v1/traces, or to the traces endpoint as given; http/protobuf by default', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      endpoint: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      serviceName: 'cloud-export-tasks',
      resourceAttributes: {},
      sampler: 'parentbased_always_on',
      samplerArg: 1,
    });
    expect(
      tracingSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example.com/custom/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'exports-eu',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=data%20platform',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }),
    ).toEqual({
      endpoint: 'https://otlp.example.com/custom/traces',
      protocol: 'http/json',
      serviceName: 'exports-eu',
      resourceAttributes: { 'deployment.environment': 'prod', team: 'data platform' },
      sampler: 'parentbased_traceidratio',
      samplerArg: 0.25,
    });
    // The signal's own protocol variable wins over the general one.
    expect(
      tracingSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      })?.protocol,
    ).toBe('http/json');
  });

  it.each([
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      /^OTEL_EXPORTER_OTLP_PROTOCOL: expected "http\/protobuf" \(the default\) or "http\/json", but got "grpc"/,
    ],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'thrift' }, /^OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: .*"thrift"/],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, /^OTEL_TRACES_SAMPLER: expected one of always_on, .*"sometimes"/],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }, /^OTEL_TRACES_SAMPLER_ARG: expected a ratio from 0 to 1/],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, /^OTEL_TRACES_EXPORTER: expected "otlp" or "none"/],
  ])('refuses %j at start-up with a ConfigError naming the variable', (extra, message) => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', ...extra };
    expect(() => tracingSettings(env)).toThrow(ConfigError);
    expect(() => tracingSettings(env)).toThrow(message);
  });

  it('refuses an endpoint that is no http(s) URL, naming the variable it came from', () => {
    expect(() => tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' })).toThrow(
      /^OTEL_EXPORTER_OTLP_ENDPOINT: expected an http/,
    );
    expect(() => tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' })).toThrow(/^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: /);
  });
});

describe('startTracing without an OTLP endpoint', () => {
  it('starts nothing: no tracer, no global provider, no span for an operation', async () => {
    const tracing = await startTracing({ env: {} });
    expect(tracing.enabled).toBe(false);
    expect(tracing.settings).toBeUndefined();
    expect(activeTracer()).toBeUndefined();
    // The API's global provider is still its no-op proxy, with nothing behind it.
    expect(trace.getTracerProvider().constructor.name).toBe('ProxyTracerProvider');
    expect((trace.getTracerProvider() as unknown as { getDelegate(): object }).getDelegate().constructor.name).toBe('NoopTracerProvider');
    expect(startOperationSpan('http', 'team-a', 'r-1', { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` })).toBeUndefined();
    await tracing.flush();
    await tracing.shutdown();
  });
});

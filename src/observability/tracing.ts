import { diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace';

import type { Logger } from '../logging/logger';
import { ConfigError, configIssue } from '../options/config-error';
import { setActiveTracer } from './trace';

/** The OTLP encodings over HTTP the service exports in. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** Tracing as configured by the standard `OTEL_*` variables; undefined fields mean tracing is off. */
export interface TracingSettings {
  /** Where spans are posted: the full traces URL (`…/v1/traces`). */
  readonly endpoint: string;
  readonly protocol: OtlpProtocol;
  readonly serviceName: string;
  /** `OTEL_RESOURCE_ATTRIBUTES`, parsed. */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** `OTEL_TRACES_SAMPLER` (lower case) and its argument. */
  readonly sampler: string;
  readonly samplerArg: number;
}

/** Running tracing (or the no-op when it is off), as `main.ts` holds it. */
export interface Tracing {
  /** Whether spans are made and exported. */
  readonly enabled: boolean;
  /** The settings it runs with; undefined when off. */
  readonly settings: TracingSettings | undefined;
  /** Exports every span ended so far (tests; nothing while off). */
  flush(): Promise<void>;
  /**
   * Exports the spans still queued and stops, within `timeoutMs` (default 2,000) whatever the collector
   * does; then no more spans are made. Idempotent.
   */
  shutdown(timeoutMs?: number): Promise<void>;
}

const OFF: Tracing = { enabled: false, settings: undefined, flush: async () => {}, shutdown: async () => {} };

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

/** The default `service.name`. */
export const DEFAULT_SERVICE_NAME = 'cloud-export-tasks';

/**
 * Reads the tracing settings from `env`: undefined (tracing off) unless `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
 * (the traces URL, used as is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL, `/v1/traces` appended) is set,
 * or when `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`. A value the service cannot honour (a
 * `grpc` protocol, an endpoint that is no http(s) URL, an unknown sampler) is a `ConfigError` naming the variable.
 */
export function tracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings | undefined {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  if (value('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const exporter = value('OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (exporter === 'none') return undefined;
  if (exporter !== undefined && exporter !== 'otlp')
    throw invalid('OTEL_TRACES_EXPORTER', '"otlp" or "none"', `"${env['OTEL_TRACES_EXPORTER']}"`);

  const tracesEndpoint = value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseEndpoint = value('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (tracesEndpoint === undefined && baseEndpoint === undefined) return undefined;
  const endpointVariable = tracesEndpoint !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const endpoint = tracesEndpoint ?? `${baseEndpoint!.replace(/\/+$/, '')}/v1/traces`;
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw invalid(endpointVariable, 'an http:// or https:// URL', `"${env[endpointVariable]}"`);

  const protocolVariable =
    value('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = value(protocolVariable) ?? 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json')
    throw invalid(
      protocolVariable,
      '"http/protobuf" (the default) or "http/json"',
      `"${protocol}"` +
        (protocol === 'grpc' ? ': OTLP over gRPC is not built in; point the variable at a collector’s OTLP/HTTP port (4318)' : ''),
    );

  const sampler = (value('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on').toLowerCase();
  if (!SAMPLERS.includes(sampler)) throw invalid('OTEL_TRACES_SAMPLER', `one of ${SAMPLERS.join(', ')}`, `"${env['OTEL_TRACES_SAMPLER']}"`);
  const argText = value('OTEL_TRACES_SAMPLER_ARG');
  const samplerArg = argText === undefined ? 1 : Number(argText);
  if (!Number.isFinite(samplerArg) || samplerArg < 0 || samplerArg > 1)
    throw invalid('OTEL_TRACES_SAMPLER_ARG', 'a ratio from 0 to 1', `"${argText}"`);

  const resourceAttributes: Record<string, string> = {};
  for (const pair of (value('OTEL_RESOURCE_ATTRIBUTES') ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    try {
      resourceAttributes[decodeURIComponent(pair.slice(0, eq).trim())] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw invalid(
        'OTEL_RESOURCE_ATTRIBUTES',
        'percent-encoded key=value pairs',
        `"${pair}"`,
        `OTEL_RESOURCE_ATTRIBUTES: "${pair}" is not a percent-encoded key=value pair`,
      );
    }
  }
  const serviceName = value('OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? DEFAULT_SERVICE_NAME;
  return { endpoint: url.href, protocol, serviceName, resourceAttributes, sampler, samplerArg };
}

/** Options of `startTracing`. */
export interface StartTracingOptions {
  /** Where the `OTEL_*` variables are read; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Where export failures are logged (warn); default nowhere. */
  readonly logger?: Logger;
  /**
   * Where spans go instead of the OTLP exporter (in-process tests: the OTLP exporters load `http` with a
   * dynamic `import()`, which Jest's module sandbox refuses). The `OTEL_*` variables still decide whether
   * tracing is on.
   */
  readonly exporter?: SpanExporter;
}

/**
 * Starts tracing when `env` configures an OTLP endpoint (`tracingSettings`); otherwise returns the no-op
 * `Tracing` without loading the SDK, and the service makes no span at all. When on, the SDK and the
 * exporter of the configured protocol are loaded here (and only here), spans are batched (5 s, 512 a
 * batch) and posted to the endpoint, and failures to export are logged at warn through `logger`.
 */
export async function startTracing(options: StartTracingOptions = {}): Promise<Tracing> {
  const settings = tracingSettings(options.env ?? process.env);
  if (!settings) return OFF;
  const [sdk, core, resources, exporterModule] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    settings.protocol === 'http/json'
      ? import('@opentelemetry/exporter-trace-otlp-http')
      : import('@opentelemetry/exporter-trace-otlp-proto'),
  ]);
  const logger = options.logger;
  if (logger) {
    const warn = (message: string, ...args: unknown[]) =>
      logger.warn({ otel: args.map(String).join(' ') || undefined }, `tracing: ${message}`);
    diag.setLogger({ error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  }
  const exporter = options.exporter ?? new exporterModule.OTLPTraceExporter({ url: settings.endpoint });
  const ratio = (): Sampler => new sdk.TraceIdRatioBasedSampler(settings.samplerArg);
  const samplers: Record<string, () => Sampler> = {
    always_on: () => new sdk.AlwaysOnSampler(),
    always_off: () => new sdk.AlwaysOffSampler(),
    traceidratio: ratio,
    parentbased_always_on: () => new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() }),
    parentbased_always_off: () => new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() }),
    parentbased_traceidratio: () => new sdk.ParentBasedSampler({ root: ratio() }),
  };
  const provider = new sdk.TracerProvider({
    resource: resources.resourceFromAttributes({
      ...settings.resourceAttributes,
      'service.name': settings.serviceName,
    }),
    sampler: samplers[settings.sampler]!(),
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter })],
  });
  const propagator = new core.W3CTraceContextPropagator();
  // Registered globally too, for anything else in the process that uses the API; the service's own spans
  // go through `activeTracer()`.
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(propagator);
  setActiveTracer(provider.getTracer('cloud-export-tasks'), propagator);
  logger?.info(
    { endpoint: settings.endpoint, protocol: settings.protocol, serviceName: settings.serviceName },
    'tracing on: exporting OTLP spans',
  );

  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    settings,
    flush: () => provider.forceFlush(),
    shutdown(timeoutMs = 2000) {
      return (stopping ??= (async () => {
        setActiveTracer(undefined);
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), timeoutMs)));
        const outcome = await Promise.race([
          provider.shutdown().then(
            () => 'flushed' as const,
            () => 'failed' as const,
          ),
          deadline,
        ]);
        clearTimeout(timer);
        if (outcome !== 'flushed') logger?.warn({ timeoutMs, outcome }, 'tracing: the last spans may not have been exported');
        trace.disable();
        propagation.disable();
        diag.disable();
      })());
    },
  };
}

/** One bad variable as a configuration problem: named by the variable, so it joins the file's problems as they are. */
function invalid(variable: string, expected: string, got: string, message?: string): ConfigError {
  return new ConfigError([configIssue(variable, expected, got, message)]);
}

import {
  type Attributes,
  type Context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  trace,
  type Tracer,
} from '@opentelemetry/api';

/**
 * The spans the service makes, and the one switch that says whether it makes any. Only the
 * `@opentelemetry/api` is loaded here (the SDK is loaded by `tracing.ts`, and only when an OTLP endpoint is
 * configured): while tracing is off `activeTracer()` is undefined and every helper below returns at once,
 * so an operation pays one `undefined` check per hook and nothing else.
 *
 * Spans are passed explicitly (an operation's on its context, `CallOrigin.span` down to the gateway), not
 * through an AsyncLocalStorage context manager: no async-hooks cost on every promise, and a call shared by
 * several operations (the task cache's in-flight read) belongs, visibly, to the one that started it.
 */

let tracer: Tracer | undefined;
let propagator: TextMapPropagator | undefined;

/** The service's tracer while tracing is on; undefined when it is off (no endpoint configured). */
export function activeTracer(): Tracer | undefined {
  return tracer;
}

/** Turns tracing on (`tracing.ts`, once the SDK is set up) or off again (`undefined`, on shutdown). */
export function setActiveTracer(t: Tracer | undefined, p?: TextMapPropagator): void {
  tracer = t;
  propagator = t ? p : undefined;
}

/** Attribute names of the service's own (not in the semantic conventions). */
export const Attr = {
  TENANT: 'exports.tenant',
  REQUEST_ID: 'exports.request_id',
  TRANSPORT: 'exports.transport',
  OUTCOME: 'exports.outcome',
  ERROR_CODES: 'exports.error_codes',
  PROVIDER: 'exports.provider',
  TASK: 'exports.task',
  PROVIDER_REQUEST_ID: 'exports.provider_request_id',
  PROVIDER_CODE: 'exports.provider_code',
  RETRY: 'exports.retry',
  BUDGET_WAIT_MS: 'exports.budget_wait_ms',
  CHANGED: 'exports.changed',
} as const;

/**
 * Who an upstream call is made for, passed down with it to the gateway: the operation's request id (for
 * the `upstream call` log lines) and, while tracing, the span its attempts are children of (the
 * operation's SERVER span, or a poll's span).
 */
export interface CallOrigin {
  /** The operation's request id (`x-request-id`); absent for polls. */
  readonly requestId?: string | undefined;
  /** The parent of the call's attempt spans; only while tracing. */
  readonly span?: Span | undefined;
}

/** A carrier of W3C trace context: HTTP headers (lower-case names), or a subscribe message's extensions. */
export type TraceCarrier = Readonly<Record<string, unknown>>;

const getter = {
  keys: (carrier: TraceCarrier) => Object.keys(carrier),
  get: (carrier: TraceCarrier, key: string): string | string[] | undefined => {
    const v = carrier[key];
    return typeof v === 'string' || Array.isArray(v) ? (v as string | string[]) : undefined;
  },
};

/**
 * Starts the SERVER span of one GraphQL operation over `transport` (`http`, `sse`, `multipart`,
 * `websocket`), continuing the W3C `traceparent`/`tracestate` of the first carrier that has one (a
 * subscribe message's extensions, then its socket's upgrade headers; or the HTTP request's headers);
 * undefined while tracing is off. Named `graphql` until `describeOperation` knows the operation.
 */
export function startOperationSpan(
  transport: string,
  tenantId: string,
  requestId: string,
  first: TraceCarrier | undefined,
  second?: TraceCarrier,
): Span | undefined {
  const t = tracer;
  if (!t) return undefined;
  const carrier = first && typeof first['traceparent'] === 'string' ? first : second;
  const parent: Context =
    carrier && typeof carrier['traceparent'] === 'string'
      ? (propagator ?? propagation).extract(ROOT_CONTEXT, carrier, getter)
      : ROOT_CONTEXT;
  const attributes: Attributes = { [Attr.TRANSPORT]: transport, [Attr.TENANT]: tenantId, [Attr.REQUEST_ID]: requestId };
  return t.startSpan('graphql', { kind: SpanKind.SERVER, attributes }, parent);
}

/** What is known of an operation when it ends. */
export interface OperationEnding {
  readonly name: string | null;
  readonly type: string | null;
  /** `ok`, `partial` (data and errors), `error`. */
  readonly outcome: string;
  /** The distinct error codes of its errors. */
  readonly codes: readonly string[];
}

/**
 * Names an operation's span `<type> <name>` (as the GraphQL semantic conventions do) and records its
 * outcome, error codes and, for `error`, an error status; the span is ended by its transport.
 */
export function describeOperation(span: Span | undefined, ending: OperationEnding): void {
  if (!span) return;
  span.updateName(ending.type ? (ending.name ? `${ending.type} ${ending.name}` : ending.type) : 'graphql');
  if (ending.name) span.setAttribute('graphql.operation.name', ending.name);
  if (ending.type) span.setAttribute('graphql.operation.type', ending.type);
  span.setAttribute(Attr.OUTCOME, ending.outcome);
  if (ending.codes.length > 0) span.setAttribute(Attr.ERROR_CODES, [...ending.codes]);
  if (ending.outcome === 'error') failSpan(span, ending.codes.join(',') || 'ERROR');
}

/**
 * Starts the CLIENT span `<provider> <operation>` of one upstream attempt (`retry` 0 for the first), child
 * of `origin.span` (or a root span); undefined while tracing is off.
 */
export function startAttemptSpan(
  origin: CallOrigin | undefined,
  provider: string,
  operation: string,
  tenantId: string,
  retry: number,
  task: string | undefined,
): Span | undefined {
  const t = tracer;
  if (!t) return undefined;
  const parent = origin?.span ? trace.setSpan(ROOT_CONTEXT, origin.span) : ROOT_CONTEXT;
  const attributes: Attributes = { [Attr.PROVIDER]: provider, [Attr.TENANT]: tenantId, [Attr.RETRY]: retry };
  if (task) attributes[Attr.TASK] = task;
  if (origin?.requestId) attributes[Attr.REQUEST_ID] = origin.requestId;
  return t.startSpan(`${provider} ${operation}`, { kind: SpanKind.CLIENT, attributes }, parent);
}

/** Starts the span of one poll of a live task, a root span (a task's poller outlives the subscriptions that watch it). */
export function startPollSpan(attributes: Attributes | undefined): Span | undefined {
  const t = tracer;
  if (!t) return undefined;
  return t.startSpan('poll', { kind: SpanKind.INTERNAL, attributes, root: true }, ROOT_CONTEXT);
}

/**
 * Links `span` (a reader's) to the span of the origin that started a shared upstream read it joined: the
 * read's attempt spans are in the starter's trace, and the link leads there.
 */
export function linkSharedRead(span: Span | undefined, starter: CallOrigin | undefined, task: string): void {
  if (!span || !starter?.span || starter.span === span) return;
  const link: Link = { context: starter.span.spanContext(), attributes: { 'exports.link': 'shared upstream read', [Attr.TASK]: task } };
  span.addLink(link);
}

/** Gives a span an error status and `error.type`: a code, never a message (which might quote a provider). */
export function failSpan(span: Span, code: string): void {
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

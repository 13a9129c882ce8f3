import { performance } from 'node:perf_hooks';

import type { Span } from '@opentelemetry/api';
import type { GraphQLError } from 'graphql';

import { ErrorCode } from '../errors/error-code';
import type { OperationOrigin } from '../graphql/context';
import type { Logger } from '../logging/logger';
import { describeOperation, startOperationSpan, type TraceCarrier } from '../observability/trace';
import type { PreparedOperation } from './operation-preparer';

/**
 * One operation of a streaming transport (SSE, multipart, WebSocket), from its admission to its end: its
 * request id and, while tracing, its SERVER span; at its end one `graphql operation` log line, as the
 * operation-log plugin writes for the plain HTTP path (with `transport` and the stream's duration).
 * The outcome is `error` for an operation refused at admission (with its codes), or one whose results
 * carried errors with no data (`partial` with data); a subscription whose events carried errors says so.
 */
export class OperationRecord {
  readonly origin: OperationOrigin;
  private readonly started = performance.now();
  private name: string | null = null;
  private type: string | null = null;
  private codes: Set<string> | undefined;
  private withData = false;
  private ended = false;

  constructor(
    private readonly logger: Logger,
    readonly transport: 'sse' | 'multipart' | 'websocket',
    readonly tenantId: string,
    requestId: string,
    /** Where a `traceparent` may come from, first first. */
    first: TraceCarrier | undefined,
    second?: TraceCarrier,
    /** More fields of the log line (a WebSocket's connection request id, the operation's id on it). */
    private readonly fields?: Readonly<Record<string, unknown>>,
  ) {
    const span = startOperationSpan(transport, tenantId, requestId, first, second);
    this.origin = span ? { requestId, span } : { requestId };
  }

  get requestId(): string {
    return this.origin.requestId;
  }

  get span(): Span | undefined {
    return this.origin.span;
  }

  /** What admission made of it: the operation it runs, or the errors that refused it. */
  admitted(prepared: PreparedOperation | readonly GraphQLError[], operationName?: unknown): void {
    if (isRefusal(prepared)) {
      this.name = typeof operationName === 'string' ? operationName : null;
      for (const e of prepared) this.addCode(e.extensions['code']);
    } else {
      this.name = prepared.name;
      this.type = prepared.kind;
    }
  }

  /** Notes a result it sent (errors are counted by code; data makes a failure partial). */
  result(errors: readonly { readonly extensions?: Readonly<Record<string, unknown>> }[] | undefined, hasData: boolean): void {
    if (hasData) this.withData = true;
    if (errors) for (const e of errors) this.addCode(e.extensions?.['code']);
  }

  /** Logs the operation's line and ends its span; once. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const codes = this.codes ? [...this.codes] : [];
    const outcome = codes.length === 0 ? 'ok' : this.withData ? 'partial' : 'error';
    const seconds = (performance.now() - this.started) / 1000;
    this.logger.info(
      {
        requestId: this.requestId,
        tenant: this.tenantId,
        transport: this.transport,
        ...this.fields,
        operation: this.name,
        type: this.type,
        outcome,
        durationMs: Math.round(seconds * 10_000) / 10,
        ...(codes.length > 0 ? { errorCodes: codes } : {}),
      },
      'graphql operation',
    );
    const span = this.origin.span;
    if (span) {
      describeOperation(span, { name: this.name, type: this.type, outcome, codes });
      span.end();
    }
  }

  private addCode(code: unknown): void {
    (this.codes ??= new Set()).add(typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR);
  }
}

function isRefusal(operation: PreparedOperation | readonly GraphQLError[]): operation is readonly GraphQLError[] {
  return Array.isArray(operation);
}

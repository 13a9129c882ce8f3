/**
 * The error vocabulary: every error the service emits carries one of these in `extensions.code`
 * (GraphQL) or `errors[0].extensions.code` (an HTTP error body); every failure inside the service is
 * classified into one of them.
 */
export enum ErrorCode {
  // About the data asked for (the README's error table).
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  PROVIDER_NOT_CONFIGURED = 'PROVIDER_NOT_CONFIGURED',
  UNSUPPORTED_OPERATION = 'UNSUPPORTED_OPERATION',
  NOT_FOUND = 'NOT_FOUND',
  /**
   * The configured endpoint does not serve the action or version (Alibaba `InvalidAction.NotFound`, Tencent
   * `InvalidAction`, Huawei `APIGW.0101`, a redirect or a bare 404 from something in between), or the account
   * has not authorised the service: an operator must fix the configuration; retrying cannot help.
   */
  PROVIDER_MISCONFIGURED = 'PROVIDER_MISCONFIGURED',
  PROVIDER_AUTH_FAILED = 'PROVIDER_AUTH_FAILED',
  PROVIDER_FORBIDDEN = 'PROVIDER_FORBIDDEN',
  PROVIDER_RATE_LIMITED = 'PROVIDER_RATE_LIMITED',
  PROVIDER_UNAVAILABLE = 'PROVIDER_UNAVAILABLE',
  PROVIDER_TIMEOUT = 'PROVIDER_TIMEOUT',
  PROVIDER_BAD_RESPONSE = 'PROVIDER_BAD_RESPONSE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  // About the request itself, before any data is read (Apollo Server's codes, and this service's own).
  /** The HTTP request or WebSocket message is malformed (body, JSON, fields). */
  BAD_REQUEST = 'BAD_REQUEST',
  /** The query text does not parse. */
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  /** The query does not validate against the schema or the operation limits. */
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** The tenant started more operations than its incoming rate limit allows (HTTP 429). */
  RATE_LIMITED = 'RATE_LIMITED',
  /** No such HTTP route (HTTP 404): GraphQL is served on `/graphql`. */
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  /** The server is shutting down and ended the stream: subscribe again (another replica will serve it). */
  SHUTTING_DOWN = 'SHUTTING_DOWN',
  /** A browser's preflight from an origin `server.cors` does not grant (HTTP 403; src/server/cors.ts). */
  ORIGIN_NOT_ALLOWED = 'ORIGIN_NOT_ALLOWED',
}

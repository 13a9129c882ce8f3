/**
 * The error vocabulary of CONTRACT.md section 4. Every GraphQL error the service emits carries one of
 * these in `extensions.code`; every failure inside the service is classified into one of them.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  PROVIDER_NOT_CONFIGURED = 'PROVIDER_NOT_CONFIGURED',
  UNSUPPORTED_OPERATION = 'UNSUPPORTED_OPERATION',
  NOT_FOUND = 'NOT_FOUND',
  PROVIDER_AUTH_FAILED = 'PROVIDER_AUTH_FAILED',
  PROVIDER_FORBIDDEN = 'PROVIDER_FORBIDDEN',
  PROVIDER_RATE_LIMITED = 'PROVIDER_RATE_LIMITED',
  PROVIDER_UNAVAILABLE = 'PROVIDER_UNAVAILABLE',
  PROVIDER_TIMEOUT = 'PROVIDER_TIMEOUT',
  PROVIDER_BAD_RESPONSE = 'PROVIDER_BAD_RESPONSE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Codes after which polling a task stops for good (CONTRACT.md section 3). */
export const FINAL_ERROR_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.NOT_FOUND,
  ErrorCode.PROVIDER_FORBIDDEN,
  ErrorCode.PROVIDER_AUTH_FAILED,
]);

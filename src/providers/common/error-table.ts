import { ErrorCode } from '../../errors/error-code';

/** How one provider failure is classified (the error codes of the README's "Querying"). */
export interface Classification {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /**
   * Whether the provider's own message may be shown (after `safeProviderMessage`). False where the
   * provider is known to echo signing material (auth failures, Huawei's API gateway): the message is
   * then the fixed text of the code.
   */
  readonly keepMessage: boolean;
}

/**
 * The classifications the providers' error tables are written in, one per kind of answer. Whether an
 * error ends a subscription follows from `retryable` alone (`ServiceError.final`), so a row states its
 * finality by its class: every class here but `throttled`, `unavailable` and `timeout` is final.
 */
export const Classes = {
  /** The provider does not know the task (for this account). */
  notFound: { code: ErrorCode.NOT_FOUND, retryable: false, keepMessage: true },
  /** The endpoint does not serve the action, version or region, or the account has not authorised the service. */
  misconfigured: { code: ErrorCode.PROVIDER_MISCONFIGURED, retryable: false, keepMessage: true },
  /** Credentials or signature refused; the providers echo the string to sign in these messages, so none is shown. */
  authFailed: { code: ErrorCode.PROVIDER_AUTH_FAILED, retryable: false, keepMessage: false },
  /** Valid credentials without the permission (a policy grant, not new keys, fixes it). */
  forbidden: { code: ErrorCode.PROVIDER_FORBIDDEN, retryable: false, keepMessage: true },
  /** Throttled: the provider is up and asks for less. */
  throttled: { code: ErrorCode.PROVIDER_RATE_LIMITED, retryable: true, keepMessage: true },
  /** An outage or an internal error of the provider: it may pass. */
  unavailable: { code: ErrorCode.PROVIDER_UNAVAILABLE, retryable: true, keepMessage: true },
  /** The provider (or its gateway's backend) did not answer in time. */
  timeout: { code: ErrorCode.PROVIDER_TIMEOUT, retryable: true, keepMessage: true },
  /** The provider says its own answer cannot be given (e.g. too large): the same on every try. */
  badResponse: { code: ErrorCode.PROVIDER_BAD_RESPONSE, retryable: false, keepMessage: true },
  /** The provider refused a value the caller gave (the task id). */
  rejectedInput: { code: ErrorCode.BAD_USER_INPUT, retryable: false, keepMessage: true },
  /** The provider refused a request this service built (a missing parameter, a malformed body): a bug here, not the caller's. */
  requestBug: { code: ErrorCode.INTERNAL_SERVER_ERROR, retryable: false, keepMessage: true },
} as const satisfies Record<string, Classification>;

/** Where a row of an `ErrorTable` applies: to exactly its code, or to its code and every dotted sub-code. */
export type RowScope = 'code' | 'family';

/**
 * One provider's error codes as data: rows for exact codes, and rows for the families the provider
 * defines, where a family `A` holds `A` and every `A.*` (Tencent's `InvalidParameterValue.*`, Alibaba's
 * `InvalidAccessKeyId.*`). A code is looked up as itself first, then in its nearest family:
 * `A.B.C` tries the code `A.B.C`, then the families `A.B.C`, `A.B` and `A`. Matching is exact and
 * case-sensitive, as the providers spell their codes. A row is a `Classification`, or (`R`) whatever a
 * provider needs for codes it overloads.
 */
export class ErrorTable<R = Classification> {
  private readonly exact: ReadonlyMap<string, R>;
  private readonly families: ReadonlyMap<string, R>;

  constructor(rows: { readonly codes: Readonly<Record<string, R>>; readonly families?: Readonly<Record<string, R>> }) {
    this.exact = new Map(Object.entries(rows.codes));
    this.families = new Map(Object.entries(rows.families ?? {}));
  }

  /** The classification of `code`, or undefined when neither the code nor a family of it is in the table. */
  lookup(code: string | undefined): R | undefined {
    if (code === undefined || code === '') return undefined;
    const own = this.exact.get(code);
    if (own) return own;
    let prefix = code;
    for (;;) {
      const family = this.families.get(prefix);
      if (family) return family;
      const dot = prefix.lastIndexOf('.');
      if (dot <= 0) return undefined;
      prefix = prefix.slice(0, dot);
    }
  }

  /** Every row: the code or family, where it applies, and its classification (for tests and documentation). */
  rows(): ReadonlyArray<readonly [string, RowScope, R]> {
    return [
      ...[...this.exact].map(([code, c]) => [code, 'code', c] as const),
      ...[...this.families].map(([code, c]) => [code, 'family', c] as const),
    ];
  }
}

import { Classes, ErrorTable } from '../common/error-table';

const { authFailed, badResponse, forbidden, misconfigured, notFound, rejectedInput, requestBug, throttled, unavailable } = Classes;

/**
 * Every code Tencent documents for tcss `DescribeExportJobResult` and every common code of the API 3.0
 * gateway, with its class (whose retryability decides finality: see `Classes`). tcss answers each with
 * HTTP 200 in `Response.Error`. A code in none of these rows is `INTERNAL_SERVER_ERROR`, not retryable, with
 * the provider's code and request id (`classifyTcssError`).
 *
 * Sources:
 * - [COMMON] the common error codes every API 3.0 product lists, e.g.
 *   https://www.tencentcloud.com/document/api/1209/56023 and https://cloud.tencent.com/document/product/1388/114322
 *   (`InvalidRegion` is listed by some products only);
 * - [TCSS] the tcss `v20201101` error list of the official SDKs: `tencentcloud/tcss/v20201101/errors.go` in
 *   TencentCloud/tencentcloud-sdk-go (the same list as the product's error-code page);
 * - [ACTION] the action's page, which documents `InternalError` and `InvalidParameter`.
 */
export const TCSS_ERROR_TABLE = new ErrorTable({
  codes: {
    // Credentials and signature [COMMON, TCSS].
    AuthFailure: authFailed,
    'AuthFailure.InvalidAuthorization': authFailed,
    'AuthFailure.InvalidSecretId': authFailed,
    'AuthFailure.MFAFailure': authFailed,
    'AuthFailure.SecretIdNotFound': authFailed,
    'AuthFailure.SignatureExpire': authFailed,
    'AuthFailure.SignatureFailure': authFailed,
    'AuthFailure.TokenFailure': authFailed,
    // CAM accepted the key and then denied the action: a policy grant, not new credentials, fixes it [COMMON].
    'AuthFailure.UnauthorizedOperation': forbidden,
    // Permission [COMMON, TCSS]; `OperationDenied` is tcss's own "the operation was denied".
    UnauthorizedOperation: forbidden,
    OperationDenied: forbidden,
    IpInBlacklist: forbidden,
    IpNotInWhitelist: forbidden,
    // Throttling [COMMON], and its `RequestLimitExceeded.*` sub-codes.
    RequestLimitExceeded: throttled,
    'RequestLimitExceeded.UinLimitExceeded': throttled,
    'RequestLimitExceeded.IPLimitExceeded': throttled,
    'RequestLimitExceeded.GlobalRegionUinLimitExceeded': throttled,
    // The endpoint does not serve this product, action, version, region or protocol [COMMON]; or the
    // account has not authorised tcss's service role ("the user is unauthorised") [TCSS].
    InvalidAction: misconfigured,
    ActionOffline: misconfigured,
    NoSuchProduct: misconfigured,
    NoSuchVersion: misconfigured,
    UnsupportedRegion: misconfigured,
    InvalidRegion: misconfigured,
    UnsupportedProtocol: misconfigured,
    // The account's tcss edition does not offer the operation: an operator must act, as for a wrong endpoint.
    UnsupportedOperation: misconfigured,
    'InternalError.ErrRoleNotExist': misconfigured,
    // The job is unknown (for this account) [COMMON, TCSS: "the current data was not found"].
    ResourceNotFound: notFound,
    'InvalidParameterValue.DataNotFound': notFound,
    // The provider's side failed or is busy: outages that pass [COMMON, TCSS].
    InternalError: unavailable,
    'InternalError.MainDBFail': unavailable,
    ServiceUnavailable: unavailable,
    ResourceUnavailable: unavailable,
    ResourceInsufficient: unavailable,
    ResourceInUse: unavailable,
    // tcss refused the job id the caller gave [COMMON, TCSS, ACTION].
    InvalidParameter: rejectedInput,
    'InvalidParameter.InvalidFormat': rejectedInput,
    'InvalidParameter.ParsingError': rejectedInput,
    InvalidParameterValue: rejectedInput,
    'InvalidParameterValue.DataRange': rejectedInput,
    'InvalidParameterValue.LengthLimit': rejectedInput,
    // A request this service built and tcss refused [COMMON, TCSS].
    MissingParameter: requestBug,
    'InvalidParameter.MissingParameter': requestBug,
    UnknownParameter: requestBug,
    InvalidRequest: requestBug,
    RequestSizeLimitExceeded: requestBug,
    DryRunOperation: requestBug,
    // Answers of other tcss actions (a failed write, a quota of rules): unexpected here, and the same on a retry [TCSS].
    FailedOperation: requestBug,
    LimitExceeded: requestBug,
    // An answer tcss cannot give [COMMON].
    ResponseSizeLimitExceeded: badResponse,
  },
  // The families API 3.0 defines: a code and its dotted sub-codes [COMMON, TCSS].
  families: {
    AuthFailure: authFailed,
    UnauthorizedOperation: forbidden,
    RequestLimitExceeded: throttled,
    ResourceNotFound: notFound,
    InternalError: unavailable,
    ResourceUnavailable: unavailable,
    ResourceInsufficient: unavailable,
    ResourceInUse: unavailable,
    InvalidParameter: rejectedInput,
    InvalidParameterValue: rejectedInput,
    UnsupportedOperation: misconfigured,
    FailedOperation: requestBug,
    LimitExceeded: requestBug,
  },
});

import { Classes, ErrorTable } from '../common/error-table';

const { authFailed, forbidden, misconfigured, rejectedInput, requestBug, throttled, unavailable } = Classes;

/**
 * Every code Alibaba documents for SAS `DescribeExportInfo` and SIEM `GetExportTask`, and the common codes
 * of the POP gateway in front of both, with its class (whose retryability decides finality: see `Classes`).
 * Unknown codes are classified after the table, by `classifyAlibabaError`.
 *
 * Sources:
 * - [POP] the gateway's public codes: https://error-center.alibabacloud.com/status/product/Public
 *   (also https://help.aliyun.com/document_detail/53438.html); `InvalidAction.NotFound` ("Specified api is
 *   not found, please check your url and method", 404) and `InvalidVersion` are its answers to an ACS3
 *   request whose `x-acs-action`/`x-acs-version` the endpoint does not serve;
 * - [SAS] https://api.aliyun.com/document/Sas/2018-12-03/DescribeExportInfo (errors section);
 * - [SIEM] https://api.aliyun.com/document/cloud-siem/2024-12-12/GetExportTask (errors section);
 * - [THR] both products: throttling is recognised by the code, whatever the HTTP status it comes with.
 */
export const ALIBABA_ERROR_TABLE = new ErrorTable({
  codes: {
    // Throttling [POP, THR]; SAS also spells it without the dot [SAS].
    'Throttling.User': throttled,
    'Throttling.Api': throttled,
    ThrottlingUser: throttled,
    // Credentials and signature [POP]. A disabled key is a credential failure, not a missing permission,
    // so it is listed here rather than left to the `Forbidden` family.
    SignatureDoesNotMatch: authFailed,
    IncompleteSignature: authFailed,
    SignatureNonceUsed: authFailed,
    InvalidSignatureMethod: authFailed,
    MissingSecurityToken: authFailed,
    'Forbidden.AccessKeyDisabled': authFailed,
    'InvalidAccessKeyId.NotFound': authFailed,
    'InvalidAccessKeyId.Inactive': authFailed,
    'InvalidSecurityToken.Expired': authFailed,
    'InvalidSecurityToken.Malformed': authFailed,
    'InvalidSecurityToken.MismatchWithAccessKey': authFailed,
    'InvalidTimeStamp.Format': authFailed,
    'InvalidTimeStamp.Expired': authFailed,
    // Permission [POP, SAS, SIEM].
    NoPermission: forbidden,
    RdCheckNoPermission: forbidden,
    'Forbidden.RAM': forbidden,
    // The endpoint does not serve this product, action, version, region or protocol [POP]: never a missing task.
    'InvalidAction.NotFound': misconfigured,
    'InvalidApi.NotFound': misconfigured,
    'InvalidProduct.NotFound': misconfigured,
    'InvalidRegion.NotFound': misconfigured,
    'InvalidProtocol.NeedSsl': misconfigured,
    InvalidVersion: misconfigured,
    UnsupportedHTTPMethod: misconfigured,
    // The provider's side failed [POP, SAS].
    ServerError: unavailable,
    InternalError: unavailable,
    ServiceUnavailable: unavailable,
    UnknownError: unavailable,
    RdCheckInnerError: unavailable,
    // A request this service built and the gateway refused [POP, SIEM].
    MissingParameter: requestBug,
    IdempotentParameterMismatch: requestBug,
    ContentLengthDoesNotMatch: requestBug,
    ContentMD5NotMatched: requestBug,
    'InvalidParameter.Format': requestBug,
    'InvalidParameter.Accept': requestBug,
    // A value the caller gave (the export id) refused [POP].
    InvalidParameter: rejectedInput,
  },
  // The families the gateway defines: a code and its dotted sub-codes [POP, THR].
  families: {
    Throttling: throttled,
    InvalidAccessKeyId: authFailed,
    InvalidAccessKeySecret: authFailed,
    InvalidSecurityToken: authFailed,
    InvalidTimeStamp: authFailed,
    Forbidden: forbidden,
    InvalidAction: misconfigured,
    InvalidApi: misconfigured,
    InvalidProduct: misconfigured,
    InvalidProtocol: misconfigured,
    InvalidParameter: rejectedInput,
  },
});

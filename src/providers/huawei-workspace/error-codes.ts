import type { Classification } from '../common/error-table';
import { Classes, ErrorTable } from '../common/error-table';

/** A row for a gateway code that stands for several failures, told apart by the HTTP status it comes with. */
export const BY_STATUS = 'by-status';

const gateway = (c: Classification): Classification => ({ ...c, keepMessage: false });
const authFailed = gateway(Classes.authFailed);
const forbidden = gateway(Classes.forbidden);
const misconfigured = gateway(Classes.misconfigured);
const requestBug = gateway(Classes.requestBug);
const throttled = gateway(Classes.throttled);
const timeout = gateway(Classes.timeout);
const unavailable = gateway(Classes.unavailable);

/**
 * The codes of Huawei Cloud's API gateway in front of Workspace `ListExportTasks`, keyed by their number
 * (the gateway spells them `APIGW.0101` or `APIG.0101`: see `gatewayNumber`), with their class (whose
 * retryability decides finality: see `Classes`). No gateway message is ever kept: `APIGW.0301`'s echoes
 * the canonical request the gateway computed. Workspace documents no code of its own for this action, so
 * any other code is classified by its HTTP status (`classifyWorkspaceError`).
 *
 * Sources:
 * - [APIG] the gateway's error codes for API callers, with their HTTP statuses:
 *   https://support.huaweicloud.com/intl/en-us/usermanual-apig/apig_03_0048.html;
 * - [SIGN] the `APIGW.*` codes of the API request signing guide (0101, 0301 to 0308):
 *   https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-errorcode.html;
 * - as gateways answer: `APIGW.0301` 401, `APIGW.0302` 403, `APIGW.0101` 404, `APIGW.0308` 429 (also seen as `APIG.0308`).
 */
export const WORKSPACE_GATEWAY_TABLE = new ErrorTable<Classification | typeof BY_STATUS>({
  codes: {
    // No such API, or not with that method: a wrong endpoint, path or region [APIG, SIGN].
    '0101': misconfigured,
    // The gateway's own configuration of the API is missing or failed: Huawei's side [APIG].
    '0103': unavailable,
    '0104': unavailable,
    '0105': unavailable,
    '0107': unavailable,
    // The request does not fit the API's definition: this service built it [APIG].
    '0106': requestBug,
    // Overloaded [APIG]: 400 bad request, 413/414/494 too large (a request this service built), 500/502/504
    // the backend failed or timed out; so by status: 4xx INTERNAL_SERVER_ERROR (never BAD_USER_INPUT: the
    // caller gave nothing malformed), 5xx PROVIDER_UNAVAILABLE.
    '0201': BY_STATUS,
    '0202': unavailable,
    '0203': timeout,
    // The TLS version is refused: the endpoint's scheme or this host's TLS setup [APIG].
    '0204': misconfigured,
    // Credentials [APIG, SIGN]: IAM AK/SK (0301), app (0303), other (0305), a token to renew (0307), debug (0311).
    '0301': authFailed,
    '0303': authFailed,
    '0305': authFailed,
    '0307': authFailed,
    '0311': authFailed,
    // Permission [APIG, SIGN]: IAM (0302), app (0304), a custom authorizer (0306), the caller's IP (0401, 0402).
    '0302': forbidden,
    '0304': forbidden,
    '0306': forbidden,
    '0401': forbidden,
    '0402': forbidden,
    // Throttled [APIG, SIGN].
    '0308': throttled,
    // The project is unavailable: the configured project id or region [APIG].
    '0310': misconfigured,
  },
});

/** The number of a gateway code (`APIGW.0301` and `APIG.0301` → `0301`), or undefined for any other code. */
export function gatewayNumber(code: string | undefined): string | undefined {
  const m = code === undefined ? null : /^APIGW?\.([0-9]+)$/.exec(code);
  return m?.[1];
}

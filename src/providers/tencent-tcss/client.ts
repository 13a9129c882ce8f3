import type { TencentTcssConfig } from '../../config/provider-config';
import type { HttpResponse } from '../../http/http-client';
import type { SignableRequest } from '../../signing/signable-request';
import { signTc3 } from '../../signing/tc3';
import type { ExportTaskState } from '../export-task';
import type { CallOptions, ProviderClient } from '../provider';
import { assertProviderTaskId } from '../task-id';
import type { ProviderClientDeps } from '../common/deps';
import { type Endpoint, parseEndpoint } from '../common/endpoint';
import { callFailure } from '../common/upstream-error';
import { parseJsonBody } from '../common/wire';
import { tcssDescriptor } from './descriptor';
import { tcssEnvelopeFailure, tcssHttpFailure } from './errors';
import { mapTcssResponse, tcssResponseObject } from './mapping';
import type { TcssExportJobParams } from './types';

/** The signing service: always the product, never derived from the endpoint's host (e.g. `127.0.0.1`). */
export const TCSS_SERVICE = 'tcss';

/**
 * Builds and signs (TC3-HMAC-SHA256, signed headers `content-type;host`) `POST /` with the JSON body
 * `{"JobId": …}` and `X-TC-Action`, `X-TC-Version`, `X-TC-Timestamp` (unix s), plus `X-TC-Region`,
 * `X-TC-Token` and `X-TC-Language` when configured.
 */
export function buildTcssRequest(
  config: TencentTcssConfig,
  endpoint: Endpoint,
  jobId: string,
  nowMs: number,
): { readonly url: string; readonly headers: Record<string, string>; readonly body: string; readonly signable: SignableRequest } {
  const params: TcssExportJobParams = { JobId: jobId };
  const body = JSON.stringify(params);
  const timestamp = Math.floor(nowMs / 1000);
  const headers: Record<string, string> = {
    host: endpoint.host,
    'content-type': 'application/json',
    'X-TC-Action': tcssDescriptor.apiAction,
    'X-TC-Version': tcssDescriptor.apiVersion,
    'X-TC-Timestamp': String(timestamp),
  };
  if (config.region) headers['X-TC-Region'] = config.region;
  if (config.token) headers['X-TC-Token'] = config.token;
  if (config.language) headers['X-TC-Language'] = config.language;
  const signable: SignableRequest = { method: 'POST', path: '/', query: [], headers, body };
  const { authorization } = signTc3(signable, config, { service: TCSS_SERVICE, timestamp });
  return { url: `${endpoint.origin}/`, headers: { ...headers, Authorization: authorization }, body, signable };
}

/**
 * A tcss client for one tenant. Errors arrive with HTTP 200 in `Response.Error`; a non-2xx status can only
 * come from something in between and is classified by status. It does not own `deps.http`.
 */
export function createTcssClient(config: TencentTcssConfig, deps: ProviderClientDeps): ProviderClient {
  const endpoint = parseEndpoint(tcssDescriptor.id, config.endpoint);
  const secrets = [config.secretId, config.secretKey, ...(config.token ? [config.token] : [])];
  return {
    descriptor: tcssDescriptor,
    async read(providerTaskId: string, options?: CallOptions): Promise<ExportTaskState> {
      assertProviderTaskId(tcssDescriptor.id, providerTaskId);
      let response: HttpResponse;
      try {
        const built = buildTcssRequest(config, endpoint, providerTaskId, deps.clock.now());
        response = await deps.http.request({
          method: 'POST',
          url: built.url,
          headers: built.headers,
          body: built.body,
          timeoutMs: config.timeoutMs,
          signal: options?.signal,
        });
      } catch (e) {
        throw callFailure(tcssDescriptor, e, config.timeoutMs);
      }
      const observedAt = deps.clock.now();
      const context = { taskId: providerTaskId, nowMs: observedAt, secrets };
      try {
        if (response.status < 200 || response.status > 299) throw tcssHttpFailure(response, context);
        const body = parseJsonBody(tcssDescriptor, response.body);
        const envelope = tcssResponseObject(body);
        if (envelope.has('Error')) throw tcssEnvelopeFailure(envelope, context);
        return mapTcssResponse(body, { providerTaskId, observedAt });
      } catch (e) {
        throw callFailure(tcssDescriptor, e, config.timeoutMs);
      }
    },
    async dispose(): Promise<void> {},
  };
}

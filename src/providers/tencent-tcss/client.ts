import type { ExportTaskState } from '../../domain/export-task';
import type { TaskRef } from '../../domain/task-ref';
import type { SignableRequest } from '../../signing/signable-request';
import { signTc3 } from '../../signing/tc3';
import { type Endpoint, endpointPath, parseEndpoint } from '../common/endpoint';
import { callFailure } from '../common/upstream-error';
import { parseJsonBody } from '../common/wire';
import type { CallOptions, ProviderClient, ProviderClientDeps } from '../provider';
import { tcssDescriptor } from './descriptor';
import { tcssEnvelopeFailure, tcssHttpFailure } from './errors';
import { mapTcssResponse, tcssResponseObject } from './mapping';
import type { TcssOptions } from './options';
import type { TcssExportJobParams } from './types';

/** The signing service: always the product, never derived from the endpoint's host (e.g. `127.0.0.1`). */
export const TCSS_SERVICE = 'tcss';

/**
 * Builds and signs (TC3-HMAC-SHA256, signed headers `content-type;host`) `POST /`, under the endpoint's
 * path prefix if it has one (`POST /tencent/`, the canonical URI the same path), with the JSON body
 * `{"JobId": …}` and `X-TC-Action`, `X-TC-Version`, `X-TC-Timestamp` (unix s), plus `X-TC-Region`,
 * `X-TC-Token` and `X-TC-Language` when configured.
 */
export function buildTcssRequest(
  options: TcssOptions,
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
  if (options.region) headers['X-TC-Region'] = options.region;
  if (options.token) headers['X-TC-Token'] = options.token;
  if (options.language) headers['X-TC-Language'] = options.language;
  const path = endpointPath(endpoint, '/');
  const signable: SignableRequest = { method: 'POST', path, query: [], headers, body };
  const { authorization } = signTc3(signable, options, { service: TCSS_SERVICE, timestamp });
  return { url: `${endpoint.origin}${path}`, headers: { ...headers, Authorization: authorization }, body, signable };
}

/**
 * A tcss client for one tenant. Errors arrive with HTTP 200 in `Response.Error`; a non-2xx status can only
 * come from something in between and is classified by status. Every failure is one classified `ServiceError`.
 */
export function createTcssClient(options: TcssOptions, deps: ProviderClientDeps): ProviderClient {
  const endpoint = parseEndpoint(tcssDescriptor.id, options.endpoint);
  const secrets = [options.secretId, options.secretKey, ...(options.token ? [options.token] : [])];
  return {
    descriptor: tcssDescriptor,
    async read(task: TaskRef, callOptions?: CallOptions): Promise<ExportTaskState> {
      const taskId = task.providerTaskId;
      try {
        const built = buildTcssRequest(options, endpoint, taskId, deps.clock.now());
        const response = await deps.http.request({
          method: 'POST',
          url: built.url,
          headers: built.headers,
          body: built.body,
          timeoutMs: options.timeoutMs,
          signal: callOptions?.signal,
        });
        callOptions?.onStatus?.(response.status);
        const observedAt = deps.clock.now();
        const context = { taskId, nowMs: observedAt, secrets };
        if (response.status < 200 || response.status > 299) throw tcssHttpFailure(response, context);
        const envelope = tcssResponseObject(parseJsonBody(tcssDescriptor, response.body));
        if (envelope.has('Error')) throw tcssEnvelopeFailure(envelope, context);
        return mapTcssResponse(envelope, { providerTaskId: taskId, observedAt });
      } catch (e) {
        throw callFailure(tcssDescriptor, e, options.timeoutMs); // ServiceErrors pass through; anything else is classified once, here
      }
    },
  };
}

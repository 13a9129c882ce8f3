import type { ExportTaskState } from '../../domain/export-task';
import type { TaskRef } from '../../domain/task-ref';
import { parseEndpoint } from '../common/endpoint';
import { callFailure } from '../common/upstream-error';
import { parseJsonBody, WireObject } from '../common/wire';
import type { CallOptions, ProviderClient, ProviderClientDeps, ProviderDescriptor } from '../provider';
import { type AlibabaErrorEnvelope, alibabaFailure, isAlibabaErrorEnvelope } from './errors';
import { ALIBABA_INT64_KEYS, type AlibabaMapContext } from './mapping';
import type { AlibabaOptions } from './options';
import { type AlibabaRpcCall, buildAlibabaRequest, randomNonce } from './rpc';

/** Dependencies of an Alibaba client; `nonce` is replaceable so tests can fix it. */
export interface AlibabaClientDeps extends ProviderClientDeps {
  /** A fresh `x-acs-signature-nonce` per call. Default: 16 random bytes as hex. */
  readonly nonce?: (() => string) | undefined;
}

/** What differs between the two Alibaba export APIs (SAS, SIEM): the parameters and the success body. */
export interface AlibabaProduct<O extends AlibabaOptions, W extends object> {
  readonly descriptor: ProviderDescriptor;
  /** The parameters of the read of one export id. */
  call(options: O, exportId: string): AlibabaRpcCall;
  /** Maps a success body (an error envelope never reaches it). */
  map(body: WireObject<W>, ctx: AlibabaMapContext): ExportTaskState;
}

/**
 * A client of one Alibaba product for one tenant: `POST /` signed with ACS3-HMAC-SHA256, the product's
 * parameters in the query or a form body. Every failure is one classified `ServiceError`: transport
 * errors by kind, HTTP errors and error envelopes (also tolerated with a 2xx status) by
 * `alibabaFailure`, a body that is not JSON or lacks what the product needs as `PROVIDER_BAD_RESPONSE`.
 */
export function createAlibabaClient<O extends AlibabaOptions, W extends object>(
  product: AlibabaProduct<O, W>,
  options: O,
  deps: AlibabaClientDeps,
): ProviderClient {
  const { descriptor } = product;
  const target = { descriptor, endpoint: parseEndpoint(descriptor.id, options.endpoint), credentials: options };
  const secrets = [options.accessKeyId, options.accessKeySecret, ...(options.securityToken ? [options.securityToken] : [])];
  return {
    descriptor,
    async read(task: TaskRef, callOptions?: CallOptions): Promise<ExportTaskState> {
      const taskId = task.providerTaskId;
      try {
        const built = buildAlibabaRequest(target, product.call(options, taskId), deps.clock.now(), (deps.nonce ?? randomNonce)());
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
        if (response.status < 200 || response.status > 299) throw alibabaFailure(descriptor, response, context);
        const requestId = response.headers['x-acs-request-id'];
        const body = parseJsonBody(descriptor, response.body, { int64Keys: ALIBABA_INT64_KEYS, requestId });
        if (isAlibabaErrorEnvelope(WireObject.of<AlibabaErrorEnvelope>(descriptor, body, '', requestId))) {
          throw alibabaFailure(descriptor, response, context);
        }
        return product.map(WireObject.of<W>(descriptor, body, '', requestId), { providerTaskId: taskId, observedAt, requestId });
      } catch (e) {
        throw callFailure(descriptor, e, options.timeoutMs); // ServiceErrors pass through; anything else is classified once, here
      }
    },
  };
}

import { parseAcs3Authorization } from '../../signing/acs3';
import type { EmulatorContext } from '../provider-emulator';
import type { SimulatedTask } from '../task-simulation';
import type { EmulatorAccount } from '../types';
import { newRequestId, type ReceivedRequest, type WireHandler, type WireResponse } from '../wire';
import { NonceLedger, verifyAcs3 } from './acs3-verification';
import { type RpcError, rpcError, RpcErrors, rpcMalformed, rpcMissingFields, rpcSuccess } from './rpc-envelope';
import { canonicalInt64, readRpcParams } from './rpc-params';

/** One authenticated, permitted call, handed to the product. */
export interface RpcCall {
  /** Query and form-body parameters, merged. */
  readonly params: ReadonlyMap<string, string>;
  readonly caller: EmulatorAccount;
  readonly requestId: string;
  /** The task with this id (any owner), if any. */
  task(id: string): SimulatedTask | undefined;
  /** Simulated now, epoch ms. */
  readonly now: number;
  /** The `Code` of the 404 that answers an unknown or foreign export id (`UNKNOWN_TASK_ANSWERS`). */
  readonly unknownTaskCode: string;
}

/** What distinguishes one Alibaba RPC product from another. */
export interface AlibabaRpcProduct {
  /** Product code in `Recommend` links, e.g. `Sas`. */
  readonly product: string;
  readonly action: string;
  readonly version: string;
  /** The product's throttling answer (the status varies by product). */
  readonly throttle: RpcError;
  /** The answer to a verified call. */
  answer(call: RpcCall): RpcAnswer;
}

/** A product's answer: the success fields (RequestId included; RawJsonNumber for int64 ids) or an error. */
export type RpcAnswer = { readonly fields: Readonly<Record<string, unknown>> } | { readonly error: RpcError };

/**
 * The wire handler shared by the Alibaba RPC emulators: `GET`/`POST /`, action and version from the
 * `x-acs-action`/`x-acs-version` headers, ACS3 verification (nonces remembered per emulator), 403
 * `NoPermission` for forbidden accounts, then the product's answer, JSON with int64 ids written in full.
 */
export function createAlibabaRpcHandler(product: AlibabaRpcProduct, context: EmulatorContext): WireHandler {
  const nonces = new NonceLedger();
  const error = (e: RpcError, request: ReceivedRequest, requestId: string) => rpcError(e, request, requestId, product.product);

  function handle(request: ReceivedRequest): WireResponse {
    const requestId = newRequestId('upper-uuid');
    if ((request.method !== 'POST' && request.method !== 'GET') || request.path !== '/') {
      return error(RpcErrors.invalidAction(`${request.method} ${request.path}`), request, requestId);
    }
    const action = request.headers['x-acs-action'];
    if (action !== undefined && action !== product.action) return error(RpcErrors.invalidAction(action), request, requestId);
    const version = request.headers['x-acs-version'];
    if (version !== undefined && version !== product.version) return error(RpcErrors.invalidVersion(version), request, requestId);
    const verdict = verifyAcs3(request, context.accounts, nonces, context.wallClock.now());
    if (!verdict.ok) return error(verdict.error, request, requestId);
    if (verdict.account.forbidden) return error(RpcErrors.noPermission(), request, requestId);
    const answer = product.answer({
      params: readRpcParams(request),
      caller: verdict.account,
      requestId,
      task: (id) => context.tasks.get(id),
      now: context.clock.now(),
      unknownTaskCode: context.answers.unknownTask,
    });
    return 'error' in answer ? error(answer.error, request, requestId) : rpcSuccess(answer.fields);
  }

  return {
    identify(request) {
      let accessKeyId: string | undefined;
      const header = request.headers['authorization'];
      if (header !== undefined) accessKeyId = parseAcs3Authorization(header)?.accessKeyId;
      const exportId = readRpcParams(request).get('ExportId');
      return { accessKeyId, taskIds: exportId === undefined ? [] : [canonicalInt64(exportId) ?? exportId] };
    },
    handle,
    renderFault(kind, request): WireResponse {
      const requestId = newRequestId('upper-uuid');
      switch (kind) {
        case 'server-error':
          return error(RpcErrors.serverError(), request, requestId);
        case 'throttle':
          return error(product.throttle, request, requestId);
        case 'malformed':
          return rpcMalformed(requestId);
        case 'missing-fields':
          return rpcMissingFields(requestId);
        case 'no-such-action':
          return error(RpcErrors.invalidAction(product.action), request, requestId);
      }
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';

import { ErrorCode } from '../../errors/error-code';
import { sendBodyError, sendError } from '../graphql-http-handler';
import type { OperationRequest } from '../operation-preparer';
import { readBody } from '../request-body';

/** An operation request of a streaming transport: GraphQL over HTTP's parameters, with their `extensions`. */
export interface StreamOperationRequest extends OperationRequest {
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * Reads a streaming transport's operation request: from the query string of a `GET` (`query`,
 * `operationName`, `variables` and `extensions` as JSON), from the JSON body of a `POST` (read within
 * `maxBodyBytes`, an oversized body answered 413 as on the plain HTTP path). Answers the request itself
 * (400, 413, 415) and returns undefined when it cannot be read.
 */
export async function readStreamRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  maxBodyBytes: number,
): Promise<StreamOperationRequest | undefined> {
  let body: unknown;
  if (req.method === 'GET') {
    const q = url.searchParams;
    try {
      body = {
        query: q.get('query') ?? undefined,
        operationName: q.get('operationName') ?? undefined,
        variables: parseJsonParam(q.get('variables')),
        extensions: parseJsonParam(q.get('extensions')),
      };
    } catch {
      sendError(res, 400, ErrorCode.BAD_REQUEST, 'Malformed JSON in the "variables" or "extensions" parameter');
      return undefined;
    }
  } else {
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (!/^application\/(graphql-response\+)?json\b/.test(type)) {
      req.resume();
      sendError(res, 415, ErrorCode.BAD_REQUEST, 'Expected a JSON body: send "Content-Type: application/json"');
      return undefined;
    }
    let text: string;
    try {
      text = await readBody(req, maxBodyBytes);
    } catch (e) {
      sendBodyError(req, res, e);
      return undefined;
    }
    try {
      body = JSON.parse(text);
    } catch {
      sendError(res, 400, ErrorCode.BAD_REQUEST, 'Malformed JSON in the request body');
      return undefined;
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    sendError(res, 400, ErrorCode.BAD_REQUEST, 'Expected the request body to be a JSON object');
    return undefined;
  }
  const extensions = (body as { extensions?: unknown }).extensions;
  if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions))) {
    sendError(res, 400, ErrorCode.BAD_REQUEST, 'Expected "extensions" to be an object');
    return undefined;
  }
  return body as StreamOperationRequest;
}

function parseJsonParam(value: string | null): unknown {
  return value === null || value === '' ? undefined : JSON.parse(value);
}

/** Whether an `Accept` header lists `type` (a media range such as `text/event-stream`), with any parameters. */
export function accepts(accept: string | undefined, type: string): boolean {
  if (!accept) return false;
  return accept
    .toLowerCase()
    .split(',')
    .some((range) => range.split(';')[0]!.trim() === type);
}

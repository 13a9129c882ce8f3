import type { IncomingMessage } from 'node:http';

import Negotiator from 'negotiator';

// The media types Apollo Server offers on a GraphQL endpoint, in its order: a request is "from a
// browser" exactly when Apollo itself would serve it a landing page (ApolloServer.prefersHTML).
const OFFERED = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'multipart/mixed; deferSpec=20220824',
  'multipart/mixed; incrementalSpec=v0.2',
  'multipart/mixed',
  'text/html',
];

/** Whether `req` is a GET whose `Accept` header prefers `text/html` over every GraphQL response type. */
export function prefersHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !accept) return false;
  return new Negotiator({ headers: { accept } }).mediaType(OFFERED) === 'text/html';
}

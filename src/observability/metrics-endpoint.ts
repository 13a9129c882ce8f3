import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ServiceMetrics } from './service-metrics';

/** `GET /metrics`: the Prometheus text exposition of the app's registry. */
export async function serveMetrics(metrics: ServiceMetrics, req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.resume();
  const { contentType, body } = await metrics.scrape();
  res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ProviderId } from '../../src/domain/provider-id';
import { ExportTaskDocument, ExportTaskUpdatesDocument, type ExportTaskUpdatesSubscription } from '../../src/generated/graphql';
import { gql, type Stack, startStack } from '../support/stack';
import { waitUntil } from '../support/wait';
import { record, sleep, wsClient } from '../support/ws-client';

type Update = ExportTaskUpdatesSubscription['exportTaskUpdates'];

const POLL_MS = 100;
const config = { polling: { intervalMs: POLL_MS, maxIntervalMs: 4 * POLL_MS } };

/** A live task per provider, and the code each gives for an action its endpoint does not serve. */
const WRONG_ACTION: ReadonlyArray<readonly [ProviderId, string, string]> = [
  ['alibaba-sas', '131231', 'InvalidAction.NotFound'],
  ['tencent-tcss', 'e4409223-8e92-45db-a857-11b1ff547c79', 'InvalidAction'],
  ['huawei-workspace', '7d8f6a2e-4c1b-4f3a-9e51-0c2d8b7a6f10', 'APIGW.0101'],
];

/** The events of a subscription to `ids`, to the end of the stream (which must come by itself). */
async function subscribeToEnd(stack: Stack, ids: string[]): Promise<Update[]> {
  const client = wsClient(stack.app);
  try {
    const r = record(client, ExportTaskUpdatesDocument, { ids });
    await r.finished;
    expect(r.errors).toEqual([]);
    return r.events.map((e) => e.exportTaskUpdates as Update);
  } finally {
    await client.dispose();
  }
}

describe('an endpoint that does not serve the action: PROVIDER_MISCONFIGURED, never NOT_FOUND, and final', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.dispose();
    stack = undefined;
  });

  it.each(WRONG_ACTION)('%s (%s answered %s)', async (provider, taskId, providerCode) => {
    stack = await startStack({
      providers: [provider],
      config,
      tasks: { [provider]: [{ id: taskId, accountId: 'acct-a', createdAt: Date.now(), durationMs: 600_000 }] },
    });
    const emulator = stack.emulator(provider);
    emulator.faults.inject({ kind: 'no-such-action' });
    const id = `${provider}:${taskId}`;

    const res = await gql(stack.app, ExportTaskDocument, { id });
    expect(res.data).toEqual({ exportTask: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toEqual({
      code: 'PROVIDER_MISCONFIGURED',
      provider,
      providerCode,
      requestId: expect.any(String),
      retryable: false,
    });
    expect(res.errors![0]!.message).toContain('at the configured endpoint');
    expect(emulator.stats.forTask(taskId)).toBe(1); // never retried

    emulator.stats.reset();
    const updates = await subscribeToEnd(stack, [id]);
    expect(updates).toEqual([
      { id, final: true, task: null, error: expect.objectContaining({ code: 'PROVIDER_MISCONFIGURED', providerCode, retryable: false }) },
    ]);
    await waitUntil(() => stack!.app.live.activePollers === 0, 'the poller to stop');
    await sleep(10 * POLL_MS);
    expect(emulator.stats.forTask(taskId)).toBe(1);
  });
});

describe('answers from something in between keep the provider', () => {
  let stack: Stack | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await stack?.dispose();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    stack = undefined;
    server = undefined;
  });

  /** A Tencent endpoint that is a plain HTTP server answering every request with `status` and `headers`. */
  async function stackBehind(status: number, headers: Record<string, string>): Promise<{ stack: Stack; requests: () => number }> {
    let count = 0;
    server = createServer((req, res) => {
      count += 1;
      req.resume();
      res.writeHead(status, { 'content-type': 'text/html', ...headers });
      res.end('<html>elsewhere</html>');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stack = await startStack({ providers: ['tencent-tcss'], config, settings: { endpoint } });
    return { stack, requests: () => count };
  }

  it('a redirect is PROVIDER_MISCONFIGURED with the provider, the status and the request id, and ends a subscription', async () => {
    const { stack, requests } = await stackBehind(302, { location: 'https://login.example/?token=abc', 'x-tc-requestid': 'proxy-req-1' });
    const id = 'tencent-tcss:job-behind-a-redirect';
    const res = await gql(stack.app, ExportTaskDocument, { id });
    const error = res.errors![0]!;
    expect(error.message).toBe(
      'The configured Tencent Cloud Container Security Service endpoint redirects elsewhere, and redirects are not followed: ' +
        'configure the URL that serves DescribeExportJobResult (check the scheme, host and path) (HTTP 302)',
    );
    expect(error.path).toEqual(['exportTask']);
    expect(error.extensions).toEqual({
      code: 'PROVIDER_MISCONFIGURED',
      provider: 'tencent-tcss',
      providerCode: null,
      requestId: 'proxy-req-1',
      retryable: false,
    });
    const before = requests();
    const updates = await subscribeToEnd(stack, [id]);
    expect(updates).toEqual([
      { id, final: true, task: null, error: expect.objectContaining({ code: 'PROVIDER_MISCONFIGURED', retryable: false }) },
    ]);
    await sleep(10 * POLL_MS);
    expect(requests()).toBe(before + 1);
  });

  it('an unclassified 4xx is INTERNAL_SERVER_ERROR that keeps the provider and request id, not "Internal server error"', async () => {
    const { stack } = await stackBehind(418, { 'x-tc-requestid': 'proxy-req-2' });
    const res = await gql(stack.app, ExportTaskDocument, { id: 'tencent-tcss:job-1' });
    expect(res.errors![0]!.message).toBe('Tencent Cloud Container Security Service returned an unexpected error (HTTP 418)');
    expect(res.errors![0]!.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      provider: 'tencent-tcss',
      providerCode: null,
      requestId: 'proxy-req-2',
      retryable: false,
    });
  });
});

import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { API_KEY, gql, type Stack, startStack } from '../support/stack';

/** Opens a graphql-ws client and resolves with the close code when the server closes it. */
function closeCodeOf(url: string, connectionParams: Record<string, unknown>): Promise<number> {
  return new Promise((resolve) => {
    let client: Client | undefined = undefined;
    client = createClient({
      url: url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      on: { closed: (e) => resolve((e as { code: number }).code) },
      onNonLazyError: () => undefined,
    });
    void client;
  });
}

describe('HTTP and WebSocket surface', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ providers: ['tencent-tcss'] });
  });
  afterAll(() => stack.dispose());

  it('answers /healthz and /readyz', async () => {
    const base = stack.app.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', coordination: { mode: 'local' } });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('answers a missing or unknown API key with 401 UNAUTHENTICATED', async () => {
    for (const key of [null, 'unknown-key-000000000000']) {
      const res = await gql(stack.app, '{ providers { id } }', undefined, key);
      expect(res.status).toBe(401);
      expect(res.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
    expect((await gql(stack.app, '{ providers { id } }', undefined, API_KEY)).status).toBe(200);
  });

  it('refuses a WebSocket connection without a valid key with close code 4403', async () => {
    expect(await closeCodeOf(stack.app.url, {})).toBe(4403);
    expect(await closeCodeOf(stack.app.url, { authorization: 'Bearer wrong-key-00000000000' })).toBe(4403);
  });

  it('serves queries over the WebSocket with the tenant of the connection', async () => {
    const client = createClient({
      url: stack.app.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${API_KEY}` },
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: '{ providers { id configured } }' },
          { next: (v) => (value = v), error: reject, complete: () => resolve(value) },
        );
      });
      expect(result).toEqual({
        data: {
          providers: expect.arrayContaining([
            { id: 'tencent-tcss', configured: true },
            { id: 'alibaba-sas', configured: false },
          ]),
        },
      });
    } finally {
      await client.dispose();
    }
  });

  it('rejects a body over the cap with 413', async () => {
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: `{ providers { id } } #${'x'.repeat(2 * 1024 * 1024)}` }),
    });
    expect(res.status).toBe(413);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await fetch(stack.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});

import { Client, fetchExchange, gql } from '@urql/core';

import type { DemoEnvironment } from '../../src/demo/demo-mode';
import type { App } from '../../src/server/app';
import { SUBSCRIPTION_TRANSPORTS_MESSAGE } from '../../src/server/plugins/subscription-transport.plugin';
import { type DemoApp, startDemoApp } from '../support/demo-app';
import { API_KEY, type Stack, startStack } from '../support/stack';

const EXPORT_TASKS = gql<{ exportTasks: Array<{ id: string; status: string } | null> }, { ids: string[] }>`
  query DemoTasks($ids: [ID!]!) {
    exportTasks(ids: $ids) {
      id
      status
    }
  }
`;
const PROVIDERS = gql<{ providers: Array<{ id: string; configured: boolean }> }>`
  query Providers {
    providers {
      id
      configured
    }
  }
`;

/** `fetch` that records the method and URL of every request urql makes through it. */
function recordingFetch(): { fetch: typeof fetch; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    fetch: (input, init) => {
      sent.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return fetch(input, init);
    },
  };
}

/** A GET of `query` as urql would send it, with the key (`null`: none). */
async function getOperation(app: App, query: string, key: string | null = API_KEY) {
  const res = await fetch(`${app.url}?query=${encodeURIComponent(query)}`, {
    headers: { accept: 'application/graphql-response+json, application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> },
  };
}

describe('urql with its defaults (queries as GET, no preflight header)', () => {
  describe('in demo mode (no key)', () => {
    let running: DemoApp;
    let demo: DemoEnvironment;
    let app: App;
    beforeAll(async () => {
      running = await startDemoApp();
      ({ demo, app } = running);
    });
    afterAll(() => running?.dispose());

    it('gets the demo tasks, over a GET', async () => {
      const recorder = recordingFetch();
      const client = new Client({ url: app.url, exchanges: [fetchExchange], fetch: recorder.fetch });
      const ids = [demo.taskIds['tencent-tcss'][0]!, demo.taskIds['alibaba-sas'][0]!];
      const result = await client.query(EXPORT_TASKS, { ids }).toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data!.exportTasks.map((t) => t?.id)).toEqual(ids);
      expect(recorder.sent).toEqual([expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/graphql\?query=query\+DemoTasks/)]);
    });
  });

  describe('with an API key', () => {
    let stack: Stack;
    beforeAll(async () => (stack = await startStack({ providers: ['tencent-tcss'] })));
    afterAll(() => stack.dispose());

    it('gets data with the key in fetchOptions, over a GET', async () => {
      const recorder = recordingFetch();
      const client = new Client({
        url: stack.app.url,
        exchanges: [fetchExchange],
        fetch: recorder.fetch,
        fetchOptions: { headers: { authorization: `Bearer ${API_KEY}` } },
      });
      const result = await client.query(PROVIDERS, {}).toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data!.providers).toContainEqual({ id: 'tencent-tcss', configured: true });
      expect(result.data!.providers).toContainEqual({ id: 'alibaba-sas', configured: false });
      expect(recorder.sent).toEqual([expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/graphql\?query=query\+Providers/)]);
    });

    it('gets 401 without the key', async () => {
      const client = new Client({ url: stack.app.url, exchanges: [fetchExchange] });
      const result = await client.query(PROVIDERS, {}).toPromise();
      expect(result.data).toBeUndefined();
      expect((result.error?.response as Response | undefined)?.status).toBe(401);
    });

    it('runs no mutation over a GET', async () => {
      // The schema has no mutations; Apollo would refuse one over GET (405) even if it had.
      expect(await getOperation(stack.app, 'mutation { x }')).toEqual({
        status: 400,
        body: {
          errors: [
            {
              message: 'The schema has no mutation operations.',
              locations: [{ line: 1, column: 1 }],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      });
    });

    it('runs no subscription over a GET asking for JSON', async () => {
      const { status, body } = await getOperation(stack.app, 'subscription { exportTaskUpdates(ids: ["tencent-tcss:a"]) { id } }');
      // Apollo answers 405 (GET runs queries only), with the transports that do serve subscriptions.
      expect(status).toBe(405);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([{ message: SUBSCRIPTION_TRANSPORTS_MESSAGE, extensions: { code: 'BAD_REQUEST' } }]);
    });
  });
});

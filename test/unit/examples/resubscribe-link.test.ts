import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { CombinedProtocolErrors, PROTOCOL_ERRORS_SYMBOL } from '@apollo/client/errors';
import { parse } from 'graphql';
import { Observable } from 'rxjs';

import { resubscribeLink } from '../../../examples/progress-board/src/resubscribe-link';

const CUT = new TypeError('network error');
type Step = 'result' | 'error' | 'shutting-down' | 'complete';

/** A terminating link playing one script per request: results, then an error, a transport error or the end. */
function scripted(scripts: Step[][]): { link: ApolloLink; requests: () => number } {
  let n = 0;
  const link = new ApolloLink(
    () =>
      new Observable<ApolloLink.Result>((observer) => {
        const script = scripts[n++] ?? ['error'];
        for (const step of script) {
          if (step === 'result') observer.next({ data: { x: n } });
          if (step === 'error') observer.error(CUT);
          if (step === 'complete') observer.complete();
          if (step === 'shutting-down') {
            const errors = new CombinedProtocolErrors([{ message: 'The server is shutting down: subscribe again' }]);
            observer.next({ data: null, extensions: { [PROTOCOL_ERRORS_SYMBOL]: errors } });
          }
        }
      }),
  );
  return { link, requests: () => n };
}

/** Runs the subscription through `link` to its end: the data received, and how it ended. */
function run(link: ApolloLink): Promise<{ data: unknown[]; error?: unknown }> {
  const client = new ApolloClient({ link: ApolloLink.empty(), cache: new InMemoryCache() });
  const data: unknown[] = [];
  return new Promise((resolve) => {
    ApolloLink.execute(link, { query: parse('subscription S { x }') }, { client }).subscribe({
      next: (r) => data.push(r.data),
      error: (error: unknown) => resolve({ data, error }),
      complete: () => resolve({ data }),
    });
  });
}

describe('the resubscribe link of the progress board', () => {
  const options = { attempts: 2, wait: () => 0, shouldRetry: () => true };

  it('subscribes again after a cut stream or a transport error, and passes the completion through', async () => {
    const { link, requests } = scripted([
      ['result', 'error'],
      ['result', 'shutting-down'],
      ['result', 'complete'],
    ]);
    expect(await run(resubscribeLink(options).concat(link))).toEqual({ data: [{ x: 1 }, { x: 2 }, { x: 3 }] });
    expect(requests()).toBe(3);
  });

  it('allows `attempts` failures in a row, the count restarting with each result', async () => {
    // 1 result, 2 failures, 1 result, 2 failures: within the limit; the next failure is one too many.
    const { link, requests } = scripted([['result', 'error'], ['error'], ['result', 'error'], ['error'], ['error']]);
    expect(await run(resubscribeLink(options).concat(link))).toEqual({ data: [{ x: 1 }, { x: 3 }], error: CUT });
    expect(requests()).toBe(5);
  });

  it('gives up at once on an error it is told not to retry, reporting each retry and result on the way', async () => {
    const seen: string[] = [];
    const { link, requests } = scripted([['result', 'error'], ['error']]);
    let failures = 0;
    const resubscribe = resubscribeLink({
      ...options,
      shouldRetry: () => ++failures < 2,
      onRetry: () => seen.push('retry'),
      onResult: () => seen.push('result'),
    });
    expect(await run(resubscribe.concat(link))).toEqual({ data: [{ x: 1 }], error: CUT });
    expect(requests()).toBe(2);
    expect(seen).toEqual(['result', 'retry']);
  });

  it('requests the operation anew on each attempt, so a split below it chooses again (the switch to HTTP)', async () => {
    let overHttp = false;
    const webSocket = scripted([['error']]);
    const http = scripted([['result', 'complete']]);
    const resubscribe = resubscribeLink({ ...options, shouldRetry: () => (overHttp = true) });
    const link = resubscribe.concat(ApolloLink.split(() => overHttp, http.link, webSocket.link));
    expect(await run(link)).toEqual({ data: [{ x: 1 }] });
    expect([webSocket.requests(), http.requests()]).toEqual([1, 1]);
  });
});

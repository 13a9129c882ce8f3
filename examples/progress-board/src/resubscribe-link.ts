import { ApolloLink } from '@apollo/client';
import { graphQLResultHasProtocolErrors, PROTOCOL_ERRORS_SYMBOL } from '@apollo/client/errors';
import { defer, map, retry, tap, throwError, timer } from 'rxjs';

/** Options of `resubscribeLink`. */
export interface ResubscribeOptions {
  /** At most this many attempts in a row without a result; the count restarts with each result. */
  readonly attempts: number;
  /** The wait before the nth attempt (1-based), in ms. */
  readonly wait: (attempt: number) => number;
  /** Whether `error` is worth subscribing again for (called once per failure, before the wait). */
  readonly shouldRetry: (error: unknown) => boolean;
  /** Called with each result, and with each failure about to be retried (for a status line). */
  readonly onResult?: () => void;
  readonly onRetry?: (error: unknown) => void;
}

/**
 * A link that subscribes again, after a bounded back-off, when the operation below it fails: an HTTP
 * subscription stream cut by a restart of the service ends with a network error or a transport error
 * ("shutting down"), and the rows should resume by themselves as they do over graphql-ws.
 *
 * Not Apollo's `RetryLink`, which counts attempts over the operation's whole life: a board left open
 * for weeks would run out of retries after enough restarts. Here rxjs's `retry` restarts the count with
 * each result (`resetOnSuccess`), as graphql-ws does with each acknowledged connection. The operation
 * is requested anew on each attempt (`defer`), so the links below choose its transport again.
 */
export function resubscribeLink(options: ResubscribeOptions): ApolloLink {
  return new ApolloLink((operation, forward) =>
    defer(() => forward(operation)).pipe(
      // A multipart transport error arrives as a result carrying the errors (Apollo's protocol errors);
      // made an error here so that it is retried like a dropped connection.
      map((result) => {
        if (graphQLResultHasProtocolErrors(result)) throw result.extensions[PROTOCOL_ERRORS_SYMBOL];
        return result;
      }),
      tap(() => options.onResult?.()),
      retry({
        count: options.attempts,
        resetOnSuccess: true,
        delay: (error: unknown, attempt: number) => {
          if (!options.shouldRetry(error)) return throwError(() => error);
          options.onRetry?.(error);
          return timer(options.wait(attempt));
        },
      }),
    ),
  );
}

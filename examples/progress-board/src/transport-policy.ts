import { ServerError } from '@apollo/client/errors';

import type { Transport, TransportChoice } from './board-config';

/** graphql-ws close codes of a missing (4401) or refused (4403) key: retrying cannot help. */
const KEY_REFUSED_CLOSE = new Set([4401, 4403]);
/** HTTP statuses of a missing or refused key. */
const KEY_REFUSED_STATUS = new Set([401, 403]);
/**
 * WebSocket attempts that may fail, without one ever being acknowledged, before the board takes HTTP.
 * Two, not one: a single failure is as likely a blip (or the service restarting) as a blocked upgrade.
 */
export const WEBSOCKET_FAILURES_BEFORE_FALLBACK = 2;

/**
 * Which transport the board's subscriptions take, and when they may be tried again. Pure bookkeeping
 * (no timers, no sockets), fed by graphql-ws's events and by the errors of the subscription, so that
 * the rule reads in one place and is unit-tested:
 *
 * - `auto` starts on the WebSocket and switches to HTTP, for the rest of the page's life, when the
 *   WebSocket cannot be opened at all: `WEBSOCKET_FAILURES_BEFORE_FALLBACK` attempts closed before any
 *   `connection_ack`, or graphql-ws giving up on it before one. A proxy or firewall refusing the upgrade
 *   looks like that; a service that once acknowledged a socket does not (graphql-ws reconnects to it).
 * - A key refusal (4401/4403, HTTP 401/403) is never a reason to switch or retry: the other transport
 *   would refuse the same key.
 * - `websocket` and `http` (forced by `?transport=`) never switch.
 */
export class TransportPolicy {
  private current: Transport;
  private acknowledged = false;
  private failures = 0;
  private keyRefused = false;

  constructor(private readonly choice: TransportChoice) {
    this.current = choice === 'http' ? 'http' : 'websocket';
  }

  /** The transport subscriptions take now. */
  get transport(): Transport {
    return this.current;
  }

  /** Whether the board switched to HTTP by itself (the WebSocket could not be opened). */
  get fellBack(): boolean {
    return this.choice === 'auto' && this.current === 'http';
  }

  /** Whether the service refused the key. */
  get refused(): boolean {
    return this.keyRefused;
  }

  /** graphql-ws acknowledged a connection (`connected`). */
  connected(): void {
    this.acknowledged = true;
  }

  /** A WebSocket closed (graphql-ws's `closed`, with its `CloseEvent`). */
  closed(event: unknown): void {
    if (isKeyRefusal(event)) this.keyRefused = true;
    else if (!this.acknowledged) this.failures += 1;
  }

  /** graphql-ws's `shouldRetry`: reconnect, unless the key was refused or the board is about to take HTTP. */
  retryWebSocket(): boolean {
    return !this.keyRefused && !this.mayFallBack(WEBSOCKET_FAILURES_BEFORE_FALLBACK);
  }

  /**
   * A subscription failed with `error` on the current transport: whether to subscribe again (after a
   * back-off). On the WebSocket, graphql-ws has already retried what it could, so this only switches
   * to HTTP when the WebSocket never opened; on HTTP, anything but a refusal of the request is retried.
   */
  resubscribe(error: unknown): boolean {
    if (this.current === 'websocket') {
      if (!this.mayFallBack(1)) return false;
      this.current = 'http';
      return true;
    }
    if (ServerError.is(error) && KEY_REFUSED_STATUS.has(error.statusCode)) this.keyRefused = true;
    return !this.keyRefused && !isRequestRefusal(error);
  }

  private mayFallBack(failures: number): boolean {
    return this.choice === 'auto' && !this.acknowledged && !this.keyRefused && this.failures >= failures;
  }
}

/** Whether a WebSocket close is a refusal of the key. */
export function isKeyRefusal(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'code' in event && KEY_REFUSED_CLOSE.has((event as { code: number }).code);
}

// An HTTP 4xx other than 408 (timeout) and 429 (rate limited) refuses the request itself: sending it
// again gets the same answer. Network failures, 5xx and the service's "shutting down" are retried.
function isRequestRefusal(error: unknown): boolean {
  return ServerError.is(error) && error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 408 && error.statusCode !== 429;
}

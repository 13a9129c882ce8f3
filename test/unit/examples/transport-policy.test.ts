import { ServerError } from '@apollo/client/errors';

import { TransportPolicy, WEBSOCKET_FAILURES_BEFORE_FALLBACK } from '../../../examples/progress-board/src/transport-policy';

/** A WebSocket closed before the upgrade (what a refusing proxy looks like in a browser). */
const ABNORMAL = { code: 1006, reason: '' };
const FORBIDDEN = { code: 4403, reason: 'Forbidden' };
const SOCKET_GAVE_UP = new Error('Socket closed with event 1006');

function httpError(status: number): ServerError {
  return new ServerError('refused', { response: new Response('', { status }), bodyText: '' });
}

/** Closes the WebSocket `n` times, graphql-ws asking each time whether to try again; returns the answers. */
function failWebSocket(policy: TransportPolicy, n: number, event: unknown = ABNORMAL): boolean[] {
  return Array.from({ length: n }, () => {
    policy.closed(event);
    return policy.retryWebSocket();
  });
}

describe('the transport policy of the progress board', () => {
  it(`takes HTTP for good after ${WEBSOCKET_FAILURES_BEFORE_FALLBACK} WebSocket attempts closed before any acknowledgement`, () => {
    const policy = new TransportPolicy('auto');
    expect(policy.transport).toBe('websocket');
    expect(failWebSocket(policy, WEBSOCKET_FAILURES_BEFORE_FALLBACK)).toEqual([true, false]);
    expect(policy.transport).toBe('websocket'); // not yet: graphql-ws gives up first
    expect(policy.resubscribe(SOCKET_GAVE_UP)).toBe(true);
    expect(policy).toMatchObject({ transport: 'http', fellBack: true, refused: false });
    policy.connected(); // a late event of the abandoned socket changes nothing
    expect(policy.transport).toBe('http');
  });

  it('takes HTTP when graphql-ws gives up on a never-acknowledged WebSocket at once (a fatal close code)', () => {
    const policy = new TransportPolicy('auto');
    policy.closed({ code: 1002, reason: 'protocol error' });
    expect(policy.resubscribe(SOCKET_GAVE_UP)).toBe(true);
    expect(policy.transport).toBe('http');
  });

  it('keeps reconnecting a WebSocket that was once acknowledged (a restart of the service), and never switches', () => {
    const policy = new TransportPolicy('auto');
    policy.connected();
    expect(failWebSocket(policy, 10)).toEqual(Array(10).fill(true));
    expect(policy.resubscribe(SOCKET_GAVE_UP)).toBe(false);
    expect(policy.transport).toBe('websocket');
  });

  it('never falls back or retries after a key refusal, even after a failed attempt', () => {
    const policy = new TransportPolicy('auto');
    expect(failWebSocket(policy, 1)).toEqual([true]);
    expect(failWebSocket(policy, 1, FORBIDDEN)).toEqual([false]);
    expect(policy.resubscribe(SOCKET_GAVE_UP)).toBe(false);
    expect(policy).toMatchObject({ transport: 'websocket', fellBack: false, refused: true });
  });

  it('never switches when the URL forces the WebSocket', () => {
    const policy = new TransportPolicy('websocket');
    expect(failWebSocket(policy, 5)).toEqual(Array(5).fill(true));
    expect(policy.resubscribe(SOCKET_GAVE_UP)).toBe(false);
    expect(policy.transport).toBe('websocket');
  });

  it('on HTTP, retries a cut stream, a 5xx, a 408 and a 429, but not a refused key or a refused request', () => {
    const policy = new TransportPolicy('http');
    expect(policy).toMatchObject({ transport: 'http', fellBack: false });
    expect(policy.resubscribe(new TypeError('Failed to fetch'))).toBe(true);
    for (const status of [502, 503, 408, 429]) expect(policy.resubscribe(httpError(status))).toBe(true);
    expect(policy.resubscribe(httpError(400))).toBe(false);
    expect(policy.refused).toBe(false);
    expect(policy.resubscribe(httpError(401))).toBe(false);
    expect(policy.refused).toBe(true);
    expect(policy.resubscribe(new TypeError('Failed to fetch'))).toBe(false);
  });
});

import { ssePasses, webSocketPasses } from '../../../bench/fanout/fanout';

describe('fan-out bench passes', () => {
  it('WebSocket levels share a pass while their connections carry the same number each', () => {
    expect(webSocketPasses([1000, 5000, 10_000, 20_000, 50_000], 2, 10_000)).toEqual([
      { transport: 'websocket', levels: [1000, 5000, 10_000, 20_000], perConnection: 2 },
      { transport: 'websocket', levels: [50_000], perConnection: 5 },
    ]);
    expect(webSocketPasses([], 2, 10_000)).toEqual([]);
  });

  it('SSE levels: distinct connections up to maxConnections, then single connection mode in a pass of its own', () => {
    expect(ssePasses([1000, 5000, 10_000, 20_000], 'auto', 10_000)).toEqual([
      { transport: 'sse', levels: [1000, 5000, 10_000], perConnection: 1 },
      // The service lets one tenant reserve 1,000 streams: 20,000 take 20 operations per stream.
      { transport: 'sse-single', levels: [20_000], perConnection: 20 },
    ]);
    expect(ssePasses([200, 1000], 'auto', 500)).toEqual([
      { transport: 'sse', levels: [200], perConnection: 1 },
      { transport: 'sse-single', levels: [1000], perConnection: 2 },
    ]);
  });

  it('SSE levels in a forced mode', () => {
    expect(ssePasses([500, 1000, 5000], 'single', 10_000)).toEqual([
      { transport: 'sse-single', levels: [500, 1000], perConnection: 1 },
      { transport: 'sse-single', levels: [5000], perConnection: 5 },
    ]);
    expect(ssePasses([5000], 'distinct', 10_000)).toEqual([{ transport: 'sse', levels: [5000], perConnection: 1 }]);
    expect(() => ssePasses([20_000], 'distinct', 10_000)).toThrow(/more than 10000 connections/);
    expect(() => ssePasses([100_001], 'auto', 10_000)).toThrow(/service's bounds/);
  });
});

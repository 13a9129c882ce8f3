import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

import { ResponseStream } from '../../../src/server/streaming/response-stream';
import { CallerGone } from '../../../src/tasks/task-service';
import { ManualClock } from '../../../src/time/clock';

/** A response whose client reads only when told: bytes written queue up until `drain()`. */
class FakeResponse extends EventEmitter {
  readonly written: string[] = [];
  writableLength = 0;
  destroyed = false;
  ended: string | undefined;
  constructor(private readonly highWaterMark = 100) {
    super();
  }
  write(chunk: Buffer | string): boolean {
    this.written.push(chunk.toString());
    this.writableLength += Buffer.byteLength(chunk);
    return this.writableLength < this.highWaterMark;
  }
  /** The client read everything queued. */
  drain(): void {
    this.writableLength = 0;
    this.emit('drain');
  }
  end(last?: Buffer | string): void {
    this.ended = last?.toString() ?? '';
    this.emit('close');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

function open(options: { maxBufferedBytes?: number; highWaterMark?: number } = {}) {
  const clock = new ManualClock(0);
  const res = new FakeResponse(options.highWaterMark);
  const overflows: Array<[number, number]> = [];
  const stream = new ResponseStream(res as unknown as ServerResponse, {
    heartbeat: Buffer.from(':\n\n'),
    heartbeatMs: 5000,
    maxBufferedBytes: options.maxBufferedBytes ?? 1000,
    clock,
    onOverflow: (queued, max) => overflows.push([queued, max]),
  });
  return { clock, res, stream, overflows };
}

describe('ResponseStream: a bounded long-lived HTTP response', () => {
  it('writes its heartbeat every heartbeatMs, and none once it has ended', () => {
    const { clock, res, stream } = open();
    clock.advance(4999);
    expect(res.written).toEqual([]);
    clock.advance(1);
    expect(res.written).toEqual([':\n\n']);
    res.drain();
    clock.advance(5000);
    expect(res.written).toEqual([':\n\n', ':\n\n']);
    stream.end('bye');
    clock.advance(20_000);
    expect(res.written).toEqual([':\n\n', ':\n\n']);
    expect(res.ended).toBe('bye');
    expect(clock.pendingTimers).toBe(0);
  });

  it('asks the writer to wait while the client has not read, and lets it go on once it has', async () => {
    const { res, stream } = open({ highWaterMark: 10 });
    expect(stream.write('12345')).toBeUndefined();
    const wait = stream.write('1234567890');
    expect(wait).toBeInstanceOf(Promise);
    // Writers waiting together wait for the same drain.
    expect(stream.write('x')).toBe(wait);
    let resumed = false;
    void wait!.then(() => (resumed = true));
    await Promise.resolve();
    expect(resumed).toBe(false);
    res.drain();
    await wait;
    expect(resumed).toBe(true);
    expect(stream.write('after')).toBeUndefined();
  });

  it('destroys the response once more than maxBufferedBytes are queued, and releases its writers and operations', async () => {
    const { res, stream, overflows } = open({ highWaterMark: 10, maxBufferedBytes: 100 });
    const wait = stream.write('a'.repeat(50));
    expect(stream.write('b'.repeat(50))).toBe(wait);
    expect(res.destroyed).toBe(false);
    stream.write('c');
    expect(res.destroyed).toBe(true);
    expect(overflows).toEqual([[101, 100]]);
    expect(stream.closed).toBe(true);
    expect(stream.signal.reason).toBeInstanceOf(CallerGone);
    await wait; // not left hanging
    expect(stream.write('more')).toBeUndefined();
    expect(res.written).toHaveLength(3);
  });

  it('counts queued heartbeats too: a client that never reads is cut off by them alone', () => {
    const { clock, res, overflows } = open({ highWaterMark: 1, maxBufferedBytes: 10 });
    clock.advance(5000 * 3);
    expect(res.destroyed).toBe(false);
    clock.advance(5000);
    expect(res.destroyed).toBe(true);
    expect(overflows).toEqual([[12, 10]]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('aborts its signal with CallerGone when the client goes away', () => {
    const { clock, res, stream } = open();
    expect(stream.signal.aborted).toBe(false);
    res.emit('close');
    expect(stream.signal.reason).toBeInstanceOf(CallerGone);
    expect(stream.write('late')).toBeUndefined();
    expect(res.written).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });
});

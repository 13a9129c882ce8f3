import { EventStream } from '../../../src/live/event-stream';

type E = { key: string; final: boolean; n: number };

describe('EventStream', () => {
  it('delivers pushed events in order, then completes after end()', async () => {
    let closed = 0;
    const s = new EventStream<E>(
      (e) => e.key,
      () => closed++,
    );
    s.push({ key: 'a', final: false, n: 1 });
    const pending = s.next();
    s.push({ key: 'a', final: true, n: 2 });
    s.end();
    expect(await pending).toEqual({ value: { key: 'a', final: false, n: 1 }, done: false });
    expect(await s.next()).toEqual({ value: { key: 'a', final: true, n: 2 }, done: false });
    expect(await s.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it('runs onClose once when the consumer returns, and drops later pushes', async () => {
    let closed = 0;
    const s = new EventStream<E>(
      (e) => e.key,
      () => closed++,
    );
    await s.return();
    s.push({ key: 'a', final: false, n: 1 });
    s.end();
    expect(await s.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it('coalesces non-final events of a key when the consumer falls behind, never dropping a final one', async () => {
    const s = new EventStream<E>(
      (e) => e.key,
      () => undefined,
      3,
    );
    for (let n = 1; n <= 10; n++) s.push({ key: n % 2 ? 'a' : 'b', final: false, n });
    s.push({ key: 'a', final: true, n: 11 });
    s.end();
    const got: E[] = [];
    for await (const e of s) got.push(e);
    expect(got.length).toBeLessThanOrEqual(4);
    expect(got[got.length - 1]).toEqual({ key: 'a', final: true, n: 11 });
    expect(got.some((e) => e.key === 'b' && e.n === 10)).toBe(true);
  });
});

import { PollSlots, vanDerCorput } from '../../../src/live/poll-slots';

describe('PollSlots', () => {
  it('places the k-th task of a group at the van der Corput fraction of k: N tasks 1/N apart when N is a power of two', () => {
    const slots = new PollSlots();
    const phases = Array.from({ length: 8 }, () => slots.take('team-a/tencent-tcss').phase);
    expect(phases).toEqual([0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875]);
    expect([...phases].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => i / 8));
  });

  it('keeps any number of tasks within twice the even spacing of one another', () => {
    const sorted = Array.from({ length: 100 }, (_, k) => vanDerCorput(k)).sort((a, b) => a - b);
    const gaps = sorted.map((p, i) => (i + 1 < sorted.length ? sorted[i + 1]! : 1 + sorted[0]!) - p);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 / 100);
    expect(new Set(sorted).size).toBe(100);
  });

  it('gives a released slot to the next task, the lowest first, without moving the others; groups are apart', () => {
    const slots = new PollSlots();
    const taken = Array.from({ length: 4 }, () => slots.take('g'));
    taken[2]!.release();
    taken[1]!.release();
    taken[1]!.release(); // twice: still one slot given back
    expect(slots.take('g').phase).toBe(0.5);
    expect(slots.take('g').phase).toBe(0.25);
    expect(slots.take('g').phase).toBe(0.125);
    expect(slots.take('other').phase).toBe(0);
    expect(slots.taken('g')).toBe(5);
  });

  it('forgets a group once its last slot is released', () => {
    const slots = new PollSlots();
    const a = slots.take('g');
    const b = slots.take('g');
    a.release();
    b.release();
    expect(slots.taken('g')).toBe(0);
    expect(slots.take('g').phase).toBe(0);
  });
});

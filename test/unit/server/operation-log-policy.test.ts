import { OperationLogPolicy } from '../../../src/server/plugins/operation-log-policy';

describe('OperationLogPolicy: which graphql operation lines go out at info', () => {
  function policy(okPerSecond = 3) {
    let now = 0;
    const p = new OperationLogPolicy(okPerSecond, () => now);
    return { p, advance: (ms: number) => void (now += ms) };
  }

  it('logs successful operations at info up to the rate, then at debug, and tells the next info line how many', () => {
    const { p, advance } = policy();
    expect([1, 2, 3, 4, 5].map(() => p.levelOf('ok', 0.001).level)).toEqual(['info', 'info', 'info', 'debug', 'debug']);
    advance(999);
    expect(p.levelOf('ok', 0.001)).toEqual({ level: 'debug', skipped: 0 }); // the same second
    advance(1);
    expect(p.levelOf('ok', 0.001)).toEqual({ level: 'info', skipped: 3 }); // a new second
    expect(p.levelOf('ok', 0.001)).toEqual({ level: 'info', skipped: 0 });
  });

  it('always logs failed, partial and slow operations at info, even past the rate', () => {
    const { p } = policy(1);
    expect(p.levelOf('ok', 0.001).level).toBe('info');
    expect(p.levelOf('ok', 0.001).level).toBe('debug');
    expect(p.levelOf('error', 0.001)).toEqual({ level: 'info', skipped: 1 });
    expect(p.levelOf('partial', 0.001).level).toBe('info');
    expect(p.levelOf('ok', 1).level).toBe('info'); // slow: 1 s
    expect(p.levelOf('ok', 0.999).level).toBe('debug');
  });
});

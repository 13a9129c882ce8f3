import { demoSpeed } from '../../../src/demo/demo-speed';
import { ConfigError } from '../../../src/options/config-error';

describe('EXPORTS_DEMO_SPEED', () => {
  it.each([
    [undefined, 1],
    ['', 1],
    ['1', 1],
    ['60', 60],
    ['0.5', 0.5],
    ['2.', 2],
    ['1000', 1000],
  ])('%j runs the demo tasks %d times faster', (value, speed) => {
    expect(demoSpeed(value === undefined ? {} : { EXPORTS_DEMO_SPEED: value })).toBe(speed);
  });

  it.each(['0', '-1', 'fast', '1e3', '0x10', '1001', 'Infinity', 'NaN', ' ', '60s'])('refuses %j, naming the variable', (value) => {
    const attempt = () => demoSpeed({ EXPORTS_DEMO_SPEED: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      `EXPORTS_DEMO_SPEED: expected a number greater than 0 and at most 1000 (how many times faster the demo tasks run; default 1), but got ${JSON.stringify(value)}`,
    );
  });
});

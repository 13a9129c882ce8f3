/**
 * Awaits `action` with everything written to the console, stdout or stderr meanwhile captured instead of
 * printed, for libraries that log on their own (the Huawei core logs every failed request through log4js
 * straight to stdout). Returns how the action settled and what it wrote. Run one at a time: the capture
 * is process-wide while it lasts.
 */
export async function capturingOutput<T>(action: () => Promise<T>): Promise<{ settled: PromiseSettledResult<T>; output: string }> {
  const output: string[] = [];
  const record = (...args: unknown[]): boolean => output.push(args.map(String).join(' ')) > 0;
  // spyOn returns the no-console guard's spy where there is one: swap its implementation and put it back.
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => jest.spyOn(console, name)),
    jest.spyOn(process.stdout, 'write'),
    jest.spyOn(process.stderr, 'write'),
  ];
  const previous = spies.map((spy) => spy.getMockImplementation());
  for (const spy of spies) spy.mockImplementation(record as never);
  try {
    const [settled] = await Promise.allSettled([action()]);
    return { settled: settled as PromiseSettledResult<T>, output: output.join('') };
  } finally {
    spies.forEach((spy, index) => {
      const implementation = previous[index];
      if (implementation === undefined) spy.mockRestore();
      else spy.mockImplementation(implementation as never);
    });
  }
}

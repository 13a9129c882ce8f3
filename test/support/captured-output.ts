/** Output captured from the console, stdout and stderr while a capture lasts. */
interface Capture {
  readonly output: string[];
  /** Puts the console, stdout and stderr back as they were. */
  stop(): void;
}

/**
 * Captures everything written to the console, stdout or stderr instead of printing it, for libraries
 * that log on their own (the Huawei core logs through log4js straight to stdout, and moment warns on the
 * console), so that only our own output meets the no-console guard. Process-wide while it lasts.
 */
function startCapture(): Capture {
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
  return {
    output,
    stop: () =>
      spies.forEach((spy, index) => {
        const implementation = previous[index];
        if (implementation === undefined) spy.mockRestore();
        else spy.mockImplementation(implementation as never);
      }),
  };
}

/** Runs `action` with its output captured (`startCapture`); returns its result and what it wrote. */
export function capturingOutputSync<T>(action: () => T): { result: T; output: string[] } {
  const capture = startCapture();
  try {
    return { result: action(), output: capture.output };
  } finally {
    capture.stop();
  }
}

/**
 * Awaits `action` with its output captured (`startCapture`); returns how it settled and what it wrote.
 * Run one at a time: the capture is process-wide while it lasts.
 */
export async function capturingOutput<T>(action: () => Promise<T>): Promise<{ settled: PromiseSettledResult<T>; output: string }> {
  const capture = startCapture();
  try {
    const [settled] = await Promise.allSettled([action()]);
    return { settled: settled as PromiseSettledResult<T>, output: capture.output.join('') };
  } finally {
    capture.stop();
  }
}

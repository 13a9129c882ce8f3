/**
 * Fails any test that writes to the console: stray output hides real failures and may leak secrets.
 * Tests that expect output capture it explicitly (see test/support/capture-logs.ts).
 */
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let written: string[] = [];
beforeEach(() => {
  written = [];
  for (const m of methods) {
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      written.push(`console.${m}: ${args.map(String).join(' ')}`);
    });
  }
});
afterEach(() => {
  jest.restoreAllMocks();
  if (written.length > 0) throw new Error(`unexpected console output:\n${written.join('\n')}`);
});

/**
 * One problem of a configuration: the option (a JSON path such as
 * `$.tenants[0].providers.tencent-tcss.region`, or an environment variable's name), what was expected and
 * what was given, described without ever showing a secret's value.
 */
export interface ConfigIssue {
  readonly path: string;
  readonly expected: string;
  readonly got: string;
  /** The line a person reads: `<path>: expected <expected>, but got <got>` unless the problem reads better otherwise. */
  readonly message: string;
}

/** An issue; `message` defaults to `<path>: expected <expected>, but got <got>`. */
export function configIssue(path: string, expected: string, got: string, message?: string): ConfigIssue {
  return { path, expected, got, message: message ?? `${path}: expected ${expected}, but got ${got}` };
}

/**
 * Configuration problems found at start-up (or by `--check-config`): every problem of the file at once, in
 * `issues`, and one per line in the message. `new ConfigError(message)` is one problem told in words only
 * (its `issues` are empty).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(problems: string | readonly ConfigIssue[]) {
    super(typeof problems === 'string' ? problems : problems.map((i) => i.message).join('\n'));
    this.issues = typeof problems === 'string' ? [] : problems;
  }
}

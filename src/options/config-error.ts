/**
 * A configuration problem found at start-up. The message names the option (as a JSON path), what was
 * expected and what was given; values of secret options are never shown.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

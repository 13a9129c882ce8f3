/**
 * Thrown when a request cannot be signed as given: a signed header is absent, a required header is
 * missing or malformed, or an option is invalid. Its message names the contract and the offending
 * value, never a secret. A verifier treats it as "signature does not match".
 */
export class SigningError extends Error {
  override readonly name = 'SigningError';
}

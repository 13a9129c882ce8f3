/**
 * Removes graphql-js's "Did you mean …?" suggestions from an error message. With introspection off,
 * they would let a caller map the schema field by field (the same rule as Apollo's
 * `hideSchemaDetailsFromClientErrors`, applied to WebSocket operations and to every error kind).
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}

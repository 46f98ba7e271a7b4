/**
 * A handler's way of saying "this message can never succeed" (a rule it violates, data it cannot
 * use): the consumer sends it to the dead-letter topic and moves on instead of retrying.
 */
export class PermanentError extends Error {
  override readonly name = "PermanentError";
}

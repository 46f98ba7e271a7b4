/**
 * What a domain's `decide` speaks in: plain data, no I/O. A service's domain/ imports these from
 * `@danvan/platform/domain` and nothing else of the kit.
 */

/** Something that happened, as the domain names it; the kit turns it into its contract event. */
export interface Fact<Name extends string = string> {
  /** The key of the contract event in the aggregate's `events` map. */
  name: Name;
  /** What changed: published as the event's `data.change`. */
  change: Record<string, unknown>;
}

/** The outcome of a command: the aggregate after it, and the facts that happened, in order. */
export interface Decision<State, F extends Fact = Fact> {
  state: State;
  facts: readonly F[];
}

/** Words for people, in Vietnamese and English. */
export interface Text {
  vi: string;
  en: string;
}

/**
 * The command is not allowed in the aggregate's current state: HTTP 409, naming that state (in
 * words when the domain gives `statusName`) or, better, the specific reason (`why`).
 */
export class TransitionRefusedError extends Error {
  override readonly name = "TransitionRefusedError";
  readonly command: string;
  readonly status: string;
  readonly why: Text | undefined;
  readonly statusName: Text | undefined;

  constructor(command: string, status: string, why?: Text, statusName?: Text) {
    super(`${command} is not allowed while the status is ${status}${why ? `: ${why.en}` : ""}`);
    this.command = command;
    this.status = status;
    this.why = why;
    this.statusName = statusName;
  }
}

/**
 * The command breaks a rule of the domain about its own values (a receipt date in the future, a
 * legal start before the receipt): HTTP 422 `command-refused`, with the field and a message for
 * the user in Vietnamese and English.
 */
export class CommandRefusedError extends Error {
  override readonly name: string = "CommandRefusedError";
  /** The command's field the rule is about (`receivedAt`). */
  readonly field: string;
  readonly text: Text;
  readonly code: string = "command-refused";

  constructor(field: string, text: Text) {
    super(`${field}: ${text.en}`);
    this.field = field;
    this.text = text;
  }
}

/**
 * The command names something that does not exist, or did not when its fact happens — a unit
 * abolished by a reform, an unknown agency: HTTP 422 `invalid-reference`, saying what to name
 * instead where there is a successor.
 */
export class ReferenceRefusedError extends CommandRefusedError {
  override readonly name: string = "ReferenceRefusedError";
  override readonly code: string = "invalid-reference";
}

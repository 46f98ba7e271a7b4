/** The command is not allowed in the aggregate's current state (HTTP 409 with that state). */
export class TransitionRefusedError extends Error {
  override readonly name = "TransitionRefusedError";
  readonly command: string;
  readonly status: string;

  constructor(command: string, status: string, why?: string) {
    super(`${command} is not allowed while the status is ${status}${why ? `: ${why}` : ""}`);
    this.command = command;
    this.status = status;
  }
}

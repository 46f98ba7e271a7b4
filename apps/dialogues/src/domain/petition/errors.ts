import type { Status } from "./model.ts";

/** The command is not allowed in the petition's current state (HTTP 409 with that state). */
export class TransitionRefusedError extends Error {
  override readonly name = "TransitionRefusedError";
  readonly command: string;
  readonly status: Status;

  constructor(command: string, status: Status, why?: string) {
    super(`${command} is not allowed while the petition is ${status}${why ? `: ${why}` : ""}`);
    this.command = command;
    this.status = status;
  }
}

import type { AccessTokenClaims } from "@danvan/contracts";
import type { Request } from "express";
import type { CommandMeta } from "../application/events.ts";

/** What a request's command carries besides its body: its correlation, its trace and who asked. */
export const commandMeta = (req: Request): CommandMeta => ({
  correlationId: req.correlationId,
  traceparent: req.traceparent,
  actor: (req.user as AccessTokenClaims).sub,
});

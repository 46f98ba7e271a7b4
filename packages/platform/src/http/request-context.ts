import type { AccessTokenClaims } from "@danvan/contracts";
import type { Logger } from "../log/index.ts";

declare global {
  namespace Express {
    interface Request {
      /** The request's logger: every line carries its correlation id. */
      log: Logger;
      correlationId: string;
      /** W3C traceparent of this request; pass it to the events it writes. */
      traceparent: string;
      /** Set by requireUser. */
      user?: AccessTokenClaims;
    }
  }
}

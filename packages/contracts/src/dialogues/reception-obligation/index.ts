export { receptionObligationMissedV1 } from "./missed.v1.ts";

export type { Session, SessionCommand, SessionFact, SessionStatus } from "./session.ts";
export { decideSession, SESSION_ALLOWED_FROM, sessionFactNames } from "./session.ts";

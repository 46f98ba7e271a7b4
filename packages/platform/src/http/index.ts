export type { HttpAppOptions, ReadinessCheck } from "./app.ts";
export { createHttpApp, createMetricsApp } from "./app.ts";
export type { TokenVerifier, TokenVerifierOptions } from "./auth.ts";
export {
  bearerToken,
  createTokenVerifier,
  endedSessionsUrl,
  jwksFrom,
  requireUser,
  SessionEndedError,
  TokenRefusedError,
  tokenVerifierFrom,
} from "./auth.ts";
export type { CommandAvailability, CommandRoute } from "./command-routes.ts";
export { availableCommands, commandRoutes } from "./command-routes.ts";
export type { EndedSessionsAnswer, SessionEndedCheck } from "./ended-sessions.ts";
export { endedSessionsSchema, watchEndedSessions } from "./ended-sessions.ts";
export {
  fields,
  pageAnswer,
  pageSchema,
  pageWindow,
  periodEnd,
  periodStart,
} from "./fields.ts";
export type { Language } from "./language.ts";
export { preferredLanguage } from "./language.ts";
export { normalizeInput } from "./normalize.ts";
export { openApiDocument, openApiPaths } from "./openapi.ts";
export type { FieldError } from "./problem.ts";
export {
  databaseUnavailable,
  HttpProblem,
  problemHandler,
  problems,
  sendProblem,
} from "./problem.ts";
export { readiness } from "./readiness.ts";
export type {
  ProblemStatus,
  Route,
  RouteDeclaration,
  RouteInput,
  RouteResult,
} from "./routes.ts";
export {
  authorize,
  checkAccess,
  forbidden,
  mountRoutes,
  publicRoute,
  route,
} from "./routes.ts";
export type { GracefulShutdown, ShutdownStep } from "./shutdown.ts";
export { createGracefulShutdown, exitOnSignals } from "./shutdown.ts";
export { continueTrace } from "./trace.ts";
export { parseRequest } from "./validate.ts";

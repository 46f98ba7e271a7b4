import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { ReadinessCheck } from "@danvan/platform/http";
import { createHttpApp } from "@danvan/platform/http";
import type { Logger } from "@danvan/platform/log";
import type { Telemetry } from "@danvan/platform/telemetry";
import { createRequestHandler } from "@react-router/express";
import express from "express";
import type { RouterContextProvider, ServerBuild } from "react-router";
import type { WebConfig } from "./config.ts";
import { gatewayDoor } from "./gateway-door.ts";

/** What the build's entry module (app/entry.server.tsx) gives the server for each request. */
type PageContext = (options: {
  gatewayUrl: string;
  sessionSecrets: string[];
}) => (request: { nonce: string; address: string }) => RouterContextProvider;

/** The answer's CSP nonce, made when the policy header is written and given to the page. */
const nonceOf = (res: ServerResponse) => {
  const locals = (res as ServerResponse & { locals: { cspNonce?: string } }).locals;
  locals.cspNonce ??= randomBytes(16).toString("base64");
  return locals.cspNonce;
};

/**
 * The web app: the platform's HTTP app (security headers, correlation ids, request logs,
 * probes), with a Content-Security-Policy that allows this origin's scripts and the page's own
 * inline ones by nonce, the built assets, the gateway's API passed through at /api, and every
 * other address a page rendered by React Router.
 */
export function createWebApp(options: {
  config: Pick<WebConfig, "GATEWAY_URL" | "SESSION_SECRETS" | "TRUST_PROXY">;
  build: ServerBuild;
  /** Where the client build is (its assets are served from here). */
  clientDirectory: string;
  logger: Logger;
  telemetry: Telemetry;
  readiness: ReadinessCheck[];
}) {
  const { config } = options;
  const door = gatewayDoor(config.GATEWAY_URL);
  const entry = options.build.entry.module as unknown as { pageContext: PageContext };
  const contextFor = entry.pageContext({
    gatewayUrl: config.GATEWAY_URL,
    sessionSecrets: config.SESSION_SECRETS,
  });
  const pages = createRequestHandler({
    build: options.build,
    getLoadContext: (req, res) => contextFor({ nonce: nonceOf(res), address: req.ip ?? "" }),
  });
  return createHttpApp({
    logger: options.logger,
    telemetry: options.telemetry,
    readiness: options.readiness,
    trustProxy: config.TRUST_PROXY,
    referrerPolicy: "same-origin",
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", (_req, res) => `'nonce-${nonceOf(res)}'`],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
    },
    rawRoutes(app) {
      app.use(
        "/assets",
        express.static(`${options.clientDirectory}/assets`, { immutable: true, maxAge: "1y" }),
      );
      // Only the files the build puts beside the assets: a page's address costs no disk lookup.
      app.get("/favicon.svg", express.static(options.clientDirectory, { maxAge: "1d" }));
      app.use(["/api", "/.well-known"], door);
      app.all("/{*path}", pages);
    },
  });
}

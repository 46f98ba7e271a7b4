import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { type Express } from "express";

const swaggerUi = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Dân vận — API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="api"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/viewer.js"></script>
</body>
</html>`;

/** Starts the viewer: a file of its own, as the content security policy allows no inline script. */
const VIEWER = `SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#api", persistAuthorization: true });`;

/** The API description and an interactive viewer of it (Swagger UI) for people trying the API. */
export function docsRoutes(document: () => Promise<unknown>) {
  return (app: Express) => {
    app.get("/api/openapi.json", async (_req, res) => {
      res.json(await document());
    });
    app.use("/api/docs/assets", express.static(swaggerUi, { index: false, maxAge: "1d" }));
    app.get("/api/docs/viewer.js", (_req, res) => {
      res.type("text/javascript").send(VIEWER);
    });
    app.get("/api/docs", (_req, res) => {
      res.type("html").send(PAGE);
    });
  };
}

import { openApi } from "@danvan/platform/http";
import { holidayTableBody } from "./holiday-routes.ts";
import { commandBodies, listQuery, metricsQuery, receiveBody } from "./petition-routes.ts";
import { holderBody } from "./reception-routes.ts";
import { scheduleBody, sessionCommandBodies, sessionListQuery } from "./session-routes.ts";

const { operation, queryParameters, idParameter } = openApi;
const errors = openApi.problemResponses;

/** The API description, generated from the same zod schemas the routes validate with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {
    "/petitions": {
      post: operation("Receive a petition", receiveBody, {
        responses: { "201": { description: "Created" }, ...errors },
      }),
      get: operation("List petitions in the caller's scope", undefined, {
        parameters: queryParameters(listQuery),
      }),
    },
    "/petitions/{id}": { get: operation("A petition", undefined, { parameters: [idParameter] }) },
    "/petitions/{id}/timeline": {
      get: operation("A petition's timeline: every event, when, and who caused it", undefined, {
        parameters: [idParameter],
      }),
    },
    "/petition-metrics": {
      get: operation(
        "DOMAIN.md's petition metrics over the caller's scope, overall and per channel",
        undefined,
        {
          parameters: queryParameters(metricsQuery),
        },
      ),
    },
    "/sessions": {
      post: operation("Schedule a dialogue or reception", scheduleBody, {
        responses: { "201": { description: "Created" }, ...errors },
      }),
      get: operation("List sessions with their petitions' answered and pending counts", undefined, {
        parameters: queryParameters(sessionListQuery),
      }),
    },
    "/sessions/{id}/timeline": {
      get: operation("A session's timeline: every event, when, and who caused it", undefined, {
        parameters: [idParameter],
      }),
    },
    "/sessions/{id}": {
      get: operation("A session with its petitions' answered and pending counts", undefined, {
        parameters: [idParameter],
      }),
    },
    "/reception-holders/{id}": {
      put: operation("Register a position holder with a monthly reception obligation", holderBody, {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      }),
    },
    "/holiday-table": {
      put: operation("Replace the holiday table and recompute running deadlines", holidayTableBody),
    },
  };
  for (const [command, body] of Object.entries(commandBodies)) {
    paths[`/petitions/{id}/${command}`] = {
      post: operation(`Petition command: ${command}`, body, {
        parameters: [
          idParameter,
          { name: "If-Match", in: "header", required: false, schema: { type: "string" } },
        ],
      }),
    };
  }
  for (const [command, body] of Object.entries(sessionCommandBodies)) {
    paths[`/sessions/{id}/${command}`] = {
      post: operation(`Session command: ${command}`, body, { parameters: [idParameter] }),
    };
  }
  return openApi.document("Dân vận — dialogues service", paths);
}

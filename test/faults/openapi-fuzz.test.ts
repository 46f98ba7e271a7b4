import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./src/figures.ts";
import type { Schema } from "./src/schema-values.ts";
import { seeded, unknownSchemas, validValue } from "./src/schema-values.ts";
import { faultServices } from "./src/services.ts";
import type { FaultSystem } from "./src/system.ts";
import { startFaultSystem } from "./src/system.ts";

// Row "schema-driven fuzzing of the whole OpenAPI": every operation the gateway describes (its
// own and each service's behind it) is called with requests generated from its own schema, with
// a province administrator's token and a commune officer's. Expected: never a 5xx, never a
// status the operation does not document, and no schema-valid request refused as invalid (400).
const SEED = Number(process.env.FAULTS_SEED ?? 20261203);
const PER_OPERATION = Number(process.env.FAULTS_REQUESTS_PER_OPERATION ?? 8);
/** Operations that end the caller's own login: called last, once. */
const ENDING_THE_LOGIN = new Set(["logOut", "changePassword"]);
/** Long-lived answers and the viewer: not API calls to fuzz. */
const NOT_FUZZED = new Set(["streamChanges"]);

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: { "application/json": { schema: Schema } } };
  responses: Record<string, unknown>;
}

let system: FaultSystem;
const tokens: Record<string, string> = {};
/** Ids of petitions that exist, for `{id}` of some generated requests. */
const knownIds: string[] = [];

beforeAll(async () => {
  system = await startFaultSystem({ name: "fuzz", portBase: 19680, services: faultServices });
  tokens.province = await system.login("fuzz.tinh", "province_admin");
  tokens.commune = await system.login("fuzz.xa", "commune_officer", ["00004"]);
  // Some real ids, so that generated requests reach existing things too, not only 404s.
  for (const service of faultServices) {
    for (let n = 0; n < 3; n++) {
      const made = await service.write(system.url, tokens.commune as string, n);
      if (made.id) knownIds.push(made.id);
    }
  }
});
afterAll(async () => {
  await system?.close();
});

describe("the whole API, fuzzed from its own description", () => {
  it("answers every schema-valid request with a documented status, never a 5xx or a 400", async () => {
    const document = (await (await fetch(`${system.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const random = seeded(SEED);
    const findings: string[] = [];
    const skipped = new Set<string>();
    const statuses = new Map<string, number>();
    let sent = 0;
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    const ordered = [
      ...operations.filter((o) => !ENDING_THE_LOGIN.has(o.operation.operationId)),
      ...operations.filter((o) => ENDING_THE_LOGIN.has(o.operation.operationId)),
    ].filter((o) => !NOT_FUZZED.has(o.operation.operationId));

    for (const { path, method, operation } of ordered) {
      const times = ENDING_THE_LOGIN.has(operation.operationId) ? 1 : PER_OPERATION;
      for (const [who, token] of Object.entries(tokens)) {
        for (let i = 0; i < times; i++) {
          let url = path;
          const query = new URLSearchParams();
          let unbuildable = false;
          for (const parameter of operation.parameters ?? []) {
            if (parameter.in === "header") continue;
            if (parameter.in === "query" && !parameter.required && random.chance(0.5)) continue;
            const value =
              parameter.in === "path" && parameter.name === "id" && random.chance(0.5)
                ? random.pick(knownIds)
                : validValue(parameter.schema, random);
            if (value === undefined) {
              unbuildable = true;
              break;
            }
            if (parameter.in === "path") url = url.replace(`{${parameter.name}}`, String(value));
            else query.set(parameter.name, String(value));
          }
          const schema = operation.requestBody?.content["application/json"].schema;
          const body = schema ? validValue(schema, random) : undefined;
          if (unbuildable || (schema && body === undefined)) {
            skipped.add(`${method.toUpperCase()} ${path}`);
            continue;
          }
          const response = await fetch(`${system.url}${url}${query.size > 0 ? `?${query}` : ""}`, {
            method: method.toUpperCase(),
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { "content-type": "application/json" }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          sent++;
          const key = `${method.toUpperCase()} ${path} ${response.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          const where = `${who}: ${method.toUpperCase()} ${url}${query.size > 0 ? `?${query}` : ""} ${JSON.stringify(body ?? null).slice(0, 300)}`;
          if (response.status >= 500)
            findings.push(`${response.status} ${where} → ${text.slice(0, 300)}`);
          else if (!(String(response.status) in operation.responses)) {
            findings.push(`undocumented ${response.status} ${where} → ${text.slice(0, 200)}`);
          } else if (response.status === 400) {
            findings.push(`400 for a valid request ${where} → ${text.slice(0, 300)}`);
          }
        }
      }
    }
    recordFigures("openapi-fuzz", {
      seed: SEED,
      operations: ordered.length,
      sent,
      skipped: [...skipped],
      unknownSchemas: [...unknownSchemas],
      findings: findings.length,
      findingsList: findings,
      statuses: Object.fromEntries(statuses),
    });
    expect(findings, `seed ${SEED}`).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

interface ComposeService {
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
}

/**
 * A service of the repository's docker-compose.yml as a container gets it: its environment with
 * `${VAR:-default}` read as the default and `${VAR:?message}` (a value the operator must give,
 * a secret) as `operator[VAR]`, and what it waits for. Apps' tests load their configuration from
 * it, so that the compose file cannot drift from what a service needs (Docker itself does not
 * run where the tests run).
 */
export function dockerComposeService(
  name: string,
  operator: Record<string, string> = {},
): {
  environment: Record<string, string>;
  dependsOn: Record<string, string>;
} {
  const file = fileURLToPath(new URL("../../../docker-compose.yml", import.meta.url));
  const compose = parse(readFileSync(file, "utf8")) as { services: Record<string, ComposeService> };
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service "${name}"`);
  const environment = Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [
      key,
      String(value)
        .replaceAll(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, "$1")
        .replaceAll(/\$\{([A-Z0-9_]+):\?[^}]*\}/g, (_, variable: string) => {
          const given = operator[variable];
          if (given === undefined) throw new Error(`docker-compose.yml needs ${variable}`);
          return given;
        }),
    ]),
  );
  const dependsOn = Object.fromEntries(
    Object.entries(service.depends_on ?? {}).map(([key, value]) => [key, value.condition]),
  );
  return { environment, dependsOn };
}

import { randomBytes } from "node:crypto";
import { loadConfig } from "@danvan/platform/config";
import { dockerComposeService } from "@danvan/testing";
import { describe, expect, it } from "vitest";
import { configSchema } from "../server/config.ts";

// docker-compose.yml runs the web app with a configuration it accepts, once the gateway is ready.
describe("docker-compose.yml", () => {
  it("configures the web app as its schema requires, after the gateway", () => {
    // The cookie's signing secret is the operator's, not in the file.
    const { environment, dependsOn } = dockerComposeService("web", {
      DANVAN_SESSION_SECRETS: randomBytes(32).toString("base64url"),
    });
    const config = loadConfig(configSchema, environment);
    expect(config.GATEWAY_URL).toBe("http://gateway:3000");
    expect(dependsOn).toMatchObject({ gateway: "service_healthy" });
  });
});

import { loadConfig } from "@danvan/platform/config";
import { dockerComposeService, testPersonalDataKeys } from "@danvan/testing";
import { describe, expect, it } from "vitest";
import { configSchema } from "../src/config.ts";

// docker-compose.yml runs the dialogues service with a configuration it accepts, once the topics
// are provisioned and the database answers.
describe("docker-compose.yml", () => {
  it("configures the dialogues service as its schema requires, after provisioning", () => {
    // The keys sealing personal data are the operator's secret, not in the file.
    const { environment, dependsOn } = dockerComposeService("dialogues", {
      DANVAN_PERSONAL_DATA_KEYS: testPersonalDataKeys(),
    });
    expect(() => loadConfig(configSchema, environment)).not.toThrow();
    expect(dependsOn).toMatchObject({
      topics: "service_completed_successfully",
      mongo: "service_healthy",
    });
  });
});

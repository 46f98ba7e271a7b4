import type { TestProject } from "vitest/node";
import { startInfrastructure } from "./infrastructure.ts";
import { newRunPrefix } from "./scope.ts";
import { sweepRun } from "./sweep.ts";
import "./provided.ts";

/**
 * vitest global setup: starts (or finds) Kafka and the database once for the whole run and hands
 * their addresses to test files, which read them with `inject` (see testScope); afterwards drops
 * the databases and topics the run's scopes left behind.
 */
export default async function setup(project: TestProject) {
  const infrastructure = await startInfrastructure();
  const runPrefix = newRunPrefix();
  project.provide("kafkaBrokers", infrastructure.kafkaBrokers);
  project.provide("mongoUrl", infrastructure.mongoUrl);
  project.provide("runPrefix", runPrefix);
  return async () => {
    try {
      await sweepRun(infrastructure, runPrefix);
    } catch (error) {
      // Leftovers cost disk, not correctness: a failed sweep does not fail the run.
      process.stderr.write(`could not drop this run's test databases and topics: ${error}\n`);
    }
    await infrastructure.stop();
  };
}

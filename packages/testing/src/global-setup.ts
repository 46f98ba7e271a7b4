import type { TestProject } from "vitest/node";
import { startInfrastructure } from "./infrastructure.ts";
import "./provided.ts";

/**
 * vitest global setup: starts (or finds) Kafka and the database once for the whole run and hands
 * their addresses to test files, which read them with `inject` (see testScope).
 */
export default async function setup(project: TestProject) {
  const infrastructure = await startInfrastructure();
  project.provide("kafkaBrokers", infrastructure.kafkaBrokers);
  project.provide("mongoUrl", infrastructure.mongoUrl);
  return () => infrastructure.stop();
}

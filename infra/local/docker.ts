import { join } from "node:path";
import { repositoryDir } from "./paths.ts";
import type { LocalSettings } from "./settings.ts";
import { run, runOrThrow } from "./tools.ts";

const SERVICES = ["kafka", "mongo"];

/** True when a Docker engine answers (not merely when the docker client is installed). */
export async function dockerEngineAnswers(): Promise<boolean> {
  const result = await run("docker", ["info", "--format", "{{.ServerVersion}}"], {
    timeoutMs: 5000,
  });
  return result.code === 0;
}

function compose(settings: LocalSettings, args: string[]) {
  return {
    args: ["compose", "-f", join(repositoryDir(), "docker-compose.yml"), ...args],
    env: {
      ...process.env,
      DANVAN_KAFKA_PORT: String(settings.kafkaPort),
      DANVAN_MONGO_PORT: String(settings.mongoPort),
    },
  };
}

export async function composeUp(settings: LocalSettings): Promise<void> {
  const { args, env } = compose(settings, ["up", "--detach", "--wait", ...SERVICES]);
  await runOrThrow("docker compose up", "docker", args, { env, timeoutMs: 10 * 60_000 });
}

export async function composeDown(settings: LocalSettings, services = SERVICES): Promise<void> {
  const { args, env } = compose(settings, ["rm", "--stop", "--force", ...services]);
  await runOrThrow("docker compose rm", "docker", args, { env, timeoutMs: 2 * 60_000 });
}

/** The infrastructure services that compose reports as running. */
export async function composeRunning(settings: LocalSettings): Promise<string[]> {
  const { args, env } = compose(settings, ["ps", "--status", "running", "--services"]);
  const result = await run("docker", args, { env, timeoutMs: 30_000 });
  if (result.code !== 0) return [];
  return result.output.split("\n").filter((name) => SERVICES.includes(name.trim()));
}

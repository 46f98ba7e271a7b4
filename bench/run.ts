// `npm run bench [-- name…]`: runs benchmarks against the real local infrastructure and prints
// a Markdown table for BENCHMARKS.md. Variants of one benchmark run interleaved, round after
// round, in one process, so a noisy machine slows them alike and their ratios stay meaningful.
// First: the web app's pages are measured with React's production build, as it runs.
import "../apps/web/server/production.ts";
import { acquireInfrastructure, runStep } from "../scripts/infrastructure.ts";
import { dashboardReads } from "./dashboard-reads.ts";
import { freshness } from "./freshness.ts";
import type { Environment } from "./harness.ts";
import { formatResults, runBenchmark } from "./harness.ts";
import { kafkaProducer } from "./kafka-producer.ts";
import { liveUpdates } from "./live-updates.ts";
import { overdue } from "./overdue.ts";
import { petitionLists } from "./petition-lists.ts";
import { rebuild } from "./rebuild.ts";
import type { BenchEnvironment } from "./system.ts";
import { webPages } from "./web-pages.ts";

/** Each benchmark prints a Markdown section for BENCHMARKS.md. */
type Run = (env: BenchEnvironment, progress: (line: string) => void) => Promise<string>;
const all: Record<string, Run> = {
  "kafka-producer": async (env, progress) =>
    formatResults(kafkaProducer, await runBenchmark(kafkaProducer, env as Environment, progress)),
  freshness,
  "dashboard-reads": dashboardReads,
  rebuild,
  overdue,
  "live-updates": liveUpdates,
  "petition-lists": petitionLists,
  "web-pages": webPages,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in all));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark ${unknown.join(", ")}; choose from: ${Object.keys(all).join(", ")}`,
  );
  process.exit(2);
}
const selected = wanted.length === 0 ? Object.keys(all) : wanted;

// The services run in this process from their builds: build them (cached) first.
if (
  runStep("turbo", [
    "run",
    "build",
    "--filter=@danvan/gateway...",
    "--filter=@danvan/dialogues...",
    "--filter=@danvan/web...",
    "--output-logs=errors-only",
  ]) !== 0
) {
  console.error("the build failed");
  process.exit(1);
}
const infrastructure = await acquireInfrastructure();
const environment: BenchEnvironment = {
  kafkaBrokers: infrastructure.kafkaBrokers.split(","),
  mongoUrl: infrastructure.mongoUrl,
};
try {
  for (const name of selected) {
    console.error(`• ${name}`);
    console.log(await (all[name] as Run)(environment, (line) => console.error(line)));
  }
} finally {
  await infrastructure.release();
}

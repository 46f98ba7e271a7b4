// `npm run bench [-- name…]`: runs benchmarks against the real local infrastructure and prints
// a Markdown table for BENCHMARKS.md. Variants of one benchmark run interleaved, round after
// round, in one process, so a noisy machine slows them alike and their ratios stay meaningful.
import { acquireInfrastructure } from "../scripts/infrastructure.ts";
import type { Benchmark, Environment } from "./harness.ts";
import { formatResults, runBenchmark } from "./harness.ts";
import { kafkaProducer } from "./kafka-producer.ts";

const all: Benchmark[] = [kafkaProducer];

const wanted = process.argv.slice(2);
const selected = wanted.length === 0 ? all : all.filter((b) => wanted.includes(b.name));
if (selected.length === 0) {
  console.error(`unknown benchmark; choose from: ${all.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

const infrastructure = await acquireInfrastructure();
const environment: Environment = { kafkaBrokers: infrastructure.kafkaBrokers.split(",") };
try {
  for (const benchmark of selected) {
    const results = await runBenchmark(benchmark, environment, (line) => console.error(line));
    console.log(formatResults(benchmark, results));
  }
} finally {
  await infrastructure.release();
}

import { cpus } from "node:os";

export interface Environment {
  kafkaBrokers: string[];
}

/** One way of doing the thing measured; `run` performs `operations` operations once. */
export interface Variant {
  name: string;
  setup?(env: Environment): Promise<void>;
  run(env: Environment): Promise<void>;
  teardown?(): Promise<void>;
}

export interface Benchmark {
  name: string;
  description: string;
  /** Operations per round, to report a rate. */
  operations: number;
  unit: string;
  rounds: number;
  variants: Variant[];
  /** The variant the others are compared to. */
  baseline: string;
  /** Removes what setup left on the infrastructure. */
  cleanup?(env: Environment): Promise<void>;
}

export interface VariantResult {
  name: string;
  /** Rate of each round, operations per second. */
  rates: number[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Runs every variant once per round, in turn, after one untimed warm-up round. */
export async function runBenchmark(
  benchmark: Benchmark,
  env: Environment,
  progress: (line: string) => void,
): Promise<VariantResult[]> {
  for (const variant of benchmark.variants) await variant.setup?.(env);
  try {
    for (const variant of benchmark.variants) await variant.run(env);
    const results = benchmark.variants.map((v) => ({ name: v.name, rates: [] as number[] }));
    for (let round = 1; round <= benchmark.rounds; round++) {
      for (const [i, variant] of benchmark.variants.entries()) {
        const started = performance.now();
        await variant.run(env);
        const seconds = (performance.now() - started) / 1000;
        results[i]?.rates.push(benchmark.operations / seconds);
      }
      progress(`  ${benchmark.name}: round ${round}/${benchmark.rounds} done`);
    }
    return results;
  } finally {
    for (const variant of benchmark.variants) await variant.teardown?.();
    await benchmark.cleanup?.(env);
  }
}

export function formatResults(benchmark: Benchmark, results: VariantResult[]): string {
  const baseline = median(results.find((r) => r.name === benchmark.baseline)?.rates ?? [1]);
  const lines = [
    `### ${benchmark.name}`,
    "",
    benchmark.description,
    "",
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.versions.node}, ` +
      `${benchmark.rounds} interleaved rounds of ${benchmark.operations} ${benchmark.unit}.`,
    "",
    `| variant | median ${benchmark.unit}/s | min | max | vs ${benchmark.baseline} |`,
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  for (const r of results) {
    const m = median(r.rates);
    lines.push(
      `| ${r.name} | ${m.toFixed(0)} | ${Math.min(...r.rates).toFixed(0)} | ${Math.max(...r.rates).toFixed(0)} | ${(m / baseline).toFixed(2)}× |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

// Issue 15: what a list of petitions costs as the petitions grow to 100,000 — the dialogues
// service's own list queries (count and page) on the local FerretDB, for the lists people make:
// the province's newest, a commune's, one status, a search. Petitions are stored as the service
// stores them (one received through the service, copied with other ids, units, days and statuses).
// Side by side in the same run: the same filter with every condition inside `$and`, as the
// service wrote it before 2026-12-03 (FerretDB narrows by top-level conditions only).
import type { AggregateDocument, Collection } from "@danvan/platform/mongo";
import { findPage } from "@danvan/platform/mongo";
import type { PetitionQuery } from "../apps/dialogues/src/data/petitions.ts";
import { petitionFilter, petitionSortOrders } from "../apps/dialogues/src/data/petitions.ts";
import type { BenchEnvironment } from "./system.ts";
import { startSystem } from "./system.ts";

const SIZES = (process.env.BENCH_PETITIONS ?? "1000,10000,100000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMMUNES = ["00004", "00008", "00082", "00091", "00097", "00103", "00106", "00109"];
const STATUSES = ["received", "classified", "assigned", "in_progress", "answered", "resolved"];

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function petitionLists(env: BenchEnvironment, progress: (line: string) => void) {
  const system = await startSystem(env, { name: "lists" });
  try {
    const { petitions, petitionQueries: queries } = system.dialogues;
    const { state } = await petitions.create(
      {
        type: "receive",
        id: crypto.randomUUID(),
        reference: "KN-00004-2026-000001",
        unitCode: "00004",
        source: "portal",
        petitioner: { anonymous: false, name: "Nguyễn Văn An", phone: "0912 345 678" },
        content: "Đề nghị sửa chữa tuyến đường liên thôn bị xuống cấp sau mưa lũ",
      },
      { correlationId: "bench", actor: "bench" },
    );
    const collection = petitions.collection as unknown as {
      findOne(filter: object): Promise<AggregateDocument | null>;
      insertMany(docs: object[], options: object): Promise<unknown>;
    };
    // As stored once its events are published: without its outbox.
    const {
      outbox: _outbox,
      outboxPendingSince: _pending,
      ...template
    } = (await collection.findOne({ _id: state.id })) as unknown as Record<string, unknown>;
    const lists: [string, Omit<PetitionQuery, "offset" | "limit">][] = [
      ["province, newest first", { sort: "-receivedAt" }],
      ["one commune, newest first", { unitCode: "00082", sort: "-receivedAt" }],
      ["one status, by deadline", { statuses: ["assigned"], sort: "deadline" }],
      ["search «duong», newest first", { tokens: ["duong"], sort: "-receivedAt" }],
    ];
    const rows: string[] = [];
    let stored = 1;
    for (const size of SIZES) {
      while (stored < size) {
        const slice = Math.min(1000, size - stored);
        const documents = Array.from({ length: slice }, (_, i) => {
          const n = stored + i;
          const day = new Date(Date.parse("2026-01-01T02:00:00Z") + (n % 330) * 86_400_000);
          return {
            ...template,
            _id: crypto.randomUUID(),
            reference: `KN-B-${String(n).padStart(7, "0")}`,
            unitCode: COMMUNES[n % COMMUNES.length],
            status: STATUSES[n % STATUSES.length],
            receivedAt: day.toISOString(),
          };
        });
        await collection.insertMany(documents, { ordered: false });
        stored += slice;
        if (stored % 10_000 === 0) progress(`  petition-lists: ${stored} petitions stored`);
      }
      for (const [name, query] of lists) {
        const flat = petitionFilter({ ...query, offset: 0, limit: 20 });
        const nested = {
          $and: Object.entries(flat).flatMap(([key, value]) =>
            key === "$and" ? (value as object[]) : [{ [key]: value }],
          ),
        };
        const shapes: [string, () => Promise<{ total: number }>][] = [
          ["as the service asks", () => queries.list({ ...query, offset: 0, limit: 20 })],
          [
            "all inside $and (before)",
            () =>
              findPage(petitions.collection as unknown as Collection<AggregateDocument>, {
                filter: Object.keys(flat).length > 0 ? nested : {},
                sort: petitionSortOrders[query.sort],
                offset: 0,
                limit: 20,
                hide: petitions.hiddenFields,
              }),
          ],
        ];
        const times = new Map<string, number[]>(shapes.map(([shape]) => [shape, []]));
        let total = 0;
        // Interleaved, so that a noisy machine slows both alike.
        for (let run = 0; run < RUNS; run++) {
          for (const [shape, ask] of shapes) {
            const started = performance.now();
            total = (await ask()).total;
            times.get(shape)?.push(performance.now() - started);
          }
        }
        for (const [shape, samples] of times) {
          rows.push(
            `| ${size.toLocaleString("en")} | ${name} | ${shape} | ${total.toLocaleString("en")} | ${Math.round(median(samples))} ms | ${Math.round(Math.max(...samples))} ms |`,
          );
          progress(
            `  petition-lists: ${size} ${name}, ${shape}: ${Math.round(median(samples))} ms`,
          );
        }
      }
    }
    return [
      "### Petition lists",
      "",
      `A page of 20 petitions with its total, as \`GET /petitions\` asks the database (count and page), ${RUNS} runs each; petitions stored as the service stores them.`,
      "",
      "| petitions | list | filter | matching | median | slowest |",
      "| --- | --- | --- | --- | --- | --- |",
      ...rows,
    ].join("\n");
  } finally {
    await system.stop();
  }
}

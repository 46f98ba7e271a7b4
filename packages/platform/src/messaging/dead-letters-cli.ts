#!/usr/bin/env -S node --disable-warning=TimeoutNegativeWarning
// Ops command: list a consumer group's dead letters, or redrive them after fixing the cause.
//   danvan-dead-letters list --group <group> [--json]
//   danvan-dead-letters redrive --group <group> (--event-id <id>… | --all)
// Reads KAFKA_BROKERS (host:port,…).
import { parseArgs } from "node:util";
import { z } from "zod";
import { env, loadConfig } from "../config/index.ts";
import { listDeadLetters, redriveDeadLetters } from "./dead-letters.ts";
import { createKafkaClient } from "./kafka.ts";
import { createEventProducer } from "./producer.ts";

const USAGE = `usage:
  danvan-dead-letters list --group <group> [--json]
  danvan-dead-letters redrive --group <group> (--event-id <id>... | --all)`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      group: { type: "string" },
      "event-id": { type: "string", multiple: true },
      all: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  if ((command !== "list" && command !== "redrive") || !values.group) {
    console.error(USAGE);
    return 2;
  }
  const ids = new Set(values["event-id"] ?? []);
  if (command === "redrive" && ids.size === 0 && !values.all) {
    console.error("redrive needs --event-id <id> (repeatable) or --all");
    return 2;
  }
  const config = loadConfig(z.object({ KAFKA_BROKERS: env.kafkaBrokers() }));
  const kafka = createKafkaClient({
    clientId: "danvan-dead-letters",
    brokers: config.KAFKA_BROKERS,
  });
  const group = values.group;

  if (command === "list") {
    const letters = await listDeadLetters(kafka, group);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
    } else {
      process.stdout.write(`${letters.length} dead letter(s) in ${group}.dlt\n`);
      for (const l of letters) {
        process.stdout.write(
          `${l.failedAt}  ${l.eventId ?? "(no id)"}  ${l.type ?? "(unknown type)"}  from ${l.original.topic}[${l.original.partition}]@${l.original.offset}\n    ${l.error}\n`,
        );
      }
    }
    return 0;
  }

  const producer = createEventProducer(kafka);
  await producer.connect();
  try {
    const redriven = await redriveDeadLetters(kafka, producer, group, (l) =>
      values.all ? true : l.eventId !== undefined && ids.has(l.eventId),
    );
    process.stdout.write(`redrove ${redriven.length} dead letter(s) to ${group}.retry\n`);
    const missing = [...ids].filter((id) => !redriven.some((l) => l.eventId === id));
    if (missing.length > 0) {
      console.error(`not found in ${group}.dlt: ${missing.join(", ")}`);
      return 1;
    }
    return 0;
  } finally {
    await producer.disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);

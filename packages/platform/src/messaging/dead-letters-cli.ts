#!/usr/bin/env -S node --disable-warning=TimeoutNegativeWarning
// Ops command: list a consumer group's dead letters, or redrive them after fixing the cause.
//   danvan-dead-letters list --group <group> [--json]
//   danvan-dead-letters redrive --group <group> (--event-id <id>… | --all)
// Reads KAFKA_BROKERS and TOPIC_PREFIX; --help says more.
import { parseCommandLine, refuse } from "../cli/index.ts";
import { fragments, loadConfig, serviceConfig } from "../config/index.ts";
import { listDeadLetters, redriveDeadLetters } from "./dead-letters.ts";
import { createKafkaClient } from "./kafka.ts";
import { createEventProducer } from "./producer.ts";

const COMMAND = {
  usage:
    "danvan-dead-letters list --group <group> [--json] | " +
    "danvan-dead-letters redrive --group <group> (--event-id <id>… | --all)",
  summary:
    "Lists a consumer group's dead letters (messages it could never handle, with the error and " +
    "where they came from), or puts chosen ones back in front of that group alone, on " +
    "<group>.retry, once the cause is fixed.",
  positionals: [{ name: "list | redrive", description: "What to do" }],
  options: {
    group: { type: "string", value: "group", description: "The consumer group, e.g. gateway" },
    "event-id": {
      type: "string",
      value: "id",
      multiple: true,
      description: "redrive: the dead letter of this event",
    },
    all: { type: "boolean", description: "redrive: every dead letter of the group" },
    json: { type: "boolean", description: "list: as JSON" },
  },
  environment: {
    KAFKA_BROKERS: "host:port,… of the cluster",
    TOPIC_PREFIX: "the prefix of the group's topics and name (tests); none in production",
  },
} as const;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(COMMAND);
  const [command] = positionals;
  if (command !== "list" && command !== "redrive") refuse(COMMAND, "say list or redrive");
  if (!values.group) refuse(COMMAND, "--group is required");
  const ids = new Set(values["event-id"] ?? []);
  if (command === "redrive" && ids.size === 0 && !values.all) {
    refuse(COMMAND, "redrive needs --event-id <id> (repeatable) or --all");
  }
  const config = loadConfig(serviceConfig(fragments.kafka()));
  const kafka = createKafkaClient({
    clientId: "danvan-dead-letters",
    brokers: config.KAFKA_BROKERS,
    topicPrefix: config.TOPIC_PREFIX,
  });
  const group = values.group;

  if (command === "list") {
    const letters = await listDeadLetters(kafka, group);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
    } else {
      process.stdout.write(
        `${letters.length} dead letter(s) in ${kafka.qualify(`${group}.dlt`)}\n`,
      );
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
    process.stdout.write(
      `redrove ${redriven.length} dead letter(s) to ${kafka.qualify(`${group}.retry`)}\n`,
    );
    const missing = [...ids].filter((id) => !redriven.some((l) => l.eventId === id));
    if (missing.length > 0) {
      console.error(`not found in ${kafka.qualify(`${group}.dlt`)}: ${missing.join(", ")}`);
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

// `npm run rebuild -w apps/gateway`: rebuilds the dashboards' read models from the topics while
// the running gateways keep serving the current ones, then switches every replica to the new set
// (README, "Rebuild"). Progress on stderr; the report on stdout.
import { domainTopics } from "@danvan/contracts";
import { env, loadConfig } from "@danvan/platform/config";
import { createLogger } from "@danvan/platform/log";
import { createKafkaClient } from "@danvan/platform/messaging";
import { connectDatabase } from "@danvan/platform/mongo";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { createProgressBar } from "@danvan/vietnam/units";
import { z } from "zod";
import { rebuildReadModels } from "../projection/rebuild.ts";

const config = loadConfig(
  z.object({
    MONGO_URL: env.mongoUrl(),
    MONGO_DATABASE: z.string().default("gateway"),
    KAFKA_BROKERS: env.kafkaBrokers(),
    TOPIC_PREFIX: z.string().default(""),
    LOG_LEVEL: env.logLevel(),
  }),
);
const logger = createLogger({ service: "gateway-rebuild", level: config.LOG_LEVEL });
const database = await connectDatabase(config.MONGO_URL, config.MONGO_DATABASE);
const kafka = createKafkaClient({
  clientId: "gateway-rebuild",
  brokers: config.KAFKA_BROKERS,
  logger,
});
const prefix = config.TOPIC_PREFIX ? `${config.TOPIC_PREFIX}.` : "";
let bar: ReturnType<typeof createProgressBar> | undefined;
const started = Date.now();
try {
  const report = await rebuildReadModels({
    database,
    kafka,
    topics: domainTopics
      .filter((t) => t.name.startsWith("dialogues."))
      .map((t) => `${prefix}${t.name}`),
    calendar: createCalendar(defaultHolidayTable),
    logger,
    progress: (done, total) => {
      bar ??= createProgressBar({
        label: "events",
        total,
        write: (text) => process.stderr.write(text),
        interactive: process.stderr.isTTY === true,
      });
      bar.update(done);
    },
  });
  bar?.finish();
  const seconds = (Date.now() - started) / 1000;
  const toSwitch = report.switchedAfterMs / 1000;
  process.stdout.write(
    `rebuilt in ${seconds.toFixed(1)} s (serving the fresh set after ${toSwitch.toFixed(1)} s): ` +
      `${report.events} events (${Math.round(report.events / toSwitch)}/s), ` +
      `${report.petitions} petitions, ${report.figures} figures, ${report.caughtUp} caught up; ` +
      `now serving ${report.prefix}\n`,
  );
} finally {
  await database.close();
}

// `npm run rebuild -w apps/gateway`: rebuilds the dashboards' read models from the topics while
// the running gateways keep serving the current ones, then switches every replica to the new set
// (README, "Rebuild"). Progress on stderr; the report on stdout.
import { parseCommandLine } from "@danvan/platform/cli";
import { fragments, loadConfig, serviceConfig } from "@danvan/platform/config";
import { connectServiceRuntime } from "@danvan/platform/service";
import { createCalendar, defaultHolidayTable } from "@danvan/vietnam/calendar";
import { createProgressBar } from "@danvan/vietnam/units";
import { rebuildReadModels } from "../projection/rebuild.ts";

parseCommandLine({
  usage: "npm run rebuild -w apps/gateway",
  summary:
    "Rebuilds the dashboards' read models from the services' topics into a fresh set while the " +
    "running gateways keep serving the current one, then switches every replica to it and drops " +
    "the old set. Progress on stderr; the report on stdout.",
  environment: {
    "MONGO_URL, MONGO_DATABASE": "the gateway's database",
    "KAFKA_BROKERS, TOPIC_PREFIX": "the brokers, and the topic prefix of the gateway (tests)",
    LOG_LEVEL: "the log's minimum level",
  },
});

const config = loadConfig(
  serviceConfig({
    ...fragments.service({ port: 0, metricsPort: 0 }),
    ...fragments.mongo({ database: "gateway" }),
    ...fragments.kafka(),
  }),
);
const { database, kafka, logger, close } = await connectServiceRuntime({
  name: "gateway-rebuild",
  config,
});
let bar: ReturnType<typeof createProgressBar> | undefined;
const started = Date.now();
try {
  const report = await rebuildReadModels({
    database,
    kafka,
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
  await close();
}

// `npm run docs:config -w apps/gateway`: writes the configuration table into README.md.
import { fileURLToPath } from "node:url";
import { updateReadmeConfigTable } from "@danvan/platform/config";
import { configSchema } from "../config.ts";

const readme = fileURLToPath(new URL("../../README.md", import.meta.url));
const changed = await updateReadmeConfigTable(readme, configSchema);
process.stdout.write(
  changed ? "README.md: configuration table updated\n" : "README.md: up to date\n",
);

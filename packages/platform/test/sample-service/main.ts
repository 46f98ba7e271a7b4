// The composition root, as every service's: configuration, key set, assembly; the kit runs it.
import { tokenVerifierFrom } from "@danvan/platform/http";
import { runService } from "@danvan/platform/service";
import { assembleNoticeBoard, configSchema } from "./assemble.ts";

await runService({
  name: "noticeboard",
  configSchema,
  prepare: tokenVerifierFrom,
  assemble: (runtime, verify) => assembleNoticeBoard(runtime, { verify }),
});

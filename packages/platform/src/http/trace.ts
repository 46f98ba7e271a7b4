import { randomBytes } from "node:crypto";

// W3C Trace Context: version-traceid-parentid-flags, lower-case hex, all-zero ids invalid.
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The request's W3C `traceparent`: the caller's trace continued with a new span of ours, or a new
 * trace. Services hand it to the events they write, whose Kafka headers carry it on
 * (docs/architecture.md §4), so one trace follows a command through the events it caused.
 */
export function continueTrace(incoming: string | undefined): string {
  const span = randomBytes(8).toString("hex");
  if (incoming && TRACEPARENT.test(incoming)) {
    const [, traceId, , flags] = incoming.split("-");
    return `00-${traceId}-${span}-${flags}`;
  }
  return `00-${randomBytes(16).toString("hex")}-${span}-01`;
}

// A worker thread of the live-updates benchmark: the connected dashboards. In production they are
// browsers on other machines; here they run on their own thread so that reading 200 streams does
// not queue on the server's event loop, which the benchmark measures. It opens `count` streams of
// `url`, says when all are connected, records when each alert arrives on each stream (a clock
// shared across threads: `performance.timeOrigin + performance.now()`) and its own CPU from the
// load's start, and reports on request.
import { request } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

export interface StreamsReport {
  /** Per alert's subject (a petition), when each stream received it. */
  receipts: [string, number[]][];
  /** CPU ms this thread spent from the load's start to the report. */
  cpuMs: number;
}

/** This thread's CPU ms so far. */
const threadCpu = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

const { url, count } = workerData as { url: string; count: number };
const now = () => performance.timeOrigin + performance.now();
const receivedAt = new Map<string, number[]>();
const requests: ReturnType<typeof request>[] = [];

/** One stream; resolves once the gateway says it is connected. */
function openStream(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (message.startsWith(": connected")) resolve();
          if (!message.startsWith("event: alert")) continue;
          const data = message.slice(message.indexOf("data: ") + 6);
          const subject = (JSON.parse(data) as { subject: string }).subject;
          const times = receivedAt.get(subject) ?? [];
          times.push(now());
          receivedAt.set(subject, times);
        }
      });
    });
    req.on("error", () => {});
    req.end();
    requests.push(req);
  });
}

// Twenty at a time: the gateway is not asked to accept them all in one burst.
let opened = 0;
await Promise.all(
  Array.from({ length: 20 }, async () => {
    while (opened < count) {
      opened++;
      await openStream();
    }
  }),
);
parentPort?.postMessage("connected");
let loadStartedCpu = 0;
parentPort?.on("message", (message: "load" | "report") => {
  if (message === "load") {
    loadStartedCpu = threadCpu();
    return;
  }
  for (const req of requests) req.destroy();
  const report: StreamsReport = {
    receipts: [...receivedAt],
    cpuMs: threadCpu() - loadStartedCpu,
  };
  parentPort?.postMessage(report);
  parentPort?.close();
});

import { Agent, request } from "node:http";

/**
 * Closed-loop load: `connections` loops, each sending the next request as soon as the last one
 * answered, for `seconds`. Latencies in ms, and requests per second.
 */
export async function closedLoop(options: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<{ latencies: number[]; perSecond: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          headers: options.headers,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode === 200) latencies.push(performance.now() - started);
            else errors++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, perSecond: latencies.length / elapsed, errors };
}

/**
 * Open-loop load: `send(i)` `rate` times a second for `seconds`, each started on time whether or
 * not the ones before have answered (as independent users would); resolves when all have.
 */
export async function atRate(send: (i: number) => Promise<void>, rate: number, seconds: number) {
  const total = rate * seconds;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(i).catch(() => {}));
  }
  await Promise.all(pending);
}

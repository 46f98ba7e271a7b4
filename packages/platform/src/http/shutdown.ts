import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "../log/index.ts";

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

export interface GracefulShutdown {
  /** True from the first signal on: readiness reports "not ready" so traffic moves away. */
  readonly shuttingDown: boolean;
  /** Runs the shutdown; resolves with the exit code (0 when every step finished in time). */
  begin(reason: string): Promise<number>;
}

/**
 * SIGTERM handling (docs/architecture.md §5): stop accepting connections, let requests in flight
 * finish, then run the steps in order, all within a bounded time; past it the process exits with
 * 1 rather than hang. Order the steps as writers before the relay: stop consumers (their
 * handlers may write events), then flush and stop the relay, then close Kafka and the database.
 */
export function createGracefulShutdown(options: {
  server: Server;
  logger: Logger;
  steps: ShutdownStep[];
  timeoutMs: number;
  /** Before draining: ends long-lived requests (event streams) that would keep the server open. */
  beforeDrain?: () => void;
}): GracefulShutdown {
  let started: Promise<number> | undefined;
  const state = { shuttingDown: false };

  async function run(reason: string): Promise<number> {
    const { logger, server } = options;
    const began = performance.now();
    logger.info({ reason, timeoutMs: options.timeoutMs }, "shutting down");
    const work = (async () => {
      options.beforeDrain?.();
      // Answer what is in flight or already arriving with "Connection: close", so clients that
      // keep connections alive move off them and close() can finish.
      server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
        if (!res.headersSent) res.setHeader("connection", "close");
      });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open; busy ones finish first.
        server.closeIdleConnections();
      });
      for (const step of options.steps) {
        await step.run();
        logger.info({ step: step.name }, "shutdown step done");
      }
      return 0;
    })();
    const timeout = new Promise<number>((resolve) => {
      setTimeout(() => resolve(1), options.timeoutMs).unref();
    });
    const code = await Promise.race([
      work.catch((error: unknown) => {
        logger.error({ err: error }, "shutdown step failed");
        return 1;
      }),
      timeout,
    ]);
    if (code !== 0) server.closeAllConnections();
    logger.info({ code, ms: Math.round(performance.now() - began) }, "shut down");
    return code;
  }

  return {
    get shuttingDown() {
      return state.shuttingDown;
    },
    begin(reason) {
      state.shuttingDown = true;
      started ??= run(reason);
      return started;
    },
  };
}

/** Wires SIGTERM and SIGINT to the shutdown and exits with its code. */
export function exitOnSignals(shutdown: GracefulShutdown, logger: Logger) {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      shutdown.begin(signal).then((code) => {
        logger.flush();
        process.exit(code);
      });
    });
  }
}

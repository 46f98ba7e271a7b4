import type { Express } from "express";
import type { Logger } from "../log/index.ts";

/** Background work of a service (consumers, the outbox relay, jobs), started and stopped with it. */
export interface ServicePart {
  readonly name: string;
  start(): Promise<void> | void;
  /** Finishes what is in hand and lets go of what it holds; called once, after start. */
  stop(): Promise<void> | void;
  /**
   * Called when shutdown begins, before the requests in flight are drained: ends what would keep
   * the server from closing (open event streams).
   */
  beforeDrain?(): void;
}

/** A service as its assembly returns it: the HTTP app, and its background work. */
export interface AssembledService {
  app: Express;
  /**
   * Starts the parts in order; `without` names parts to leave stopped (tests drive a job with
   * `runNow`, or keep the relay off to look at the outbox).
   */
  start(options?: { without?: readonly string[] }): Promise<void>;
  /** Stops what was started, in the reverse order: writers before the relay that publishes them. */
  stop(): Promise<void>;
  /** Shutdown begins: each started part lets go of long-lived requests (`ServicePart.beforeDrain`). */
  beforeDrain(): void;
}

/** The service made of its app and parts: what every `assemble` returns. */
export function composeService(options: {
  app: Express;
  parts: readonly ServicePart[];
  logger: Logger;
}): AssembledService {
  const started: ServicePart[] = [];
  return {
    app: options.app,
    async start({ without = [] } = {}) {
      for (const part of options.parts) {
        if (without.includes(part.name) || started.includes(part)) continue;
        await part.start();
        started.push(part);
      }
    },
    beforeDrain() {
      for (const part of started) part.beforeDrain?.();
    },
    async stop() {
      for (const part of started.splice(0).reverse()) {
        try {
          await part.stop();
          options.logger.info({ part: part.name }, "stopped");
        } catch (error) {
          // The others still stop: a consumer that failed to leave must not keep the relay running.
          options.logger.error({ err: error, part: part.name }, "stopping failed");
        }
      }
    },
  };
}

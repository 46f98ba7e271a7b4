import { setTimeout as sleep } from "node:timers/promises";
import { brokerIsReady, createKafkaClient } from "@danvan/platform/messaging";
import mongoose from "mongoose";

export interface WaitOptions {
  timeoutMs: number;
  /** Checked between attempts: waiting for a process that died is pointless. */
  stillStarting?: () => Promise<boolean>;
}

async function waitUntil(what: string, attempt: () => Promise<void>, options: WaitOptions) {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await attempt();
      return;
    } catch (error) {
      lastError = error;
    }
    if (options.stillStarting && !(await options.stillStarting())) {
      throw new Error(`${what} stopped while starting`);
    }
    await sleep(250);
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`${what} not ready after ${options.timeoutMs / 1000} s: ${reason}`);
}

/** Ready means the broker answers metadata requests with a controller elected. */
export function kafkaIsReady(brokers: string[]): Promise<void> {
  return brokerIsReady(
    createKafkaClient({
      clientId: "danvan-readiness",
      brokers,
      retries: 0,
      connectionTimeoutMs: 1000,
    }),
  );
}

export async function mongoIsReady(url: string): Promise<void> {
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 1000,
    connectTimeoutMS: 1000,
  });
  try {
    await connection.asPromise();
    await connection.db?.admin().ping();
  } finally {
    await connection.close(true);
  }
}

export function waitForKafka(brokers: string[], options: WaitOptions) {
  return waitUntil(`Kafka at ${brokers.join(",")}`, () => kafkaIsReady(brokers), options);
}

export function waitForMongo(url: string, options: WaitOptions) {
  return waitUntil(`the database at ${url}`, () => mongoIsReady(url), options);
}

/** One quick readiness probe of each, for status reports. */
export async function readReadiness(endpoints: { kafkaBrokers: string[]; mongoUrl: string }) {
  const [kafka, mongo] = await Promise.all([
    kafkaIsReady(endpoints.kafkaBrokers).then(
      () => true,
      () => false,
    ),
    mongoIsReady(endpoints.mongoUrl).then(
      () => true,
      () => false,
    ),
  ]);
  return { kafka, mongo };
}

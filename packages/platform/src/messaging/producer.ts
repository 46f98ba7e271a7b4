import type { Producer } from "kafkajs";
import type { KafkaClient } from "./kafka.ts";

export interface OutgoingMessage {
  /** The topic's name in the contract; the client's prefix is added when it is sent. */
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface EventProducer {
  connect(): Promise<void>;
  /**
   * Publishes the messages in one request where it can, in the given order per topic and key,
   * and resolves only when every in-sync replica has them (acks: all).
   */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * After a failed send the producer is replaced by a fresh one (a new producer id), so that an
 * idempotent producer whose sequence numbers went out of step with the broker (say, across a
 * broker restart) cannot refuse every later send.
 */
export function createEventProducer(kafka: KafkaClient): EventProducer {
  let producer: Producer = kafka.producer();
  let connected = false;
  return {
    async connect() {
      await producer.connect();
      connected = true;
    },
    async publish(messages) {
      if (messages.length === 0) return;
      if (!connected) {
        await producer.connect();
        connected = true;
      }
      const byTopic = new Map<
        string,
        { key: string; value: string; headers: Record<string, string> }[]
      >();
      for (const m of messages) {
        const topic = kafka.qualify(m.topic);
        const list = byTopic.get(topic) ?? [];
        list.push({ key: m.key, value: m.value, headers: m.headers });
        byTopic.set(topic, list);
      }
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
        });
      } catch (error) {
        const failed = producer;
        producer = kafka.producer();
        connected = false;
        await failed.disconnect().catch(() => {});
        throw error;
      }
    },
    async disconnect() {
      connected = false;
      await producer.disconnect();
    },
  };
}

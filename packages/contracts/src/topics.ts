import { z } from "zod";

/**
 * Every Kafka topic of the platform, the one source of truth: infra/kafka provisioning creates
 * them, services publish and subscribe by these names. Domain topics keep events forever, so any
 * read model can be rebuilt from them.
 */
export const topicSpecSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,200}$/, "topic names are lower case: letters, digits, . _ -"),
  partitions: z.int().min(1).max(1000),
  retention: z.union([
    z.literal("forever"),
    z.string().regex(/^[1-9][0-9]*d$/, 'retention is "forever" or a number of days such as "30d"'),
  ]),
  description: z.string().min(1),
});

export type TopicSpec = z.infer<typeof topicSpecSchema>;

/** Domain event topics: `<service>.<aggregate>.events`, keyed by aggregate id. */
export const domainTopics = [
  {
    name: "dialogues.session.events",
    partitions: 3,
    retention: "forever",
    description: "Dialogue sessions and receptions: scheduled, held, minutes published, cancelled",
  },
  {
    name: "dialogues.petition.events",
    partitions: 6,
    retention: "forever",
    description: "Petitions from receipt to closure, including due-soon and became-overdue",
  },
  {
    name: "dialogues.reception-obligation.events",
    partitions: 1,
    retention: "forever",
    description: "Monthly reception obligations of position holders, including missed ones",
  },
] as const satisfies readonly TopicSpec[];

export type DomainTopic = (typeof domainTopics)[number]["name"];

/**
 * A consumer group of some service. Each gets a dead-letter topic for messages that can never
 * succeed, and a retry topic that redrive republishes them to, read by that group alone.
 */
export interface ConsumerGroupSpec {
  name: string;
  service: string;
  description: string;
}

export const consumerGroups: readonly ConsumerGroupSpec[] = [
  {
    name: "gateway",
    service: "gateway",
    description: "Projects the services' events into the gateway's dashboards and alerts",
  },
];

export const deadLetterTopic = (group: string) => `${group}.dlt`;
export const retryTopic = (group: string) => `${group}.retry`;

/** The per-group topics: dead letters kept 30 days, retries 7. */
export function consumerGroupTopics(group: string): TopicSpec[] {
  return [
    {
      name: deadLetterTopic(group),
      partitions: 1,
      retention: "30d",
      description: `Dead letters of consumer group ${group}`,
    },
    {
      name: retryTopic(group),
      partitions: 1,
      retention: "7d",
      description: `Redriven dead letters for consumer group ${group}`,
    },
  ];
}

/** Everything provisioning creates. */
export function allTopics(): TopicSpec[] {
  return [...domainTopics, ...consumerGroups.flatMap((g) => consumerGroupTopics(g.name))];
}

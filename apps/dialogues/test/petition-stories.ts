// Petition events as the dialogues service publishes them, built with the contract's own
// definitions (so each is validated), for projecting without running the service: the gateway's
// tests and the rebuild benchmark feed them to the read side. petition-stories.test.ts checks them against
// what this service really publishes for the same story.
import type { DanvanEvent, PetitionSnapshot } from "@danvan/contracts";
import { petitionEvents } from "@danvan/contracts";

const HOUR = 3_600_000;

export interface Story {
  id: string;
  unitCode: string;
  receivedAt: Date;
  /** How the petition ends up: answered on time, answered late, overdue and open, or just open. */
  ending: "on-time" | "late" | "overdue" | "open";
  source?: PetitionSnapshot["source"];
  topic?: string;
}

/** The story's events in order, versions 1, 2, … */
export function petitionStory(story: Story): DanvanEvent[] {
  const at = (hours: number) => new Date(story.receivedAt.getTime() + hours * HOUR);
  const dueAt = at(24 * 21).toISOString();
  let petition: PetitionSnapshot = {
    id: story.id,
    reference: `KN-${story.unitCode}-${story.receivedAt.getUTCFullYear()}-${story.id.slice(0, 6)}`,
    unitCode: story.unitCode,
    source: story.source ?? "dialogue",
    anonymous: false,
    topics: [],
    status: "received",
    receivedAt: story.receivedAt.toISOString(),
    acknowledgement: { dueAt: at(24 * 14).toISOString() },
    onHold: false,
    dueSoon: false,
    overdue: false,
    reopenCount: 0,
  };
  const events: DanvanEvent[] = [];
  const emit = (
    definition: { create: (e: never) => DanvanEvent },
    change: Record<string, unknown>,
    next: Partial<PetitionSnapshot>,
    time: Date,
  ) => {
    petition = { ...petition, ...next };
    events.push(
      definition.create({
        subject: story.id,
        unitcode: story.unitCode,
        aggregateversion: events.length + 1,
        correlationid: "story",
        causationid: "story",
        time,
        data: { change, petition },
      } as never),
    );
  };
  emit(
    petitionEvents.received,
    { acknowledgementDueAt: petition.acknowledgement.dueAt },
    {},
    at(0),
  );
  const topics = [story.topic ?? "đất đai"];
  emit(
    petitionEvents.classified,
    { kind: "petition", topics },
    { kind: "petition", topics, status: "classified" },
    at(1),
  );
  const deadline = { dueAt, countFrom: at(2).toISOString(), workingDays: 15 };
  emit(
    petitionEvents.assigned,
    { agencyCode: "SO-TNMT", deadline },
    { agencyCode: "SO-TNMT", deadline, status: "assigned" },
    at(2),
  );
  if (story.ending === "on-time" || story.ending === "late") {
    const onTime = story.ending === "on-time";
    const answeredAt = onTime ? at(24 * 7) : at(24 * 30);
    emit(
      petitionEvents.response_published,
      { onTime },
      { status: "answered", answeredAt: answeredAt.toISOString(), answeredOnTime: onTime },
      answeredAt,
    );
  } else if (story.ending === "overdue") {
    emit(
      petitionEvents.became_overdue,
      { dueAt, agencyCode: "SO-TNMT" },
      { overdue: true },
      new Date(Date.parse(dueAt) + 1000),
    );
  }
  return events;
}

import type { Database } from "@danvan/platform/mongo";

/** What one write through the gateway came to: its status, how long it took, what it made. */
export interface Outcome {
  status: number;
  ms: number;
  /** When it was sent, from the start of the run (ms). */
  at: number;
  /** The id of what an accepted write made. */
  id?: string;
}

/**
 * A service as the reliability suite knows it: how to run it behind the gateway, one write a
 * user makes through the gateway, and what must hold of the accepted writes once the system is
 * quiet. A new service adds itself here and every row runs against it.
 */
export interface FaultService {
  name: string;
  /** Its package, whose `dist/main.js` is started. */
  package: string;
  /** The gateway's variable holding its address. */
  gatewayVariable: string;
  /** Its own variables beside the common ones (broker, database, keys). */
  env: Record<string, string>;
  /** The role and units of the user whose writes make the load. */
  writer: { role: string; units: string[] };
  /** One write through the gateway at `gatewayUrl` with `token`: it makes an aggregate (`id`). */
  write(gatewayUrl: string, token: string, n: number): Promise<Omit<Outcome, "at">>;
  /**
   * Another change to the aggregate `id` a write made (step 1, 2, …), each a new version of it:
   * what the order of an aggregate's events is checked on. Refused (4xx) never corrupts it.
   */
  change(gatewayUrl: string, token: string, id: string, step: number): Promise<Omit<Outcome, "at">>;
  /**
   * What is wrong with the accepted writes (ids) in the service's database once its outbox has
   * drained: each must exist whole, at a version its timeline accounts for, in a state its writes
   * and changes lead to, its events published.
   */
  problems(database: Database, accepted: string[]): Promise<string[]>;
  /** The version each aggregate (id) is stored at: how many events it has published. */
  versions(database: Database, ids: string[]): Promise<Map<string, number>>;
  /** The topics its events travel on. */
  topics: string[];
  /** How many of its aggregates still have events in their outbox, not yet published. */
  unpublished(database: Database): Promise<number>;
  /** How many of its writes the gateway's figures count for the writer's unit this month. */
  projected(gatewayUrl: string, token: string): Promise<number>;
}

const petitionOf = (n: number) => ({
  unitCode: "00004",
  source: "portal",
  petitioner: { anonymous: false, name: `Người gửi ${n}`, phone: "0987 654 321" },
  content: `Kiến nghị số ${n} về đèn đường ngõ ${n % 97}`,
});

/** A JSON POST with `token`, as a write of the load: its status, time, and the id it made. */
async function post(url: string, token: string, body: unknown): Promise<Omit<Outcome, "at">> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const answer = (await response.json().catch(() => ({}))) as { id?: string };
    return {
      status: response.status,
      ms: performance.now() - started,
      ...(response.status === 201 && answer.id ? { id: answer.id } : {}),
    };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

export const dialogues: FaultService = {
  name: "dialogues",
  package: "@danvan/dialogues",
  gatewayVariable: "DIALOGUES_URL",
  env: { OUTBOX_POLL_MS: "500" },
  writer: { role: "commune_officer", units: ["00004"] },
  write: (gatewayUrl, token, n) =>
    post(`${gatewayUrl}/api/v1/dialogues/petitions`, token, petitionOf(n)),
  // Classified again and again, each time under another topic: the last one must be what shows.
  change: (gatewayUrl, token, id, step) =>
    post(`${gatewayUrl}/api/v1/dialogues/petitions/${id}/classify`, token, {
      kind: "feedback",
      topics: [`lần ${step}`],
    }),
  async problems(database, accepted) {
    const found = new Map(
      (
        await database
          .collection<{
            _id: string;
            version: number;
            timeline?: unknown[];
            outboxPendingSince?: string;
            status?: string;
          }>("petitions")
          .find({ _id: { $in: accepted } })
          .toArray()
      ).map((doc) => [doc._id, doc]),
    );
    const problems: string[] = [];
    for (const id of accepted) {
      const doc = found.get(id);
      if (!doc) problems.push(`${id}: accepted (201) but not stored`);
      else if (doc.version !== (doc.timeline?.length ?? 0))
        problems.push(`${id}: version ${doc.version}, timeline ${doc.timeline?.length}`);
      else if (!["received", "classified"].includes(doc.status ?? ""))
        problems.push(`${id}: status ${doc.status}`);
      else if (doc.outboxPendingSince) problems.push(`${id}: events not published`);
    }
    return problems;
  },
  async versions(database, ids) {
    const docs = await database
      .collection<{ _id: string; version: number }>("petitions")
      .find({ _id: { $in: ids } }, { projection: { version: 1 } })
      .toArray();
    return new Map(docs.map((doc) => [doc._id, doc.version]));
  },
  topics: ["dialogues.petition.events"],
  unpublished: (database) =>
    database.collection("petitions").countDocuments({ outboxPendingSince: { $exists: true } }),
  async projected(gatewayUrl, token) {
    const response = await fetch(`${gatewayUrl}/api/v1/dashboard?unit=00004`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { petitions?: { received?: number } };
    return body.petitions?.received ?? -1;
  },
};

/** Every service of the platform, as the suite runs them. */
export const faultServices: FaultService[] = [dialogues];

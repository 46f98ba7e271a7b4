import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { petitionEvents, sessionEvents } from "../src/index.ts";

const fixture = async (type: string) =>
  JSON.parse(await readFile(new URL(`../fixtures/${type}.json`, import.meta.url), "utf8"));

describe("petition events", () => {
  it("are named vn.danvan.dialogues.petition.<fact>.v1 on dialogues.petition.events", () => {
    for (const [fact, definition] of Object.entries(petitionEvents)) {
      expect(definition.type).toBe(`vn.danvan.dialogues.petition.${fact.replaceAll("_", "-")}.v1`);
      expect(definition.topic).toBe("dialogues.petition.events");
    }
    expect(Object.keys(petitionEvents)).toHaveLength(26);
  });

  it("never carry the petitioner's personal data, whatever the producer passes", async () => {
    const received = await fixture(petitionEvents.received.type);
    const event = petitionEvents.received.create({
      subject: received.subject,
      unitcode: "00004",
      aggregateversion: 1,
      correlationid: "c",
      causationid: "c",
      data: {
        ...received.data,
        petition: {
          ...received.data.petition,
          petitioner: { name: "Nguyễn Văn A", phone: "0912345678" },
          phone: "0912345678",
        },
      },
    });
    expect(JSON.stringify(event)).not.toMatch(/0912345678|Nguyễn Văn A/);
    expect(event.data.petition.anonymous).toBe(false);
  });
});

describe("session events", () => {
  it("are named vn.danvan.dialogues.session.<fact>.v1 on dialogues.session.events", () => {
    for (const [fact, definition] of Object.entries(sessionEvents)) {
      expect(definition.type).toBe(`vn.danvan.dialogues.session.${fact.replaceAll("_", "-")}.v1`);
      expect(definition.topic).toBe("dialogues.session.events");
    }
    expect(Object.keys(sessionEvents)).toHaveLength(7);
  });
});

import type { DanvanEvent } from "@danvan/contracts";
import { testScope } from "@danvan/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { petitionStory } from "../../../dialogues/test/petition-stories.ts";
import { eventPublisher, gatewayInstance, until } from "../fixtures.ts";

// An event the gateway cannot apply is set aside in the dead-letter topic at once, with the
// reason, and an alert of its unit says so; the events behind it are projected, whatever text
// they carry.
const scope = testScope("gateway-set-aside");
let gateway: Awaited<ReturnType<typeof gatewayInstance>>;
let publisher: Awaited<ReturnType<typeof eventPublisher>>;
let token = "";

beforeAll(async () => {
  gateway = await gatewayInstance(scope, {}, { consume: true });
  publisher = await eventPublisher(scope);
  await gateway.user("tinh", [{ role: "province_staff", units: [], agencies: [] }]);
  token = (await gateway.login("tinh")).body.accessToken;
});
afterAll(async () => {
  await publisher?.close();
  await gateway?.close();
});

describe("an event the read models cannot take", () => {
  it("is set aside at once with an alert of its unit, and the events behind it are projected", async () => {
    // A received event whose petition is not one (another system's bug, a hand-made message).
    const [received] = petitionStory({
      id: "0193a6f0-7c1e-7b21-9d3f-5a1e2b3e0001",
      unitCode: "00004",
      receivedAt: new Date("2026-11-03T02:00:00Z"),
      ending: "open",
    });
    const broken = { ...received, data: { petition: { id: received?.subject } } } as DanvanEvent;
    // A topic that no read model could store as a key unencoded (a NUL), and a petition after it.
    const withNul = petitionStory({
      id: "0193a6f0-7c1e-7b21-9d3f-5a1e2b3e0002",
      unitCode: "00004",
      receivedAt: new Date("2026-11-04T02:00:00Z"),
      ending: "open",
      topic: "đất\u0000đai",
    });
    await publisher.publish([broken, ...withNul]);
    const alerts = await until(
      async () => gateway.call("GET", "/api/v1/alerts?kind=event-set-aside&unit=00004", token),
      (answer) => (answer.body.items as unknown[] | undefined)?.length === 1,
    );
    const [alert] = alerts.body.items as { title: string; subject: string; unitCode: string }[];
    expect(alert).toMatchObject({ unitCode: "00004", subject: broken.id });
    expect(alert?.title).toMatch(
      /^Không cập nhật được số liệu từ sự kiện vn\.danvan\.dialogues\.petition\.received\.v1: InvalidEventError/,
    );
    // The events behind it were projected, the NUL topic counted under its encoded key.
    const november = await until(
      async () => gateway.call("GET", "/api/v1/dashboard?unit=00004&period=2026-11", token),
      (answer) => (answer.body.petitions as { received: number } | undefined)?.received === 1,
    );
    expect(november.body.petitions).toMatchObject({ received: 1, byTopic: { "đất\u0000đai": 1 } });
  });
});

// `npm run seed -w apps/dialogues` (npm start runs it): loads Vietnamese demo data once, through
// the assembled service's own aggregates and use cases, so every change also waits in the outbox
// as an event. Some petitions were assigned weeks ago: once the service runs, its deadline job
// flags them overdue.

import { readFileSync } from "node:fs";
import { parseCommandLine } from "@danvan/platform/cli";
import { loadConfig } from "@danvan/platform/config";
import { TokenRefusedError } from "@danvan/platform/http";
import { loadUnitRegistry } from "@danvan/platform/reference";
import { connectServiceRuntime } from "@danvan/platform/service";
import { agencyFileSchema, importAgencies } from "../application/agencies.ts";
import { assembleDialogues } from "../assemble.ts";
import { configSchema } from "../config.ts";
import type { Kind, PetitionCommand, Source } from "../domain/petition/index.ts";
import type { ReceptionHolder } from "../domain/reception/obligation.ts";

parseCommandLine({
  usage: "npm run seed -w apps/dialogues",
  summary:
    "Loads the demo data (sessions, reception holders, petitions in every state) into the " +
    "dialogues database once; a second run changes nothing. Its events are published when the " +
    "service starts.",
  environment: {
    "MONGO_URL, MONGO_DATABASE": "the service's database (npm start sets them)",
    "KAFKA_BROKERS, JWT_*": "as the service reads them (docs: apps/dialogues/README.md)",
  },
});

const config = loadConfig(configSchema);
const runtime = await connectServiceRuntime({ name: "dialogues-seed", config });
const settings = runtime.database.collection<{ _id: string; loadedAt: string }>("settings");
if (await settings.findOne({ _id: "demo-data" })) {
  process.stdout.write("dialogues: demo data already loaded\n");
  await runtime.close();
  process.exit(0);
}

let clock = new Date();
// Not started: nothing is served and nothing published; the events wait in the outbox.
const dialogues = await assembleDialogues(runtime, {
  now: () => clock,
  verify: () => Promise.reject(new TokenRefusedError("the seed serves no requests")),
  units: await loadUnitRegistry(config.UNITS_FILE),
});
const { petitions, sessions } = dialogues;
// Hà Nội's agencies: the standard list, through the same use case as the import command.
const standard = agencyFileSchema.parse(
  JSON.parse(readFileSync(new URL("../../data/standard-agencies.json", import.meta.url), "utf8")),
);
await importAgencies({
  registry: dialogues.agencies,
  provinceCode: "01",
  list: standard,
  actor: "system:demo-data",
  now: new Date(),
});
const meta = { correlationId: "demo-data", actor: "system:demo-data" };
const DAY = 24 * 60 * 60 * 1000;
const at = (daysAgo: number, hour = 9) =>
  new Date(Date.now() - daysAgo * DAY - (Date.now() % DAY) + (hour - 7) * 3_600_000);

const communes = [
  { code: "00004", name: "Phường Ba Đình", chair: "Lê Thị Hoa", holder: "bi-thu-ba-dinh" },
  { code: "00082", name: "Phường Cửa Nam", chair: "Phạm Văn Đức", holder: "bi-thu-cua-nam" },
];
const agencies = ["SO-NNMT", "SO-XD", "SO-NV", "SO-YT"];

/** Registers a holder, or updates them if an earlier seed did: seeds run on every start. */
async function registerHolder(holder: ReceptionHolder) {
  const queries = dialogues.receptionQueries;
  await queries.registerHolder(holder, await queries.holder(holder.id));
}

for (const c of communes) {
  await registerHolder({
    id: c.holder,
    name: c.chair,
    position: `Bí thư Đảng ủy ${c.name}`,
    level: "commune",
    unitCode: c.code,
  });
}
await registerHolder({
  id: "bi-thu-tinh-uy",
  name: "Nguyễn Văn Nam",
  position: "Bí thư Thành ủy",
  level: "province",
  unitCode: "01",
});

// Sessions: a dialogue with farmers (held), a periodic reception (held), a voter meeting (planned).
clock = at(20);
const dialogue = await sessions.create(
  {
    type: "schedule",
    id: crypto.randomUUID(),
    kind: "thematic_dialogue",
    level: "commune",
    unitCode: "00004",
    chair: {
      name: "Lê Thị Hoa",
      position: "Bí thư Đảng ủy phường Ba Đình",
      holderId: "bi-thu-ba-dinh",
    },
    title: "Đối thoại với nông dân về bồi thường, giải phóng mặt bằng",
    targetGroups: ["farmers", "project_affected_households"],
    issueGroups: ["land_compensation"],
    scheduledAt: at(14).toISOString(),
    place: "Hội trường UBND phường Ba Đình",
  },
  meta,
);
await sessions.execute(dialogue.state.id, { type: "announce" }, meta);
clock = at(14);
await sessions.execute(dialogue.state.id, { type: "hold", attendeeCount: 84 }, meta);
await sessions.execute(
  dialogue.state.id,
  {
    type: "publishMinutes",
    minutes: "Ghi nhận 7 kiến nghị về giá bồi thường đất, chuyển Sở Tài nguyên và Môi trường.",
  },
  meta,
);
const reception = await sessions.create(
  {
    type: "schedule",
    id: crypto.randomUUID(),
    kind: "periodic_reception",
    level: "commune",
    unitCode: "00082",
    chair: {
      name: "Phạm Văn Đức",
      position: "Bí thư Đảng ủy phường Cửa Nam",
      holderId: "bi-thu-cua-nam",
    },
    title: "Tiếp công dân định kỳ",
    targetGroups: ["residents"],
    issueGroups: ["administrative_procedures", "infrastructure"],
    scheduledAt: at(10).toISOString(),
    place: "Trụ sở tiếp công dân phường Cửa Nam",
  },
  meta,
);
clock = at(10);
await sessions.execute(reception.state.id, { type: "hold", attendeeCount: 15 }, meta);
clock = at(2);
await sessions.create(
  {
    type: "schedule",
    id: crypto.randomUUID(),
    kind: "voter_meeting",
    level: "province",
    unitCode: "01",
    chair: { name: "Nguyễn Văn Nam", position: "Bí thư Thành ủy", holderId: "bi-thu-tinh-uy" },
    title: "Tiếp xúc cử tri trước kỳ họp",
    targetGroups: ["workers", "youth", "veterans"],
    issueGroups: ["social_security", "labour"],
    scheduledAt: new Date(Date.now() + 7 * DAY).toISOString(),
    place: "Nhà văn hóa phường Ba Đình",
  },
  meta,
);

// Petitions across every state. [content, kind, topic, source, unit, days ago, how far it goes]
const stories: [string, Kind, string, Source, string, number, number][] = [
  [
    "Đề nghị xem xét lại đơn giá bồi thường đất nông nghiệp",
    "petition",
    "land_compensation",
    "dialogue",
    "00004",
    14,
    11,
  ],
  [
    "Chậm chi trả tiền hỗ trợ tái định cư",
    "petition",
    "land_compensation",
    "dialogue",
    "00004",
    14,
    8,
  ],
  [
    "Đo đạc lại diện tích đất bị thu hồi",
    "petition",
    "land_compensation",
    "dialogue",
    "00004",
    14,
    5,
  ],
  [
    "Bố trí đất tái định cư gần nơi ở cũ",
    "petition",
    "land_compensation",
    "dialogue",
    "00004",
    14,
    3,
  ],
  ["Công khai phương án bồi thường", "feedback", "land_compensation", "dialogue", "00004", 14, 3],
  [
    "Hỗ trợ chuyển đổi nghề cho hộ mất đất",
    "petition",
    "social_security",
    "dialogue",
    "00004",
    14,
    3,
  ],
  [
    "Giải quyết tranh chấp ranh giới đất",
    "complaint",
    "land_compensation",
    "dialogue",
    "00004",
    14,
    2,
  ],
  ["Đèn đường ngõ 12 hỏng nhiều ngày", "feedback", "infrastructure", "hotline", "00082", 30, 3],
  ["Cống thoát nước tắc gây ngập khi mưa", "feedback", "infrastructure", "portal", "00082", 28, 3],
  [
    "Thủ tục cấp giấy chứng nhận quá chậm",
    "complaint",
    "administrative_procedures",
    "reception",
    "00082",
    10,
    4,
  ],
  ["Tiếng ồn từ công trình xây dựng ban đêm", "feedback", "environment", "portal", "00004", 6, 4],
  ["Xưởng gỗ xả khói gây ô nhiễm", "petition", "environment", "mail", "00082", 40, 9],
  [
    "Trợ cấp cho người cao tuổi chưa được chi trả",
    "petition",
    "social_security",
    "hotline",
    "00004",
    3,
    1,
  ],
  [
    "Tố cáo cán bộ địa chính nhận tiền",
    "denunciation",
    "administrative_procedures",
    "mail",
    "00082",
    5,
    10,
  ],
  ["Đề nghị mở rộng đường vào trường học", "petition", "infrastructure", "press", "00004", 12, 6],
  ["Bãi rác tự phát cạnh chợ", "feedback", "environment", "portal", "00082", 2, 0],
  [
    "Hỏi về chính sách bảo hiểm y tế hộ cận nghèo",
    "feedback",
    "social_security",
    "portal",
    "00004",
    1,
    0,
  ],
  ["Cây xanh đổ chắn lối đi", "feedback", "infrastructure", "hotline", "00082", 45, 7],
];

let loaded = 0;
for (const [n, [content, kind, topic, source, unitCode, daysAgo, depth]] of stories.entries()) {
  const id = crypto.randomUUID();
  const agencyCode = agencies[n % agencies.length] as string;
  const fromDialogue = source === "dialogue" ? { sessionId: dialogue.state.id } : {};
  clock = at(daysAgo);
  await dialogues.receive(
    {
      id,
      unitCode,
      source,
      ...fromDialogue,
      petitioner:
        n % 4 === 3
          ? { anonymous: true }
          : {
              anonymous: false,
              name: `Công dân ${n + 1}`,
              phone: `09${String(10_000_000 + n * 7919).slice(0, 8)}`,
            },
      content,
    },
    meta,
  );
  const steps: PetitionCommand[] = [
    { type: "acknowledge" },
    { type: "classify", kind, topics: [topic] },
    { type: "assign", agencyCode },
    { type: "startWork" },
    { type: "draftAnswer", text: `Trả lời kiến nghị: ${content.toLowerCase()}` },
    { type: "approveAnswer" },
    { type: "publishAnswer" },
    { type: "rate", score: 3 + (n % 3), resolved: n % 3 !== 0 },
    { type: "resolve" },
  ];
  // Depth 9: rejected at classification; 10: forwarded to the inspectorate; 11: resolved.
  const path: PetitionCommand[] =
    depth === 9
      ? ([
          steps[0],
          steps[1],
          { type: "reject", reason: "Nội dung đã được giải quyết dứt điểm" },
        ] as PetitionCommand[])
      : depth === 10
        ? ([
            steps[0],
            steps[1],
            {
              type: "forward",
              to: "Thanh tra thành phố",
              reason: "Tố cáo thuộc thẩm quyền thanh tra",
            },
          ] as PetitionCommand[])
        : steps.slice(0, depth === 11 ? steps.length : depth);
  for (const [i, command] of path.entries()) {
    clock = new Date(at(daysAgo).getTime() + (i + 1) * 0.5 * DAY);
    if (clock.getTime() > Date.now()) clock = new Date();
    await petitions.execute(id, command, meta);
  }
  loaded++;
}

await settings.updateOne(
  { _id: "demo-data" },
  { $set: { loadedAt: new Date().toISOString() } },
  { upsert: true },
);
process.stdout.write(
  `dialogues: demo data loaded: 3 sessions, 3 reception holders, ${loaded} petitions\n`,
);
await runtime.close();

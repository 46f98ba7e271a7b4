import type { AccessTokenClaims } from "@danvan/contracts";
import { petitionMetricsByChannel } from "@danvan/metrics";
import { timelineEntrySchema } from "@danvan/platform/aggregate";
import type { CommandRoute, Route, RouteInput } from "@danvan/platform/http";
import {
  authorize,
  availableCommands,
  commandRoutes,
  fields,
  pageAnswer,
  pageSchema,
  pageWindow,
  periodEnd,
  periodStart,
  problems,
  route,
} from "@danvan/platform/http";
import type { PersonalDataReads } from "@danvan/platform/personal-data";
import { personalDataReadSchema } from "@danvan/platform/personal-data";
import type { WorkingDayCalendar } from "@danvan/vietnam/calendar";
import { searchTokens } from "@danvan/vietnam/text";
import { z } from "zod";
import type { PetitionStore, ReceivedPetition } from "../application/petitions.ts";
import { duplicateReference } from "../application/references.ts";
import type { PetitionQueries } from "../data/petitions.ts";
import { petitionSorts } from "../data/petitions.ts";
import { accessPolicy } from "../domain/access.ts";
import type { Petition, PetitionCommand } from "../domain/petition/index.ts";
import { commandAllowedIn, kinds, sources, statuses } from "../domain/petition/index.ts";
import { petitionMetricsSchema, petitionViewSchema } from "./views.ts";

const TAG = "Kiến nghị";

export const receiveBody = z.strictObject({
  unitCode: fields.communeCode,
  source: z.enum(sources),
  sessionId: z.uuid().optional(),
  petitioner: z.strictObject({
    anonymous: z.boolean(),
    name: fields.text(200).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 .-]{6,20}$/)
      .optional(),
    email: z.email().max(200).optional(),
    address: fields.text(500).optional(),
  }),
  content: fields.text(20_000),
  /** When it arrived, if earlier: mail, hotline and reception petitions are often entered later. */
  receivedAt: fields.instant.optional(),
});

type PeopleCommand = Exclude<
  PetitionCommand["type"],
  "receive" | "markDueSoon" | "markOverdue" | "recomputeDeadline"
>;

/** Each command people give, by the last segment of its URL: POST /petitions/:id/<command>. */
const commands: Record<string, CommandRoute<PeopleCommand>> = {
  acknowledge: {
    type: "acknowledge",
    body: z.strictObject({}),
    summary: "Xác nhận đã tiếp nhận kiến nghị bằng văn bản",
    operationId: "acknowledgePetition",
  },
  classify: {
    type: "classify",
    body: z.strictObject({ kind: z.enum(kinds), topics: fields.tags(100, 20) }),
    summary: "Phân loại kiến nghị (loại, lĩnh vực)",
    operationId: "classifyPetition",
  },
  assign: {
    type: "assign",
    body: z.strictObject({
      agencyCode: fields.agencyCode,
      /** When the answer period began, if before it is entered. */
      legalStart: fields.instant.optional(),
    }),
    summary: "Giao kiến nghị cho cơ quan giải quyết; thời hạn bắt đầu tính",
    operationId: "assignPetition",
    problems: [422],
  },
  reassign: {
    type: "reassign",
    body: z.strictObject({ agencyCode: fields.agencyCode, reason: fields.text(2000) }),
    summary: "Giao lại kiến nghị cho cơ quan khác",
    operationId: "reassignPetition",
  },
  "start-work": {
    type: "startWork",
    body: z.strictObject({}),
    summary: "Cơ quan bắt đầu giải quyết",
    operationId: "startWorkOnPetition",
  },
  forward: {
    type: "forward",
    body: z.strictObject({ to: fields.text(300), reason: fields.text(2000) }),
    summary: "Chuyển kiến nghị đến cơ quan có thẩm quyền",
    operationId: "forwardPetition",
  },
  reject: {
    type: "reject",
    body: z.strictObject({ reason: fields.text(2000) }),
    summary: "Từ chối kiến nghị, nêu lý do",
    operationId: "rejectPetition",
  },
  "mark-duplicate": {
    type: "markDuplicate",
    body: z.strictObject({ of: z.uuid() }),
    summary: "Đánh dấu trùng với kiến nghị khác",
    operationId: "markPetitionDuplicate",
  },
  withdraw: {
    type: "withdraw",
    body: z.strictObject({ reason: fields.text(2000) }),
    summary: "Người gửi rút kiến nghị",
    operationId: "withdrawPetition",
  },
  "put-on-hold": {
    type: "putOnHold",
    body: z.strictObject({ reason: fields.text(2000) }),
    summary: "Tạm dừng (chờ người gửi bổ sung); thời hạn ngừng tính",
    operationId: "putPetitionOnHold",
  },
  resume: {
    type: "resume",
    body: z.strictObject({}),
    summary: "Tiếp tục giải quyết; thời hạn tính tiếp",
    operationId: "resumePetition",
  },
  "request-extension": {
    type: "requestExtension",
    body: z.strictObject({ workingDays: z.int().min(1).max(60), reason: fields.text(2000) }),
    summary: "Đề nghị gia hạn (số ngày làm việc, lý do)",
    operationId: "requestPetitionExtension",
  },
  "approve-extension": {
    type: "approveExtension",
    body: z.strictObject({}),
    summary: "Đồng ý gia hạn",
    operationId: "approvePetitionExtension",
  },
  "deny-extension": {
    type: "denyExtension",
    body: z.strictObject({ reason: fields.text(2000) }),
    summary: "Không đồng ý gia hạn",
    operationId: "denyPetitionExtension",
  },
  "draft-answer": {
    type: "draftAnswer",
    body: z.strictObject({ text: fields.text(20_000) }),
    summary: "Dự thảo văn bản trả lời",
    operationId: "draftPetitionAnswer",
  },
  "approve-answer": {
    type: "approveAnswer",
    body: z.strictObject({}),
    summary: "Duyệt văn bản trả lời",
    operationId: "approvePetitionAnswer",
  },
  "publish-answer": {
    type: "publishAnswer",
    body: z.strictObject({}),
    summary: "Công bố trả lời; tính đúng hạn hay trễ hạn",
    operationId: "publishPetitionAnswer",
  },
  resolve: {
    type: "resolve",
    body: z.strictObject({}),
    summary: "Kết thúc: đã giải quyết xong",
    operationId: "resolvePetition",
  },
  "close-unresolved": {
    type: "closeUnresolved",
    body: z.strictObject({ reason: fields.text(2000) }),
    summary: "Kết thúc: chưa giải quyết được, nêu lý do",
    operationId: "closePetitionUnresolved",
  },
  reopen: {
    type: "reopen",
    body: z.strictObject({ reason: fields.text(2000) }),
    summary: "Mở lại kiến nghị đã trả lời (trong thời hạn cho phép)",
    operationId: "reopenPetition",
  },
  rate: {
    type: "rate",
    body: z.strictObject({ score: z.int().min(1).max(5), resolved: z.boolean() }),
    summary: "Người gửi đánh giá mức độ hài lòng (1–5)",
    operationId: "ratePetition",
  },
  "erase-petitioner": {
    type: "erasePetitioner",
    body: z.strictObject({ basis: z.enum(["petitioner-request", "retention-ended"]) }),
    summary:
      "Xoá họ tên và thông tin liên hệ của người gửi (theo yêu cầu của họ, hoặc hết thời hạn lưu trữ); kiến nghị và số liệu vẫn giữ",
    operationId: "erasePetitioner",
  },
};

/**
 * Which commands a user may give a petition now: the policy's, and the state machine's
 * (`ALLOWED_FROM` and the guards on the petition's own facts, `STATE_GUARDS`). A petition's page answers with them (`actions`) and the command routes obey
 * the same policy.
 */
const availability = {
  aggregate: "petition",
  commands,
  policy: accessPolicy,
  availableIn: (type: PeopleCommand, state: Petition) => commandAllowedIn(type, state),
};

const FAMILIES = {
  open: ["received", "classified", "assigned", "in_progress", "reopened"],
  answered: ["answered"],
  closed: ["resolved", "closed_unresolved"],
  exited: ["forwarded", "rejected", "duplicate", "withdrawn"],
} as const;

export const listQuery = z.strictObject({
  unitCode: fields.communeCode.optional(),
  agencyCode: fields.agencyCode.optional(),
  status: z.enum(statuses).optional(),
  family: z.enum(["open", "answered", "closed", "exited"]).optional(),
  kind: z.enum(kinds).optional(),
  topic: z.string().max(100).optional(),
  source: z.enum(sources).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  from: fields.day.optional(),
  to: fields.day.optional(),
  q: fields.searchText.optional(),
  sort: z.enum(petitionSorts).default("-receivedAt"),
  ...fields.paging,
});

export const metricsQuery = z.strictObject({
  unitCode: fields.communeCode.optional(),
  agencyCode: fields.agencyCode.optional(),
  from: fields.day.optional(),
  to: fields.day.optional(),
});

const idParams = z.strictObject({ id: z.uuid() });

const notFound = () => problems.notFound({ vi: "Không có kiến nghị này", en: "No such petition" });

/** Where a reader's list and metrics reach: everywhere, or their units and agencies. */
function readScope(user: AccessTokenClaims) {
  const reach = accessPolicy.reach(user, "petition.read");
  return reach.everywhere ? undefined : { units: reach.units, agencies: reach.agencies };
}

/** What a petitioner's details may show: personal data, each reading of which is recorded. */
const PERSONAL_FIELDS = ["name", "phone", "email", "address"] as const;

/** The personal data of a petition this reader would see: none unless they may read it. */
function personalDataShown(user: AccessTokenClaims, petition: Petition): string[] {
  if (!accessPolicy.allows(user, "petition.readContact", petition)) return [];
  return PERSONAL_FIELDS.filter((field) => petition.petitioner[field] !== undefined);
}

/**
 * The petition as a reader sees it: the petitioner's details only where `shown` (what
 * `personalDataShown` allows, once its reading is recorded), else whether they are anonymous.
 */
function view(petition: Petition, version: number, shown: readonly string[] = []) {
  const { petitioner, ...rest } = petition;
  const details = Object.fromEntries(
    Object.entries(petitioner).filter(([field]) => shown.includes(field)),
  );
  return {
    ...rest,
    version,
    petitioner: {
      anonymous: petitioner.anonymous,
      ...details,
      ...(petitioner.erasedAt ? { erasedAt: petitioner.erasedAt } : {}),
    },
  };
}

/**
 * Sorting by name tells something about the names: allowed only where every petition listed shows
 * its petitioner to this reader (everything the list reaches is inside the contact reach).
 */
function mayListByName(user: AccessTokenClaims, unitCode: string | undefined) {
  const contact = accessPolicy.reach(user, "petition.readContact");
  if (unitCode !== undefined && contact.units.includes(unitCode)) return true;
  return accessPolicy.covers(contact, accessPolicy.reach(user, "petition.read"));
}

/** The petition routes: receive, list, metrics, read, timeline, and one route per command. */
export function petitionRoutes(deps: {
  petitions: PetitionStore;
  queries: PetitionQueries;
  receive: (
    input: ReceivedPetition,
    meta: RouteInput<unknown, unknown, unknown, unknown>["meta"],
  ) => ReturnType<PetitionStore["create"]>;
  calendar: () => WorkingDayCalendar;
  reads: PersonalDataReads;
}): Route[] {
  const readable = async (id: string, user: AccessTokenClaims) => {
    const found = await deps.petitions.load(id);
    if (!found || !accessPolicy.allows(user, "petition.read", found.state)) throw notFound();
    return found;
  };
  /**
   * The views of petitions read by a user, their personal data shown only once its reading is
   * recorded: a reading that cannot be recorded is not served.
   */
  const readViews = async (
    user: AccessTokenClaims,
    correlationId: string,
    via: "get" | "list",
    found: { state: Petition; version: number }[],
  ) => {
    const shown = found.map(({ state }) => personalDataShown(user, state));
    const at = new Date().toISOString();
    await deps.reads.record(
      found.flatMap(({ state }, i) => {
        const fields = shown[i] ?? [];
        return fields.length > 0
          ? [{ at, actor: user.sub, subject: state.id, fields, via, correlationId }]
          : [];
      }),
    );
    return found.map(({ state, version }, i) => view(state, version, shown[i]));
  };

  return [
    route({
      method: "post",
      path: "/petitions",
      operationId: "receivePetition",
      tag: TAG,
      access: accessPolicy.gate("petition.receive"),
      summary: "Tiếp nhận kiến nghị, phản ánh của người dân",
      body: receiveBody,
      responses: { 201: { description: "Đã tiếp nhận", schema: petitionViewSchema } },
      problems: [403, 422],
      async handle(input) {
        const { body, user } = input;
        authorize(accessPolicy, input, "petition.receive", body);
        if (!body.petitioner.anonymous && !body.petitioner.name) {
          throw problems.refused({
            vi: "Kiến nghị không ẩn danh cần họ tên người gửi",
            en: "A petition that is not anonymous needs the petitioner's name",
          });
        }
        const { state, version } = await deps.receive(
          { id: crypto.randomUUID(), ...body } as ReceivedPetition,
          input.meta,
        );
        return {
          status: 201,
          location: `/petitions/${state.id}`,
          version,
          // What the officer has just typed, shown back to them: not a reading of stored data.
          body: view(state, version, personalDataShown(user, state)),
        };
      },
    }),

    route({
      method: "get",
      path: "/petitions",
      operationId: "listPetitions",
      tag: TAG,
      summary:
        "Danh sách kiến nghị trong phạm vi của người dùng: lọc, tìm kiếm, sắp xếp, phân trang",
      query: listQuery,
      responses: {
        200: { description: "Một trang kiến nghị", schema: pageSchema(petitionViewSchema) },
      },
      problems: [403],
      async handle(input) {
        const { query, user } = input;
        if (
          (query.sort === "petitioner" || query.sort === "-petitioner") &&
          !mayListByName(user, query.unitCode)
        ) {
          throw problems.forbidden({
            vi: "Chỉ người được xem thông tin người gửi mới sắp xếp được theo tên người gửi",
            en: "Only readers who may see petitioners' details can sort by petitioner name",
          });
        }
        const scope = readScope(user);
        const statusFilter = query.status
          ? [query.status]
          : query.family
            ? FAMILIES[query.family]
            : undefined;
        const tokens = query.q ? searchTokens(query.q) : [];
        const { total, items } = await deps.queries.list({
          ...(scope ? { scope } : {}),
          ...(query.unitCode ? { unitCode: query.unitCode } : {}),
          ...(query.agencyCode ? { agencyCode: query.agencyCode } : {}),
          ...(statusFilter ? { statuses: statusFilter } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.topic ? { topic: query.topic.normalize("NFC") } : {}),
          ...(query.source ? { source: query.source } : {}),
          ...(query.overdue ? { overdue: query.overdue === "true" } : {}),
          ...(query.from ? { receivedFrom: periodStart(query.from) } : {}),
          ...(query.to ? { receivedTo: periodEnd(query.to) } : {}),
          ...(tokens.length > 0 ? { tokens } : {}),
          sort: query.sort,
          ...pageWindow(query),
        });
        return {
          body: pageAnswer(query, {
            total,
            items: await readViews(
              user,
              input.meta.correlationId,
              "list",
              items.map((item) => ({ state: deps.petitions.stateOf(item), version: item.version })),
            ),
          }),
        };
      },
    }),

    route({
      method: "get",
      path: "/petition-metrics",
      operationId: "petitionMetrics",
      tag: TAG,
      summary: "Các chỉ số kiến nghị trong phạm vi của người dùng, tổng và theo kênh tiếp nhận",
      query: metricsQuery,
      responses: {
        200: {
          description: "Các chỉ số, kèm thời điểm tính (asOf)",
          schema: petitionMetricsSchema,
        },
      },
      async handle({ query, user }) {
        const scope = readScope(user);
        const facts = await deps.queries.facts({
          ...(scope ? { scope } : {}),
          ...(query.unitCode ? { unitCode: query.unitCode } : {}),
          ...(query.agencyCode ? { agencyCode: query.agencyCode } : {}),
          ...(query.from ? { receivedFrom: periodStart(query.from) } : {}),
          ...(query.to ? { receivedTo: periodEnd(query.to) } : {}),
        });
        return {
          body: {
            asOf: new Date().toISOString(),
            ...petitionMetricsByChannel(facts, deps.calendar()),
          },
        };
      },
    }),

    route({
      method: "get",
      path: "/petitions/:id",
      operationId: "getPetition",
      tag: TAG,
      summary: "Một kiến nghị (thông tin người gửi chỉ với người được xem)",
      params: idParams,
      responses: { 200: { description: "Kiến nghị", schema: petitionViewSchema } },
      problems: [404],
      async handle({ params, user, meta }) {
        const found = await readable(params.id, user);
        const [body] = await readViews(user, meta.correlationId, "get", [found]);
        return {
          version: found.version,
          body: {
            ...(body as object),
            actions: availableCommands(availability, user, found.state),
          },
        };
      },
    }),

    route({
      method: "get",
      path: "/petitions/:id/timeline",
      operationId: "getPetitionTimeline",
      tag: TAG,
      summary: "Dòng thời gian của một kiến nghị: mọi sự kiện, lúc nào, do ai",
      params: idParams,
      responses: {
        200: {
          description: "Các sự kiện theo thứ tự",
          schema: z.object({
            id: z.string(),
            reference: z.string(),
            version: z.int(),
            entries: z.array(timelineEntrySchema),
          }),
        },
      },
      problems: [404],
      async handle({ params, user }) {
        const found = await readable(params.id, user);
        return {
          version: found.version,
          body: {
            id: params.id,
            reference: found.state.reference,
            version: found.version,
            entries: found.timeline,
          },
        };
      },
    }),

    route({
      method: "get",
      path: "/petitions/:id/personal-data-reads",
      operationId: "listPetitionPersonalDataReads",
      tag: TAG,
      access: accessPolicy.gate("petition.readPersonalDataReads"),
      summary: "Ai đã xem họ tên, thông tin liên hệ của người gửi, lúc nào (mới nhất trước)",
      params: idParams,
      query: z.strictObject({ ...fields.paging }),
      responses: {
        200: { description: "Một trang lượt xem", schema: pageSchema(personalDataReadSchema) },
      },
      problems: [403, 404],
      async handle({ params, query, user }) {
        await readable(params.id, user);
        return { body: pageAnswer(query, await deps.reads.of(params.id, pageWindow(query))) };
      },
    }),

    ...commandRoutes({
      store: deps.petitions,
      collection: "/petitions",
      aggregate: "petition",
      tag: TAG,
      commands: {
        ...commands,
        "mark-duplicate": {
          ...(commands["mark-duplicate"] as CommandRoute<PeopleCommand>),
          references: duplicateReference(deps.petitions),
        },
      },
      policy: accessPolicy,
      see: "petition.read",
      notFound,
      // Without the petitioner's details: they are read (and recorded) with GET.
      answer: {
        description: "Kiến nghị sau thao tác (không kèm thông tin người gửi)",
        schema: petitionViewSchema,
        of: (_user, state, version) => view(state, version),
      },
    }),
  ];
}

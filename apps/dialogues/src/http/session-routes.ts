import {
  issueGroups,
  sessionKinds,
  sessionLevels,
  sessionStatuses,
  targetGroups,
} from "@danvan/contracts";
import { timelineEntrySchema } from "@danvan/platform/aggregate";
import type { CommandRoute, Route } from "@danvan/platform/http";
import {
  authorize,
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
import { searchTokens } from "@danvan/vietnam/text";
import { z } from "zod";
import type { SessionReadings, SessionStore } from "../application/sessions.ts";
import { sessionSorts } from "../data/sessions.ts";
import { accessPolicy } from "../domain/access.ts";
import type { SessionCommand } from "../domain/session/index.ts";
import { sessionViewSchema, sessionWithCountsSchema } from "./views.ts";

const TAG = "Tiếp xúc, đối thoại";

export const scheduleBody = z.strictObject({
  kind: z.enum(sessionKinds),
  level: z.enum(sessionLevels),
  unitCode: fields.unitCode,
  chair: z.strictObject({
    name: fields.text(200),
    position: fields.text(200),
    holderId: z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/)
      .optional(),
  }),
  title: fields.text(500),
  targetGroups: z.array(z.enum(targetGroups)).max(10),
  issueGroups: z.array(z.enum(issueGroups)).max(10),
  scheduledAt: fields.instant,
  place: fields.text(500),
});

export const sessionListQuery = z.strictObject({
  unitCode: fields.unitCode.optional(),
  level: z.enum(sessionLevels).optional(),
  kind: z.enum(sessionKinds).optional(),
  status: z.enum(sessionStatuses).optional(),
  /** Scheduled on or after / on or before. */
  from: fields.day.optional(),
  to: fields.day.optional(),
  /** Words of the title, the chair's name or the place, with or without diacritics. */
  q: fields.searchText.optional(),
  sort: z.enum(sessionSorts).default("-scheduledAt"),
  ...fields.paging,
});

type SessionCommandType = Exclude<SessionCommand["type"], "schedule">;

/** Each command on a session, by the last segment of its URL: POST /sessions/:id/<command>. */
const commands: Record<string, CommandRoute<SessionCommandType>> = {
  announce: {
    type: "announce",
    body: z.strictObject({}),
    summary: "Thông báo buổi tiếp xúc, đối thoại",
    operationId: "announceSession",
  },
  postpone: {
    type: "postpone",
    body: z.strictObject({ to: fields.instant, reason: fields.text(2000) }),
    summary: "Hoãn sang thời điểm khác, nêu lý do",
    operationId: "postponeSession",
    problems: [422],
  },
  hold: {
    type: "hold",
    body: z.strictObject({ attendeeCount: z.int().min(0).max(100_000) }),
    summary: "Ghi nhận đã tổ chức (số người tham dự)",
    operationId: "holdSession",
  },
  "publish-minutes": {
    type: "publishMinutes",
    body: z.strictObject({ minutes: fields.text(100_000) }),
    summary: "Công bố biên bản",
    operationId: "publishSessionMinutes",
  },
  close: {
    type: "close",
    body: z.strictObject({}),
    summary: "Kết thúc buổi tiếp xúc, đối thoại",
    operationId: "closeSession",
  },
  cancel: {
    type: "cancel",
    body: z.strictObject({ reason: fields.text(2000) }),
    summary: "Hủy, nêu lý do",
    operationId: "cancelSession",
  },
};

const idParams = z.strictObject({ id: z.uuid() });
const notFound = () =>
  problems.notFound({ vi: "Không có buổi tiếp xúc, đối thoại này", en: "No such session" });

/** The session routes: schedule, list, read, timeline, and one route per command. */
export function sessionRoutes(deps: {
  sessions: SessionStore;
  readings: SessionReadings;
}): Route[] {
  return [
    route({
      method: "post",
      path: "/sessions",
      operationId: "scheduleSession",
      tag: TAG,
      access: accessPolicy.gate("session.schedule"),
      summary: "Lên lịch buổi tiếp công dân, tiếp xúc, đối thoại",
      body: scheduleBody,
      responses: { 201: { description: "Đã lên lịch", schema: sessionViewSchema } },
      problems: [403, 422],
      async handle(input) {
        const { body } = input;
        authorize(accessPolicy, input, "session.schedule", body);
        const { state, version } = await deps.sessions.create(
          {
            type: "schedule",
            id: crypto.randomUUID(),
            ...body,
            // An absent holderId is left out, not stored as undefined.
            chair: {
              name: body.chair.name,
              position: body.chair.position,
              ...(body.chair.holderId ? { holderId: body.chair.holderId } : {}),
            },
          },
          input.meta,
        );
        return {
          status: 201,
          location: `/sessions/${state.id}`,
          version,
          body: { ...state, version },
        };
      },
    }),

    // Sessions are public acts (announced, minutes published): every signed-in user reads them all.
    route({
      method: "get",
      path: "/sessions",
      operationId: "listSessions",
      tag: TAG,
      summary: "Danh sách buổi tiếp xúc, đối thoại, kèm số kiến nghị đã trả lời và đang chờ",
      query: sessionListQuery,
      responses: {
        200: {
          description: "Một trang buổi tiếp xúc",
          schema: pageSchema(sessionWithCountsSchema),
        },
      },
      async handle({ query }) {
        const tokens = query.q ? searchTokens(query.q) : [];
        const { total, items } = await deps.readings.list({
          ...(query.unitCode ? { unitCode: query.unitCode } : {}),
          ...(query.level ? { level: query.level } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.status ? { statuses: [query.status] } : {}),
          ...(query.from ? { scheduledFrom: periodStart(query.from) } : {}),
          ...(query.to ? { scheduledTo: periodEnd(query.to) } : {}),
          ...(tokens.length > 0 ? { tokens } : {}),
          sort: query.sort,
          ...pageWindow(query),
        });
        return {
          body: pageAnswer(query, {
            total,
            items: items.map(({ session, version, petitions }) => ({
              ...session,
              version,
              petitions,
            })),
          }),
        };
      },
    }),

    route({
      method: "get",
      path: "/sessions/:id/timeline",
      operationId: "getSessionTimeline",
      tag: TAG,
      summary: "Dòng thời gian của một buổi tiếp xúc: mọi sự kiện, lúc nào, do ai",
      params: idParams,
      responses: {
        200: {
          description: "Các sự kiện theo thứ tự",
          schema: z.object({
            id: z.string(),
            version: z.int(),
            entries: z.array(timelineEntrySchema),
          }),
        },
      },
      problems: [404],
      async handle({ params }) {
        const found = await deps.sessions.load(params.id);
        if (!found) throw notFound();
        return {
          version: found.version,
          body: { id: params.id, version: found.version, entries: found.timeline },
        };
      },
    }),

    route({
      method: "get",
      path: "/sessions/:id",
      operationId: "getSession",
      tag: TAG,
      summary: "Một buổi tiếp xúc, đối thoại, kèm số kiến nghị đã trả lời và đang chờ",
      params: idParams,
      responses: { 200: { description: "Buổi tiếp xúc", schema: sessionWithCountsSchema } },
      problems: [404],
      async handle({ params }) {
        const found = await deps.readings.get(params.id);
        if (!found) throw notFound();
        return {
          version: found.version,
          body: { ...found.session, version: found.version, petitions: found.petitions },
        };
      },
    }),

    ...commandRoutes({
      store: deps.sessions,
      collection: "/sessions",
      aggregate: "session",
      tag: TAG,
      commands,
      policy: accessPolicy,
      see: "session.read",
      notFound,
      answer: {
        description: "Buổi tiếp xúc sau thao tác",
        schema: sessionViewSchema,
        of: (_user, state, version) => ({ ...state, version }),
      },
    }),
  ];
}

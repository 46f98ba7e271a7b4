import { localized, unitCodeSchema } from "@danvan/contracts";
import type { Text } from "@danvan/platform/domain";
import type { Route } from "@danvan/platform/http";
import { fields, pageAnswer, pageSchema, problems, route } from "@danvan/platform/http";
import { unitAbsence } from "@danvan/platform/reference";
import { localDateOf, todayInVietnam } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { z } from "zod";
import { alertSchema, dashboardSchema, overviewSchema, trendSchema } from "../http/views.ts";
import type { ActiveReadSide } from "../projection/active-read-side.ts";
import type { Attribution } from "../projection/attribution.ts";
import { ATTRIBUTIONS, recordedRanges, withinRanges } from "../projection/attribution.ts";
import type { FiguresDocument } from "../projection/figures.ts";
import { presentFigures } from "../projection/figures.ts";
import type { Period } from "../projection/periods.ts";
import { parsePeriod, periodsOf } from "../projection/periods.ts";
import { ALERT_KINDS } from "../projection/views.ts";
import type { ChangeFeed } from "./change-feed.ts";
import type { FiguresReader } from "./figures-reader.ts";
import { mayRead, readableUnits } from "./scope.ts";
import { createStreamHub } from "./stream-hub.ts";

const periodKey = z
  .string()
  .max(10)
  // What the document says a period looks like; the refinement then refuses impossible days.
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-Q[1-4])?$/)
  .refine((key) => parsePeriod(key) !== undefined, {
    error: localized({
      vi: "một ngày 2026-11-21, tháng 2026-11, quý 2026-Q4 hoặc năm 2026",
      en: "a day 2026-11-21, month 2026-11, quarter 2026-Q4 or year 2026",
    }),
  });

const attribution = z.enum(ATTRIBUTIONS).default("re-attributed");

export const dashboardQuery = z.strictObject({
  /** Any unit, of today or before the 2025 reform (a district: its communes' figures then). */
  unit: unitCodeSchema.optional(),
  /** The current month in Vietnam when omitted. */
  period: periodKey.optional(),
  /** Facts under today's units (default) or under the units they were recorded under. */
  attribution,
});
export const trendQuery = z.strictObject({
  /** Any unit the dashboard takes. */
  unit: unitCodeSchema.optional(),
  /** The year in Vietnam whose months are shown; this year when omitted. */
  year: z
    .string()
    .regex(/^\d{4}$/)
    .refine((key) => parsePeriod(key) !== undefined, {
      error: localized({ vi: "một năm, như 2026", en: "a year such as 2026" }),
    })
    .optional(),
  attribution,
});
export const overviewQuery = z.strictObject({ attribution });
export const alertsQuery = z.strictObject({
  /** With the units below it and, re-attributed, those its units were formed from. */
  unit: unitCodeSchema.optional(),
  attribution,
  kind: z.enum(ALERT_KINDS).optional(),
  ...fields.paging,
});
export const streamQuery = z.strictObject({
  /** EventSource cannot send headers: the stream alone takes the token here. */
  access_token: z.string().max(4000).optional(),
});

const TAG = "Bảng điều khiển";

export function dashboardRoutes(deps: {
  readSide: ActiveReadSide;
  reader: FiguresReader;
  feed: ChangeFeed;
  units: UnitRegistry;
  provinceCode: string;
  now?: () => Date;
}): Route[] {
  const now = deps.now ?? (() => new Date());
  const today = () => todayInVietnam(now());
  /** The unit as a period's figures show it: today's, or as it was in the period. */
  const unitInfo = (code: string, period: Period, attribution: Attribution) => {
    const unit =
      attribution === "re-attributed"
        ? deps.units.get(code, today())
        : (deps.units.get(code, period.lastDay) ?? deps.units.get(code, period.firstDay));
    return {
      code,
      name: unit?.name ?? code,
      level: unit?.level ?? (code.length === 2 ? "province" : "commune"),
    };
  };
  /**
   * The units whose figures a dashboard shows: one of today's when re-attributed (a unit the
   * reform merged has none of its own: its facts are its successor's), one of the period's when
   * as recorded; otherwise 404, saying why.
   */
  const shownUnit = (code: string, period: Period, attribution: Attribution) => {
    // Re-attributed, a unit of today; as recorded, one of the period (its first or last day).
    const days = attribution === "re-attributed" ? [today()] : [period.lastDay, period.firstDay];
    const absences = days.map((day) => unitAbsence(deps.units, code, day));
    if (absences.some((absence) => absence === undefined)) return;
    const why = absences[0] as Text;
    throw problems.notFound(
      attribution === "re-attributed" && deps.units.history(code).length > 0
        ? {
            vi: `${why.vi}; số liệu trước đó theo đơn vị lúc ghi nhận: attribution=as-recorded`,
            en: `${why.en}; its earlier figures as recorded: attribution=as-recorded`,
          }
        : why,
    );
  };
  /**
   * Whether the reader may see a unit's figures: by its code today; as recorded, by what the unit
   * as it was in the period became (a code a split gave to another unit is not the same unit).
   */
  const mayReadShown = (
    readable: ReturnType<typeof readableUnits>,
    code: string,
    period: Period,
    attribution: Attribution,
  ) => {
    if (readable === "all" || attribution === "re-attributed") return mayRead(readable, code);
    const day = deps.units.validAt(code, period.lastDay) ? period.lastDay : period.firstDay;
    return mayRead(readable, deps.units.attributedAt(code, day, today())?.code ?? code);
  };
  /** The units directly below, on today's map or the period's. */
  const childrenOf = (code: string, period: Period, attribution: Attribution) => {
    const days = attribution === "re-attributed" ? [today()] : [period.firstDay, period.lastDay];
    return [...new Set(days.flatMap((day) => deps.units.children(code, day).map((u) => u.code)))];
  };
  const currentMonth = () => periodsOf(now().toISOString())[1] as Period;
  const outside = () =>
    problems.forbidden({
      vi: "Đơn vị này nằm ngoài phạm vi của bạn",
      en: "This unit is outside your scope",
    });

  // Whole answers, as sent, per unit, period and scope: an open dashboard refreshing, or many
  // people looking at the province, costs a lookup. Any change of figures (or a rebuild) clears it.
  const answers = new Map<string, string>();
  /** Counts clearings: an answer computed across one is not kept (it may predate the change). */
  let generation = 0;
  const forget = () => {
    answers.clear();
    generation++;
  };
  deps.feed.subscribe((change) => {
    if (change.kind === "figures") forget();
  });
  const streams = createStreamHub(deps.feed);
  deps.readSide.onSwitch(forget);

  return [
    route({
      method: "get",
      path: "/api/v1/dashboard",
      operationId: "getDashboard",
      tag: TAG,
      summary:
        "Số liệu của một đơn vị trong một kỳ (ngày, tháng, quý, năm), kèm các đơn vị trực thuộc",
      query: dashboardQuery,
      responses: { 200: { description: "Số liệu, kèm thời điểm (asOf)", schema: dashboardSchema } },
      problems: [403, 404],
      async handle({ query, user }) {
        const readable = readableUnits(user);
        const unit =
          query.unit ?? (readable === "all" ? deps.provinceCode : [...readable].sort()[0]);
        const period = query.period ? (parsePeriod(query.period) as Period) : currentMonth();
        if (!unit || !mayReadShown(readable, unit, period, query.attribution)) throw outside();
        shownUnit(unit, period, query.attribution);
        const key = `${unit}|${period.key}|${query.attribution}|${today()}|${readable === "all" ? "all" : [...readable].sort().join(",")}`;
        const headers = { "cache-control": "no-store" };
        const cached = answers.get(key);
        if (cached) return { headers, serialized: cached };
        const startedIn = generation;
        const children = childrenOf(unit, period, query.attribution).filter((code) =>
          mayReadShown(readable, code, period, query.attribution),
        );
        const figures = await deps.reader.read([unit, ...children], period, query.attribution);
        const serialized = JSON.stringify({
          unit: unitInfo(unit, period, query.attribution),
          attribution: query.attribution,
          ...presentFigures(figures.get(unit) as FiguresDocument),
          children: children.map((code) => ({
            unit: unitInfo(code, period, query.attribution),
            ...presentFigures(figures.get(code) as FiguresDocument),
          })),
        });
        if (answers.size > 5_000) answers.clear();
        if (generation === startedIn) answers.set(key, serialized);
        return { headers, serialized };
      },
    }),

    route({
      method: "get",
      path: "/api/v1/dashboard/trend",
      operationId: "getDashboardTrend",
      tag: TAG,
      summary: "Số liệu từng tháng trong một năm của một đơn vị (cho biểu đồ xu hướng)",
      query: trendQuery,
      responses: {
        200: { description: "Mười hai tháng, mỗi tháng kèm asOf", schema: trendSchema },
      },
      problems: [403, 404],
      async handle({ query, user }) {
        const readable = readableUnits(user);
        const unit =
          query.unit ?? (readable === "all" ? deps.provinceCode : [...readable].sort()[0]);
        const year = parsePeriod(query.year ?? today().slice(0, 4)) as Period;
        if (!unit || !mayReadShown(readable, unit, year, query.attribution)) throw outside();
        shownUnit(unit, year, query.attribution);
        const months = Array.from(
          { length: 12 },
          (_, i) => parsePeriod(`${year.key}-${String(i + 1).padStart(2, "0")}`) as Period,
        );
        const figures = await Promise.all(
          months.map((month) => deps.reader.read([unit], month, query.attribution)),
        );
        return {
          headers: { "cache-control": "no-store" },
          body: {
            unit: unitInfo(unit, year, query.attribution),
            attribution: query.attribution,
            year: year.key,
            months: figures.map((byUnit) => presentFigures(byUnit.get(unit) as FiguresDocument)),
          },
        };
      },
    }),

    route({
      method: "get",
      path: "/api/v1/overview",
      operationId: "getProvinceOverview",
      tag: TAG,
      summary: "Tổng quan toàn tỉnh: các kỳ hiện tại, từng xã/phường trong tháng, cảnh báo mới",
      query: overviewQuery,
      responses: { 200: { description: "Tổng quan", schema: overviewSchema } },
      problems: [403],
      async handle({ query, user }) {
        if (readableUnits(user) !== "all") {
          throw problems.forbidden({
            vi: "Tổng quan toàn tỉnh dành cho cán bộ cấp tỉnh",
            en: "The province overview is for province-wide readers",
          });
        }
        const province = deps.provinceCode;
        const periods = periodsOf(now().toISOString());
        const month = periods[1] as Period;
        const byPeriod = await Promise.all(
          periods.map((p) => deps.reader.read([province], p, query.attribution)),
        );
        const communes = childrenOf(province, month, query.attribution);
        const monthFigures = await deps.reader.read(communes, month, query.attribution);
        const alerts = await deps.readSide.current.store.alerts
          .find({}, { projection: { recordedAt: 0 } })
          .sort({ at: -1 })
          .limit(10)
          .toArray();
        return {
          headers: { "cache-control": "no-store" },
          body: {
            unit: unitInfo(province, month, query.attribution),
            attribution: query.attribution,
            periods: Object.fromEntries(
              periods.map((p, i) => [
                p.kind,
                presentFigures(byPeriod[i]?.get(province) as FiguresDocument),
              ]),
            ),
            communes: communes.map((code) => {
              const f = presentFigures(monthFigures.get(code) as FiguresDocument);
              return {
                unit: unitInfo(code, month, query.attribution),
                received: f.petitions.received,
                backlog: f.petitions.backlog,
                overdue: f.petitions.overdue,
                onTimeRate: f.petitions.onTimeRate,
                asOf: f.asOf,
              };
            }),
            alerts: alerts.map(({ _id, ...a }) => ({ id: _id, ...a })),
          },
        };
      },
    }),

    route({
      method: "get",
      path: "/api/v1/alerts",
      operationId: "listAlerts",
      tag: TAG,
      summary:
        "Cảnh báo trong phạm vi của người dùng (kiến nghị quá hạn, chưa tiếp dân đủ), mới nhất trước",
      query: alertsQuery,
      responses: { 200: { description: "Một trang cảnh báo", schema: pageSchema(alertSchema) } },
      problems: [403],
      async handle({ query, user }) {
        const readable = readableUnits(user);
        if (query.unit && !mayRead(readable, query.unit)) throw outside();
        const kind = query.kind ? { kind: query.kind } : {};
        /** A fact is the reader's when the unit it was recorded under became one of theirs. */
        const inScope = (code: string, day: string) =>
          readable === "all" ||
          mayRead(readable, deps.units.attributedAt(code, day, today())?.code ?? code);
        const store = deps.readSide.current.store.alerts;
        const page = { skip: (query.page - 1) * query.pageSize, limit: query.pageSize };
        if (!query.unit && readable === "all") {
          const [total, items] = await Promise.all([
            store.countDocuments(kind),
            store
              .find(kind, { projection: { recordedAt: 0 } })
              .sort({ at: -1, _id: 1 })
              .skip(page.skip)
              .limit(page.limit)
              .toArray(),
          ]);
          return {
            body: pageAnswer(query, {
              total,
              items: items.map(({ _id, ...a }) => ({ id: _id, ...a })),
            }),
          };
        }
        // A unit's alerts are those of the recorded codes that count for it, on the days they
        // do (a code a split gave another unit's facts counts only in its own days).
        const ranges = [...(query.unit ? [query.unit] : (readable as Set<string>))].map((code) =>
          recordedRanges(deps.units, code, today(), query.attribution),
        );
        const codes = [...new Set(ranges.flatMap((r) => [...r.keys()]))];
        const candidates = await store
          .find({ ...kind, unitCode: { $in: codes } }, { projection: { recordedAt: 0 } })
          .sort({ at: -1, _id: 1 })
          .toArray();
        const matching = candidates.filter((alert) => {
          const day = localDateOf(alert.at);
          return (
            ranges.some((r) => withinRanges(r, alert.unitCode, day)) && inScope(alert.unitCode, day)
          );
        });
        return {
          body: pageAnswer(query, {
            total: matching.length,
            items: matching
              .slice(page.skip, page.skip + page.limit)
              .map(({ _id, ...a }) => ({ id: _id, ...a })),
          }),
        };
      },
    }),

    // Server-sent events: what changed in the caller's scope, so open dashboards refresh.
    route({
      method: "get",
      path: "/api/v1/stream",
      operationId: "streamChanges",
      tag: TAG,
      summary: "Sự kiện gửi từ máy chủ (SSE): số liệu và cảnh báo thay đổi trong phạm vi",
      query: streamQuery,
      tokenInQuery: "access_token",
      responses: {
        200: { description: "Luồng sự kiện: figures, alert", contentType: "text/event-stream" },
      },
      handle({ user, request }) {
        const readable = readableUnits(user);
        return {
          stream(res) {
            res.writeHead(200, {
              "content-type": "text/event-stream; charset=utf-8",
              "cache-control": "no-store",
              connection: "keep-alive",
              "x-accel-buffering": "no",
            });
            res.write(": connected\n\n");
            const unsubscribe = streams.open(res, (change) =>
              mayRead(
                readable,
                change.kind === "figures" ? change.unitCode : change.alert.unitCode,
              ),
            );
            // A comment now and then keeps proxies from closing a quiet stream.
            const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), 20_000);
            const ending = deps.feed.onStop(() => res.end());
            request.on("close", () => {
              clearInterval(keepAlive);
              unsubscribe();
              ending();
            });
          },
        };
      },
    }),
  ];
}

import type { AccessTokenClaims } from "@danvan/contracts";
import { petitionMetricsByChannel } from "@danvan/metrics";
import type { TokenVerifier } from "@danvan/platform/http";
import {
  canActForAgency,
  canActInUnit,
  fields,
  hasGrant,
  isProvinceWide,
  parseRequest,
  periodEnd,
  periodStart,
  problems,
  requireUser,
} from "@danvan/platform/http";
import { searchTokens } from "@danvan/vietnam/text";
import type { Express, Request } from "express";
import { z } from "zod";
import type { PetitionService } from "../application/petitions.ts";
import { petitionSorts } from "../data/petitions.ts";
import type { Petition, PetitionCommand } from "../domain/petition/index.ts";
import { kinds, sources, statuses } from "../domain/petition/index.ts";
import { commandMeta } from "./command-meta.ts";
import { mapDomainError } from "./domain-errors.ts";

const code = fields.agencyCode;

export const receiveBody = z.strictObject({
  unitCode: fields.communeCode,
  source: z.enum(sources),
  sessionId: z.string().max(64).optional(),
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
});

/** Each command's body; the URL names the command: POST /petitions/:id/<command>. */
export const commandBodies = {
  acknowledge: z.strictObject({}),
  classify: z.strictObject({ kind: z.enum(kinds), topics: z.array(fields.text(100)).max(20) }),
  assign: z.strictObject({ agencyCode: code }),
  reassign: z.strictObject({ agencyCode: code, reason: fields.text(2000) }),
  "start-work": z.strictObject({}),
  forward: z.strictObject({ to: fields.text(300), reason: fields.text(2000) }),
  reject: z.strictObject({ reason: fields.text(2000) }),
  "mark-duplicate": z.strictObject({ of: z.string().max(64) }),
  withdraw: z.strictObject({ reason: fields.text(2000) }),
  "put-on-hold": z.strictObject({ reason: fields.text(2000) }),
  resume: z.strictObject({}),
  "request-extension": z.strictObject({
    workingDays: z.int().min(1).max(60),
    reason: fields.text(2000),
  }),
  "approve-extension": z.strictObject({}),
  "deny-extension": z.strictObject({ reason: fields.text(2000) }),
  "draft-answer": z.strictObject({ text: fields.text(20_000) }),
  "approve-answer": z.strictObject({}),
  "publish-answer": z.strictObject({}),
  resolve: z.strictObject({}),
  "close-unresolved": z.strictObject({ reason: fields.text(2000) }),
  reopen: z.strictObject({ reason: fields.text(2000) }),
  rate: z.strictObject({ score: z.int().min(1).max(5), resolved: z.boolean() }),
} as const;

type RouteName = keyof typeof commandBodies;

const commandTypes: Record<RouteName, Exclude<PetitionCommand["type"], "receive">> = {
  acknowledge: "acknowledge",
  classify: "classify",
  assign: "assign",
  reassign: "reassign",
  "start-work": "startWork",
  forward: "forward",
  reject: "reject",
  "mark-duplicate": "markDuplicate",
  withdraw: "withdraw",
  "put-on-hold": "putOnHold",
  resume: "resume",
  "request-extension": "requestExtension",
  "approve-extension": "approveExtension",
  "deny-extension": "denyExtension",
  "draft-answer": "draftAnswer",
  "approve-answer": "approveAnswer",
  "publish-answer": "publishAnswer",
  resolve: "resolve",
  "close-unresolved": "closeUnresolved",
  reopen: "reopen",
  rate: "rate",
};

/** What an assigned agency does; everything else is the commune's or the province's. */
const AGENCY_COMMANDS = new Set<RouteName>([
  "start-work",
  "put-on-hold",
  "resume",
  "request-extension",
  "draft-answer",
]);

/** Deny by default (ARCHITECTURE.md §9): province staff everywhere, communes inside, agencies on theirs. */
function mayAct(
  user: AccessTokenClaims,
  petition: Pick<Petition, "unitCode" | "agencyCode">,
  route: RouteName | "receive",
): boolean {
  if (user.roles.includes("province_admin") || user.roles.includes("province_staff")) return true;
  if (user.roles.includes("commune_officer") && canActInUnit(user, petition.unitCode)) return true;
  return (
    route !== "receive" &&
    AGENCY_COMMANDS.has(route as RouteName) &&
    user.roles.includes("agency_officer") &&
    canActForAgency(user, petition.agencyCode)
  );
}

function mayRead(user: AccessTokenClaims, petition: Petition): boolean {
  if (
    user.roles.includes("province_admin") ||
    user.roles.includes("province_staff") ||
    user.roles.includes("viewer")
  )
    return true;
  return canActInUnit(user, petition.unitCode) || canActForAgency(user, petition.agencyCode);
}

const seesEveryContact = (user: AccessTokenClaims) =>
  user.roles.includes("province_admin") || hasGrant(user, "petitioner_contact");

/** The petition as a reader may see it: contact details only for those who need them. */
function view(user: AccessTokenClaims, petition: Petition, version: number) {
  const seesContact =
    seesEveryContact(user) ||
    (user.roles.includes("commune_officer") && canActInUnit(user, petition.unitCode));
  const { petitioner, ...rest } = petition;
  return {
    ...rest,
    version,
    petitioner: seesContact ? petitioner : { anonymous: petitioner.anonymous },
  };
}

const notFound = () => problems.notFound({ vi: "Không có kiến nghị này", en: "No such petition" });

const forbidden = (req: Request) => {
  req.log.warn({ user: req.user?.sub, path: req.path }, "forbidden by scope");
  return problems.forbidden();
};

const FAMILIES = {
  open: ["received", "classified", "assigned", "in_progress", "reopened"],
  answered: ["answered"],
  closed: ["resolved", "closed_unresolved"],
  exited: ["forwarded", "rejected", "duplicate", "withdrawn"],
} as const;

export const listQuery = z.strictObject({
  unitCode: fields.communeCode.optional(),
  agencyCode: code.optional(),
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
  agencyCode: code.optional(),
  from: fields.day.optional(),
  to: fields.day.optional(),
});

const idParams = z.strictObject({ id: z.uuid() });
const commandParams = z.strictObject({
  id: z.uuid(),
  command: z.enum(Object.keys(commandBodies) as [RouteName, ...RouteName[]]),
});
const versionHeader = z.coerce.number().int().min(1).optional();

export function petitionRoutes(service: PetitionService, verify: TokenVerifier) {
  const authenticated = requireUser(verify);
  return (app: Express) => {
    app.post("/petitions", authenticated, async (req, res) => {
      const body = parseRequest(receiveBody, req, "body");
      const user = req.user as AccessTokenClaims;
      if (!mayAct(user, { unitCode: body.unitCode }, "receive")) throw forbidden(req);
      if (!body.petitioner.anonymous && !body.petitioner.name) {
        throw problems.invalid({
          vi: "Kiến nghị không ẩn danh cần họ tên người gửi",
          en: "A petition that is not anonymous needs the petitioner's name",
        });
      }
      const { petition, version } = await service.receive(
        {
          id: crypto.randomUUID(),
          ...body,
          ...(body.sessionId ? { sessionId: body.sessionId } : {}),
        } as never,
        commandMeta(req),
      );
      res
        .status(201)
        .location(`/petitions/${petition.id}`)
        .json(view(user, petition, version));
    });

    app.get("/petitions", authenticated, async (req, res) => {
      const query = parseRequest(listQuery, req, "query");
      const user = req.user as AccessTokenClaims;
      const wide = isProvinceWide(user) || user.roles.includes("viewer");
      const statusFilter = query.status
        ? [query.status]
        : query.family
          ? FAMILIES[query.family]
          : undefined;
      const tokens = query.q ? searchTokens(query.q) : undefined;
      const scope = wide ? undefined : { units: user.units, agencies: user.agencies };
      // The order of names tells something about them: sort by name only where every petition
      // listed shows its petitioner's name to this reader.
      const byName = query.sort === "petitioner" || query.sort === "-petitioner";
      const namesVisible =
        seesEveryContact(user) ||
        (user.roles.includes("commune_officer") &&
          scope !== undefined &&
          (scope.agencies.length === 0 ||
            (query.unitCode !== undefined && canActInUnit(user, query.unitCode))));
      if (byName && !namesVisible) {
        throw problems.forbidden({
          vi: "Chỉ người được xem thông tin người gửi mới sắp xếp được theo tên người gửi",
          en: "Only readers who may see petitioners' details can sort by petitioner name",
        });
      }
      const { total, items } = await service.list({
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
        ...(tokens && tokens.length > 0 ? { tokens } : {}),
        sort: query.sort,
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      res.json({
        items: items.map((p) =>
          view(user, p as unknown as Petition, (p as { version: number }).version),
        ),
        total,
        page: query.page,
        pageSize: query.pageSize,
      });
    });

    app.get("/petition-metrics", authenticated, async (req, res) => {
      const query = parseRequest(metricsQuery, req, "query");
      const user = req.user as AccessTokenClaims;
      const wide = isProvinceWide(user) || user.roles.includes("viewer");
      const facts = await service.facts({
        ...(wide ? {} : { scope: { units: user.units, agencies: user.agencies } }),
        ...(query.unitCode ? { unitCode: query.unitCode } : {}),
        ...(query.agencyCode ? { agencyCode: query.agencyCode } : {}),
        ...(query.from ? { receivedFrom: periodStart(query.from) } : {}),
        ...(query.to ? { receivedTo: periodEnd(query.to) } : {}),
      });
      res.json({
        asOf: new Date().toISOString(),
        ...petitionMetricsByChannel(facts, service.calendar()),
      });
    });

    app.get("/petitions/:id", authenticated, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      const found = await service.get(id);
      const user = req.user as AccessTokenClaims;
      if (!found || !mayRead(user, found.petition)) throw notFound();
      res.setHeader("etag", `"${found.version}"`).json(view(user, found.petition, found.version));
    });

    app.get("/petitions/:id/timeline", authenticated, async (req, res) => {
      const { id } = parseRequest(idParams, req, "params");
      const found = await service.get(id);
      const user = req.user as AccessTokenClaims;
      if (!found || !mayRead(user, found.petition)) throw notFound();
      res.setHeader("etag", `"${found.version}"`).json({
        id,
        reference: found.petition.reference,
        version: found.version,
        entries: found.timeline,
      });
    });

    app.post("/petitions/:id/:command", authenticated, async (req, res) => {
      const { id, command } = parseRequest(commandParams, req, "params");
      const body = parseRequest(commandBodies[command], req, "body");
      const expected = versionHeader.safeParse(
        req.get("if-match")?.replaceAll('"', "") || undefined,
      );
      if (!expected.success)
        throw problems.invalid({
          vi: "If-Match phải là số phiên bản",
          en: "If-Match must be a version number",
        });
      const user = req.user as AccessTokenClaims;
      try {
        const { petition, version } = await service.apply(
          id,
          { type: commandTypes[command], ...body } as never,
          {
            ...commandMeta(req),
            ...(expected.data !== undefined ? { expectedVersion: expected.data } : {}),
          },
          // Scope is judged on the petition as loaded for the command: one read, no race.
          (current) => {
            if (!mayRead(user, current)) throw notFound();
            if (!mayAct(user, current, command)) throw forbidden(req);
          },
        );
        res.setHeader("etag", `"${version}"`).json(view(user, petition, version));
      } catch (error) {
        mapDomainError(error);
      }
    });
  };
}

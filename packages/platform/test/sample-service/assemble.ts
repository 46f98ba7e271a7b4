// The notice board service: the smallest complete service of the kit (docs/new-service.md).
import { createAggregateStore, defineAggregate } from "@danvan/platform/aggregate";
import { fragments, serviceConfig } from "@danvan/platform/config";
import type { Route, TokenVerifier } from "@danvan/platform/http";
import {
  authorize,
  fields,
  pageAnswer,
  pageSchema,
  pageWindow,
  readiness,
  route,
} from "@danvan/platform/http";
import { outboxPublisherOf } from "@danvan/platform/messaging";
import type { ServiceRuntime } from "@danvan/platform/service";
import { composeService, createServiceApp } from "@danvan/platform/service";
import { z } from "zod";
import { noticePostedV1, noticeSchema } from "./contract.ts";
import { accessPolicy, decide } from "./domain.ts";

export const configSchema = serviceConfig({
  ...fragments.service({ port: 3199, metricsPort: 9499 }),
  ...fragments.mongo({ database: "noticeboard" }),
  ...fragments.kafka(),
  ...fragments.outbox(),
  ...fragments.tokenVerifier(),
});

export const noticeAggregate = defineAggregate({
  name: "notice",
  collection: "notices",
  events: { posted: noticePostedV1 },
  decide,
});

const noticeView = noticeSchema.extend({ version: z.int() });

export async function assembleNoticeBoard(
  runtime: ServiceRuntime<z.output<typeof configSchema>>,
  options: { verify: TokenVerifier },
) {
  const outbox = outboxPublisherOf(runtime, [noticeAggregate.collection]);
  const notices = await createAggregateStore(noticeAggregate, {
    database: runtime.database,
    onWrite: outbox.wake,
  });
  const routes: Route[] = [
    route({
      method: "post",
      path: "/notices",
      operationId: "postNotice",
      tag: "Thông báo",
      summary: "Đăng một thông báo của xã, phường",
      body: z.strictObject({ unitCode: fields.communeCode, title: fields.text(200) }),
      access: accessPolicy.gate("notice.post"),
      responses: { 201: { description: "Đã đăng", schema: noticeView } },
      async handle(input) {
        authorize(accessPolicy, input, "notice.post", input.body);
        const post = { type: "post" as const, id: crypto.randomUUID(), ...input.body };
        const { state, version } = await notices.create(post, input.meta);
        const body = { ...state, version };
        return { status: 201, version, location: `/notices/${state.id}`, body };
      },
    }),
    route({
      method: "get",
      path: "/notices",
      operationId: "listNotices",
      tag: "Thông báo",
      summary: "Các thông báo của một xã, phường, mới nhất trước",
      query: z.strictObject({ unitCode: fields.communeCode, ...fields.paging }),
      access: accessPolicy.gate("notice.read"),
      responses: { 200: { description: "Một trang thông báo", schema: pageSchema(noticeView) } },
      async handle(input) {
        const { query } = input;
        authorize(accessPolicy, input, "notice.read", query);
        const { total, items } = await notices.list({
          filter: { unitCode: query.unitCode },
          sort: { postedAt: -1, _id: 1 },
          ...pageWindow(query),
        });
        const found = items.map(({ state, version }) => ({ ...state, version }));
        return { body: pageAnswer(query, { total, items: found }) };
      },
    }),
  ];
  const app = createServiceApp(runtime, {
    readiness: [readiness.kafka(runtime.kafka)],
    api: { title: "Bảng thông báo", routes, verify: options.verify },
  });
  return { ...composeService({ app, parts: [outbox], logger: runtime.logger }), outbox, notices };
}

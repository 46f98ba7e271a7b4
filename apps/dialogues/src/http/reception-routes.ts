import type { Route } from "@danvan/platform/http";
import { authorize, fields, route } from "@danvan/platform/http";
import { z } from "zod";
import type { ReceptionQueries } from "../data/receptions.ts";
import { accessPolicy } from "../domain/access.ts";

const TAG = "Tiếp công dân";

export const holderBody = z.strictObject({
  name: fields.text(200),
  position: fields.text(200),
  level: z.enum(["province", "commune"]),
  unitCode: fields.unitCode,
});

const holderSchema = holderBody.extend({ id: z.string() });

/** The position holders whose monthly reception days are checked; a session's chair names one. */
export function receptionRoutes(queries: ReceptionQueries): Route[] {
  return [
    route({
      method: "put",
      path: "/reception-holders/:id",
      operationId: "registerReceptionHolder",
      tag: TAG,
      access: accessPolicy.gate("receptionHolder.register"),
      summary: "Đăng ký người có nghĩa vụ tiếp công dân hằng tháng (theo cấp)",
      params: z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) }),
      body: holderBody,
      responses: { 200: { description: "Đã đăng ký", schema: holderSchema } },
      problems: [403],
      async handle(input) {
        const { params, body } = input;
        authorize(accessPolicy, input, "receptionHolder.register", body);
        await queries.registerHolder({ id: params.id, ...body });
        return { body: { id: params.id, ...body } };
      },
    }),
    route({
      method: "get",
      path: "/reception-holders",
      operationId: "listReceptionHolders",
      tag: TAG,
      summary: "Những người có nghĩa vụ tiếp công dân",
      responses: {
        200: { description: "Danh sách", schema: z.object({ items: z.array(holderSchema) }) },
      },
      async handle() {
        return { body: { items: await queries.holders() } };
      },
    }),
  ];
}

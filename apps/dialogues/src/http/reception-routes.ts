import type { Route } from "@danvan/platform/http";
import { authorize, fields, problems, route } from "@danvan/platform/http";
import { requireUnitOn } from "@danvan/platform/reference";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { UnitRegistry } from "@danvan/vietnam/units";
import { CODE_LENGTH } from "@danvan/vietnam/units";
import { z } from "zod";
import type { ReceptionQueries } from "../data/receptions.ts";
import { accessPolicy } from "../domain/access.ts";
import { unitMatchesLevel } from "../domain/reception/obligation.ts";

const TAG = "Tiếp công dân";
const LEVEL_NAMES = { province: "tỉnh", commune: "xã" } as const;

export const holderBody = z.strictObject({
  name: fields.text(200),
  position: fields.text(200),
  level: z.enum(["province", "commune"]),
  unitCode: fields.unitCode,
});

const holderSchema = holderBody.extend({ id: z.string() });

/** The position holders whose monthly reception days are checked; a session's chair names one. */
export function receptionRoutes(deps: {
  queries: ReceptionQueries;
  units: UnitRegistry;
  now: () => Date;
}): Route[] {
  const { queries } = deps;
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
      problems: [403, 409, 422],
      async handle(input) {
        const { params, body } = input;
        if (!unitMatchesLevel(body)) {
          throw problems.refused({
            vi: `Người giữ chức vụ cấp ${LEVEL_NAMES[body.level]} phải thuộc một đơn vị cấp ${LEVEL_NAMES[body.level]} (mã ${CODE_LENGTH[body.level]} chữ số)`,
            en: `A ${body.level}-level holder belongs to a ${body.level} (a ${CODE_LENGTH[body.level]}-digit code)`,
          });
        }
        requireUnitOn(deps.units, body.unitCode, localDateOf(deps.now().toISOString()), "unitCode");
        // Both where the holder is and where they would be must be in the user's scope: a commune
        // officer neither takes another commune's holder nor moves theirs elsewhere.
        const previous = await queries.holder(params.id);
        if (previous) authorize(accessPolicy, input, "receptionHolder.register", previous);
        authorize(accessPolicy, input, "receptionHolder.register", body);
        const holder = { id: params.id, ...body };
        if (!(await queries.registerHolder(holder, previous))) {
          throw problems.conflict({
            vi: "Người này vừa được người khác đăng ký hoặc thay đổi; hãy tải lại rồi thử lại",
            en: "Registered or changed by someone else meanwhile; reload and retry",
          });
        }
        return { body: holder };
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

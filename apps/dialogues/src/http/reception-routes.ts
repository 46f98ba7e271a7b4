import type { AccessTokenClaims } from "@danvan/contracts";
import type { TokenVerifier } from "@danvan/platform/http";
import {
  canActInUnit,
  fields,
  isProvinceWide,
  parseRequest,
  problems,
  requireUser,
} from "@danvan/platform/http";
import type { Express } from "express";
import { z } from "zod";
import type { ReceptionStore } from "../data/receptions.ts";

export const holderBody = z.strictObject({
  name: fields.text(200),
  position: fields.text(200),
  level: z.enum(["province", "commune"]),
  unitCode: fields.unitCode,
});

/** The position holders whose monthly reception days are checked; a session's chair names one. */
export function receptionRoutes(store: ReceptionStore, verify: TokenVerifier) {
  const authenticated = requireUser(verify);
  return (app: Express) => {
    app.put("/reception-holders/:id", authenticated, async (req, res) => {
      const { id } = parseRequest(
        z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) }),
        req,
        "params",
      );
      const body = parseRequest(holderBody, req, "body");
      const user = req.user as AccessTokenClaims;
      if (
        !isProvinceWide(user) &&
        !(user.roles.includes("commune_officer") && canActInUnit(user, body.unitCode))
      ) {
        throw problems.forbidden();
      }
      await store.registerHolder({ id, ...body });
      res.json({ id, ...body });
    });
    app.get("/reception-holders", authenticated, async (_req, res) => {
      res.json({ items: await store.holders() });
    });
  };
}

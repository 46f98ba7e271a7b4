import { unitCodePattern } from "@danvan/vietnam/units";
import { z } from "zod";
import { localized } from "./messages.ts";

/**
 * The codes facts and requests name things by, each defined once. Unit codes follow Decision
 * 19/2025/QĐ-TTg (and the GSO codes before it): 2 digits for a province, 3 for a district (until
 * 30 June 2025), 5 for a commune.
 */

/** Any administrative unit, past or present: what an event's `unitcode` may be. */
export const unitCodeSchema = z.string().regex(unitCodePattern(), {
  error: localized({
    vi: "mã đơn vị hành chính: 2 chữ số (tỉnh), 3 (huyện, trước 2025) hoặc 5 (xã)",
    en: "a unit code: 2 digits (province), 3 (district, before 2025) or 5 (commune)",
  }),
});

/** A unit of today's two tiers: a province or a commune. */
export const currentUnitCodeSchema = z.string().regex(unitCodePattern(["province", "commune"]), {
  error: localized({
    vi: "mã tỉnh (2 chữ số) hoặc mã xã, phường, đặc khu (5 chữ số)",
    en: "a province (2 digits) or commune (5 digits) code",
  }),
});

/** A commune (xã, phường, đặc khu). */
export const communeCodeSchema = z.string().regex(unitCodePattern(["commune"]), {
  error: localized({
    vi: "mã xã, phường, đặc khu gồm 5 chữ số",
    en: "a 5-digit commune code",
  }),
});

/** An agency (sở, ban, ngành) that petitions are assigned to, e.g. SO-TNMT. */
export const AGENCY_CODE_PATTERN = /^[A-Z0-9-]{2,40}$/;
export const agencyCodeSchema = z.string().regex(AGENCY_CODE_PATTERN, {
  error: localized({
    vi: "mã cơ quan: chữ in hoa không dấu, chữ số và dấu -, ví dụ SO-TNMT",
    en: "an agency code: upper-case letters, digits and -, e.g. SO-TNMT",
  }),
});

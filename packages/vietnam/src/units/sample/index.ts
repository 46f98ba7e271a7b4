import type { UnitDataset } from "../model.ts";
import { assertValidUnitDataset } from "../validate.ts";
import sample from "./sample-units.json" with { type: "json" };

/**
 * A SAMPLE written for tests and demos, not the official list: five provinces (Hà Nội unchanged;
 * Hà Giang merged into Tuyên Quang and Thái Bình into Hưng Yên on 2025-07-01), a few of their
 * districts (ended 2025-06-30) and communes, and the merges, a split, a rename and the abolition of
 * the district level on 2025-07-01. History starts on 2020-01-01. See the package README for what
 * is real and what is simplified.
 */
export const sampleUnitDataset: UnitDataset = assertValidUnitDataset(sample);

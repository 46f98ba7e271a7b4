import type { Database } from "@danvan/platform/mongo";
import { importAgencies } from "../src/application/agencies.ts";
import { createAgencyRegistry } from "../src/data/agencies.ts";

/**
 * The agencies tests assign petitions to, registered in every province of the sample units for
 * the whole of their history (the standard list's SO-TNMT ended in 2025; tests keep one name).
 */
export const testAgencies = {
  agencies: [
    { code: "SO-TNMT", name: "Sở Tài nguyên và Môi trường", validFrom: "2020-01-01" },
    { code: "SO-XD", name: "Sở Xây dựng", validFrom: "2020-01-01" },
    { code: "SO-GTVT", name: "Sở Giao thông vận tải", validFrom: "2020-01-01" },
    { code: "SO-LDTBXH", name: "Sở Lao động - Thương binh và Xã hội", validFrom: "2020-01-01" },
  ],
};
const SAMPLE_PROVINCES = ["01", "02", "08", "33", "34"];

/** Registers the test agencies through the service's own registry, in a service's database. */
export async function registerTestAgencies(database: Database) {
  const registry = await createAgencyRegistry(database);
  for (const provinceCode of SAMPLE_PROVINCES) {
    await importAgencies({
      registry,
      provinceCode,
      list: testAgencies,
      actor: "test",
      now: new Date(),
    });
  }
}

import { describe, expect, it } from "vitest";
import { instantInputSchema, instantSchema, localDateSchema } from "../src/index.ts";

// One range of dates for commands, queries and events: what a service accepts it can publish.
describe("dates", () => {
  it("take instants from 1900 to 2100, in any offset, stored in UTC with milliseconds", () => {
    expect(instantInputSchema.parse("2025-07-01T00:00:00+07:00")).toBe("2025-06-30T17:00:00.000Z");
    expect(instantInputSchema.parse("1900-01-01T00:00:00Z")).toBe("1900-01-01T00:00:00.000Z");
    expect(instantInputSchema.parse("2100-12-31T23:59:59.999Z")).toBe("2100-12-31T23:59:59.999Z");
    for (const taken of ["2025-06-30T17:00:00.000Z", "2100-12-31T23:59:59.999Z"]) {
      expect(instantSchema.parse(taken)).toBe(taken);
    }
  });

  it("refuse instants outside that range, including past year 9999 once in UTC", () => {
    for (const refused of [
      "1899-12-31T23:59:59.999Z",
      "2101-01-01T00:00:00.000Z",
      "9999-12-31T23:59:59-12:00",
      "0000-01-01T00:00:00Z",
      "+010000-01-01T00:00:00.000Z",
    ]) {
      expect(instantInputSchema.safeParse(refused).success, refused).toBe(false);
      expect(instantSchema.safeParse(refused).success, refused).toBe(false);
    }
  });

  it("take days from 1900 to 2100 that exist", () => {
    expect(localDateSchema.parse("2024-02-29")).toBe("2024-02-29");
    for (const refused of ["0000-01-01", "0020-02-29", "9999-12-31", "2025-02-30", "1899-12-31"]) {
      expect(localDateSchema.safeParse(refused).success, refused).toBe(false);
    }
  });
});

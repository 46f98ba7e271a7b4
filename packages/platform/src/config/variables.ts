import { isIP } from "node:net";
import { z } from "zod";

/** Reusable variable schemas with descriptions, for the generated README table. */
export const env = {
  port: (fallback: number) =>
    z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(fallback)
      .describe("HTTP port to listen on (0: any free port)"),
  kafkaBrokers: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((b) => b.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "brokers are host:port")).min(1))
      .describe("Kafka bootstrap servers, comma-separated host:port"),
  mongoUrl: () =>
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, "a mongodb:// or mongodb+srv:// URL")
      .describe("MongoDB connection string (MongoDB 7 or FerretDB 1.24)"),
  logLevel: () =>
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info")
      .describe("Minimum level of log lines"),
  milliseconds: (fallback: number, description: string) =>
    z.coerce.number().int().min(0).default(fallback).describe(description),
  /**
   * Addresses and subnets of trusted proxies, comma-separated: `10.0.0.7`, `10.0.0.0/8`,
   * `fd00::/8`, or express's names `loopback`, `linklocal`, `uniquelocal` → `string[]`.
   */
  proxies: (description: string) =>
    z
      .string()
      .transform((text) =>
        text
          .split(",")
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ""),
      )
      .pipe(
        z.array(
          z.string().refine(isProxyAddress, {
            message: "an address, a subnet (10.0.0.0/8) or loopback, linklocal, uniquelocal",
          }),
        ),
      )
      .default([])
      .describe(description),
  /** `true` or `false` (also 1/0, yes/no, on/off). */
  flag: (fallback: boolean, description: string) =>
    z.stringbool().default(fallback).describe(description),
  integer: (fallback: number, range: { min: number; max: number }, description: string) =>
    z.coerce.number().int().min(range.min).max(range.max).default(fallback).describe(description),
};

function isProxyAddress(entry: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

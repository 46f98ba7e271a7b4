import { env, fragments, serviceConfig } from "@danvan/platform/config";
import { z } from "zod";

/** The gateway's environment; `npm run docs:readme` writes this table into the README. */
export const configSchema = serviceConfig({
  ...fragments.service({ port: 3000, metricsPort: 9400 }),
  ...fragments.mongo({ database: "gateway" }),
  ...fragments.kafka(),
  PROVINCE_CODE: z
    .string()
    .regex(/^\d{2}$/)
    .default("01")
    .describe("The province whose commission runs the platform (its overview)"),
  ...fragments.units(),
  CONSUMER_MAX_WAIT_MS: env.milliseconds(
    100,
    "Longest an idle fetch of the gateway group waits at the broker",
  ),
  CONSUMER_PARTITIONS_CONCURRENTLY: env.integer(
    4,
    { min: 1, max: 64 },
    "Partitions whose batches the gateway group projects at once (order kept within each)",
  ),
  TRUST_PROXY: env.proxies(
    "The proxies in front (addresses, subnets, `loopback`) whose X-Forwarded-For gives the client's address; none by default (login delays and rate limits use the address)",
  ),
  JWT_ISSUER: z
    .string()
    .min(1)
    .describe("`iss` of the access tokens it signs: the gateway's public URL"),
  JWT_AUDIENCE: z
    .string()
    .min(1)
    .default("danvan-services")
    .describe("`aud` of the access tokens it signs"),
  JWT_PRIVATE_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "An ES256 private JWK to sign with; without it a key is made and kept in the database",
    ),
  JWT_OTHER_PUBLIC_KEYS_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "During a signing-key rotation: a JWKS of the other public keys to publish and accept (the next key before the switch, the previous one until its tokens expire)",
    ),
  ACCESS_TOKEN_SECONDS: env.integer(600, { min: 60, max: 3600 }, "Lifetime of an access token"),
  SESSION_DAYS: env.integer(14, { min: 1, max: 90 }, "Longest a login lasts through refreshes"),
  LOGIN_FREE_FAILURES: env.integer(
    5,
    { min: 1, max: 50 },
    "Wrong passwords for a username before each further try waits (1 s, 2 s, 4 s, …)",
  ),
  LOGIN_USERNAME_MAX_DELAY_SECONDS: env.integer(
    60,
    { min: 1, max: 3600 },
    "Longest wait of a username after wrong passwords from anywhere: what a stranger can make its owner wait",
  ),
  LOGIN_ADDRESS_FREE_FAILURES: env.integer(
    20,
    { min: 1, max: 1000 },
    "Wrong logins from one address, whatever the usernames, before its tries wait (password spraying)",
  ),
  LOGIN_ADDRESS_MAX_DELAY_SECONDS: env.integer(
    900,
    { min: 1, max: 86_400 },
    "Longest wait of an address: for one username it guessed at, or for all after spraying",
  ),
  API_REQUESTS_PER_SECOND_PER_USER: env.integer(
    20,
    { min: 1, max: 100_000 },
    "API requests one user may keep making per second in each replica (then 429)",
  ),
  API_MAX_IN_FLIGHT_PER_USER: env.integer(
    6,
    { min: 1, max: 10_000 },
    "Requests one user may have unanswered at once in each replica (dashboard streams aside; then 429)",
  ),
  API_BURST_PER_USER: env.integer(
    200,
    { min: 1, max: 1_000_000 },
    "API requests one user may make at once before the per-second rate applies",
  ),
  API_REQUESTS_PER_SECOND_PER_ADDRESS: env.integer(
    50,
    { min: 1, max: 100_000 },
    "API requests one client address may keep making per second in each replica (then 429)",
  ),
  API_BURST_PER_ADDRESS: env.integer(
    500,
    { min: 1, max: 1_000_000 },
    "API requests one client address may make at once before the per-second rate applies",
  ),
  LOGIN_ATTEMPTS_PER_MINUTE: env.integer(
    10,
    { min: 1, max: 1000 },
    "Login attempts one client address may make at once, and then per minute (in each replica)",
  ),
  PASSWORD_MIN_LENGTH: env.integer(10, { min: 8, max: 64 }, "Shortest password accepted"),
  PASSWORD_HASH_MEMORY_KIB: env.integer(
    19_456,
    { min: 1024, max: 1_048_576 },
    "argon2id memory per password hash in KiB (OWASP: 19456, with 2 passes); stored with each hash",
  ),
  ADMIN_USERNAME: z
    .string()
    .regex(/^[a-z0-9._-]{3,60}$/)
    .default("admin")
    .describe("The first administrator, created when there is no user"),
  ADMIN_PASSWORD: z
    .string()
    .min(8)
    .optional()
    .describe("Their password; without it one is generated and printed once"),
  DIALOGUES_URL: z
    .url()
    .default("http://127.0.0.1:3101")
    .describe("The dialogues service, which /api/v1/dialogues/… is forwarded to"),
  SERVICE_TIMEOUT_MS: env.milliseconds(10_000, "Longest wait for a service's answer (then 504)"),
  SERVICE_MAX_IN_FLIGHT: env.integer(
    64,
    { min: 1, max: 10_000 },
    "Requests this replica forwards to one service at once; more are a 503 at once (load shedding)",
  ),
});

export type Config = z.output<typeof configSchema>;

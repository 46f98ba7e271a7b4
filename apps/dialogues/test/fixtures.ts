// Wiring for the dialogues tests: the real service pieces on the file's own database and topics.
import type { AccessTokenClaims } from "@danvan/contracts";
import { loadConfig } from "@danvan/platform/config";
import { createTokenVerifier } from "@danvan/platform/http";
import { createLogger } from "@danvan/platform/log";
import { createKafkaClient } from "@danvan/platform/messaging";
import { connectDatabase } from "@danvan/platform/mongo";
import { createTelemetry } from "@danvan/platform/telemetry";
import type { TestScope } from "@danvan/testing";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { PetitionService } from "../src/application/petitions.ts";
import { assembleDialogues } from "../src/assemble.ts";
import { configSchema } from "../src/config.ts";

const issuer = "https://gateway.danvan.test";
const audience = "danvan-services";

export async function tokenIssuer() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test", alg: "ES256" };
  return {
    verify: createTokenVerifier({ jwks: { keys: [jwk] }, issuer, audience }),
    sign: (claims: Partial<AccessTokenClaims> & Pick<AccessTokenClaims, "roles">) =>
      new SignJWT({ units: [], agencies: [], grants: [], ...claims })
        .setProtectedHeader({ alg: "ES256", kid: "test" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(claims.sub ?? "user")
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(privateKey),
  };
}

/** One replica of the service: its own connections, sharing the file's database and topics. */
export async function dialoguesInstance(
  scope: TestScope,
  options: { now?: () => Date; relay?: boolean; env?: Record<string, string> } = {},
) {
  const config = loadConfig(configSchema, {
    MONGO_URL: scope.mongoUrl,
    MONGO_DATABASE: scope.databaseName,
    KAFKA_BROKERS: scope.kafkaBrokers.join(","),
    TOPIC_PREFIX: scope.topicPrefix,
    JWT_ISSUER: issuer,
    // Tokens are checked with the test's own key set (below); this address is never fetched.
    JWT_JWKS_URL: "http://127.0.0.1:9/jwks.json",
    DEADLINE_SWEEP_MS: "200",
    ...options.env,
  });
  const logger = createLogger({
    service: "dialogues-test",
    level: process.env.LOG_LEVEL ?? "silent",
  });
  const database = await connectDatabase(scope.mongoUrl, scope.databaseName);
  const tokens = await tokenIssuer();
  const dialogues = await assembleDialogues({
    config,
    database,
    kafka: createKafkaClient({ clientId: "dialogues-test", brokers: scope.kafkaBrokers }),
    verify: tokens.verify,
    logger,
    telemetry: createTelemetry("dialogues"),
    ...(options.now ? { now: options.now } : {}),
    relayPollMs: 200,
  });
  // Jobs start where a test says so (deadlines.start(), runNow()).
  await dialogues.start({ relay: options.relay !== false, jobs: false });
  return {
    ...dialogues,
    logger,
    tokens,
    database,
    async close() {
      await dialogues.deadlines.stop();
      await dialogues.relay.stop();
      await dialogues.producer.disconnect();
      await database.close();
    },
  };
}

type ReceivedPetition = Parameters<PetitionService["receive"]>[0];

/** A petition from someone who gave no name, as `petitions.receive` takes it, with a fresh id. */
export function anonymousPetition(
  fields: Pick<ReceivedPetition, "unitCode" | "source" | "content"> & Partial<ReceivedPetition>,
): ReceivedPetition {
  return { id: crypto.randomUUID(), petitioner: { anonymous: true }, ...fields };
}

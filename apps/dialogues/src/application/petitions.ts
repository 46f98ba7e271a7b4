import type { AggregateStore, Changed, CommandMeta } from "@danvan/platform/aggregate";
import { localDateOf } from "@danvan/vietnam/calendar";
import type { PetitionQueries } from "../data/petitions.ts";
import type { Petition, PetitionCommand } from "../domain/petition/index.ts";

export type PetitionStore = AggregateStore<Petition, PetitionCommand>;

/** What receiving a petition takes: everything but its reference, which the service gives. */
export type ReceivedPetition = Omit<
  Extract<PetitionCommand, { type: "receive" }>,
  "type" | "reference"
>;

/**
 * Receiving a petition: it gets the next reference of its unit's yearly sequence
 * (KN-<unit>-<year>-<seq>, the year in Vietnam time), then is created like any aggregate.
 */
export function createPetitionReception(deps: {
  petitions: PetitionStore;
  queries: Pick<PetitionQueries, "nextReference">;
  now: () => Date;
  /**
   * The checks the receipt will meet (its date, its unit, the session it is linked to), run before
   * a reference number is taken: a refused petition uses up none.
   */
  precheck: (input: ReceivedPetition) => Promise<void>;
}) {
  return async (input: ReceivedPetition, meta: CommandMeta): Promise<Changed<Petition>> => {
    await deps.precheck(input);
    const year = Number(localDateOf(input.receivedAt ?? deps.now().toISOString()).slice(0, 4));
    const reference = await deps.queries.nextReference(input.unitCode, year);
    return deps.petitions.create({ type: "receive", ...input, reference }, meta);
  };
}

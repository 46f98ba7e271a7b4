import type { AccessTokenClaims } from "@danvan/contracts";
import { z } from "zod";
import type { AggregateStore } from "../aggregate/index.ts";
import type { AccessPolicy, Resource } from "../domain/index.ts";
import type { HttpProblem } from "./problem.ts";
import type { ProblemStatus, Route } from "./routes.ts";
import { checkAccess, route } from "./routes.ts";

/** A command people give an aggregate: its body, and how the API describes it. */
export interface CommandRoute<Type extends string> {
  type: Type;
  body: z.ZodObject;
  /** In Vietnamese. */
  summary: string;
  operationId: string;
  /** Problems besides 403, 404 and 409: 422 when the command names a unit or an agency. */
  problems?: readonly ProblemStatus[];
  /**
   * Checks what the body names besides the aggregate — another aggregate, which must exist and be
   * in the caller's scope — once the caller may act on the aggregate and before the command is
   * decided, throwing ReferenceRefusedError (422; the same answer whether it does not exist or is
   * out of scope, so nothing leaks).
   */
  references?: (
    body: Record<string, unknown>,
    context: { id: string; user: AccessTokenClaims },
  ) => Promise<void>;
}

const idParams = z.strictObject({ id: z.uuid() });

/** What decides which commands a user may give an aggregate: the routes', and its state's. */
export interface CommandAvailability<State, Type extends string, Action extends string> {
  /** `petition`: the aggregate's actions are `petition.<command type>`. */
  aggregate: string;
  commands: Record<string, CommandRoute<Type>>;
  policy: AccessPolicy<Action>;
  /** Whether the aggregate's state lets a command be given at all (its state machine). */
  availableIn?: (type: Type, state: State) => boolean;
}

/**
 * The commands (their names in the URL) a user may give an aggregate now: those the policy lets
 * them do to it and its state allows. What a page offers comes from here — the API's own rules —
 * never from a copy of them; a command refused for a finer reason still answers 409 or 422.
 */
export function availableCommands<
  State extends Resource,
  Type extends string,
  Action extends string,
>(
  options: CommandAvailability<State, Type, Action>,
  user: AccessTokenClaims,
  state: State,
): string[] {
  return Object.entries(options.commands)
    .filter(
      ([, command]) =>
        options.policy.allows(user, `${options.aggregate}.${command.type}` as Action, state) &&
        (options.availableIn?.(command.type, state) ?? true),
    )
    .map(([name]) => name);
}

/**
 * One route per command on an existing aggregate: `POST <collection>/:id/<name>`, the body
 * parsed, If-Match honoured, the scope judged on the aggregate as loaded for the command (one
 * read, no race: 404 to who may not see it, 403 to who may see but not do this), then decided
 * and written by the aggregate store. Its action in the policy is `<aggregate>.<command type>`.
 */
export function commandRoutes<
  State extends { id: string } & Resource,
  Command extends { type: string },
  Action extends string,
>(options: {
  store: Pick<AggregateStore<State, Command>, "execute">;
  /** `/petitions`. */
  collection: string;
  /** `petition`: the aggregate's actions are `petition.<command type>`. */
  aggregate: string;
  tag: string;
  commands: Record<string, CommandRoute<Command["type"]>>;
  policy: AccessPolicy<Action>;
  /** The action that lets a user see the aggregate at all. */
  see: Action;
  notFound: () => HttpProblem;
  /** The aggregate after the command as the caller may see it, and the schema of that. */
  answer: {
    description: string;
    schema: z.ZodType;
    of(user: AccessTokenClaims, state: State, version: number): unknown;
  };
}): Route[] {
  return Object.entries(options.commands).map(([name, command]) =>
    route({
      method: "post",
      path: `${options.collection}/:id/${name}`,
      operationId: command.operationId,
      tag: options.tag,
      summary: command.summary,
      params: idParams,
      body: command.body,
      ifMatch: true,
      responses: {
        200: { description: options.answer.description, schema: options.answer.schema },
      },
      // 422: what a command names may be refused (its references, the aggregate's own checks
      // of reference data) whatever its route declares.
      problems: [...new Set([403, 404, 409, 422, ...(command.problems ?? [])] as const)],
      async handle(input) {
        const act = `${options.aggregate}.${command.type}` as Action;
        const { state, version } = await options.store.execute(
          input.params.id,
          // The route names the command: a body field cannot change which one runs.
          { ...input.body, type: command.type } as unknown as Command,
          input.meta,
          async (current) => {
            checkAccess(
              options.policy,
              input,
              { see: options.see, act },
              current,
              options.notFound(),
            );
            // What the body names, once the caller may act on the aggregate at all.
            await command.references?.(input.body as Record<string, unknown>, {
              id: input.params.id,
              user: input.user,
            });
          },
        );
        return { version, body: options.answer.of(input.user, state, version) };
      },
    }),
  );
}

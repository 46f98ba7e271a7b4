import { problems } from "@danvan/platform/http";
import { PetitionNotFoundError } from "../application/petitions.ts";
import { SessionNotFoundError } from "../application/sessions.ts";
import { TransitionRefusedError } from "../domain/transition-refused.ts";

/** The domain's refusals as problems: 409 with the current status, 404 for what is not there. */
export function mapDomainError(error: unknown): never {
  if (error instanceof TransitionRefusedError) {
    throw problems.conflict(
      { vi: `Không thể thực hiện khi đang ở trạng thái "${error.status}"`, en: error.message },
      { currentStatus: error.status },
    );
  }
  if (error instanceof PetitionNotFoundError || error instanceof SessionNotFoundError) {
    throw problems.notFound();
  }
  throw error;
}

import { z } from "zod";

/** Trimmed, non-empty text of at most `max` characters: every free-text field of the API. */
export const text = (max: number) => z.string().trim().min(1).max(max);

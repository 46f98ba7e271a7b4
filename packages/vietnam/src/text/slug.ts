import { fold } from "./normalize.ts";

/**
 * A URL segment: folded, every run of characters other than a-z and 0-9 becomes one "-", no "-"
 * at either end. The same text always gives the same slug; text without Latin letters or digits
 * gives "" (the caller picks a fallback such as the id).
 */
export function slug(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

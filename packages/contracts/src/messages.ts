/** The languages of what users read: Vietnamese first, English for integrators. */
export type MessageLanguage = "vi" | "en";

let current: MessageLanguage = "vi";

/**
 * Runs a synchronous parse in a language: the schemas' `localized` messages follow it (request
 * validation parses in the client's language). Vietnamese outside one. zod works a message out
 * when the issue is first read: read the issues inside `parse` too.
 */
export function inLanguage<T>(language: MessageLanguage, parse: () => T): T {
  const previous = current;
  current = language;
  try {
    return parse();
  } finally {
    current = previous;
  }
}

/** A schema's message in both languages, shown in the language of the parse. */
export const localized = (text: Record<MessageLanguage, string>) => (): string => text[current];

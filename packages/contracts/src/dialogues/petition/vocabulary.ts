/** The petition's vocabulary as the contract publishes it; the dialogues domain uses these too. */
export const petitionSources = [
  "dialogue",
  "reception",
  "portal",
  "mail",
  "hotline",
  "press",
] as const;

export const petitionKinds = ["feedback", "petition", "complaint", "denunciation"] as const;

export const petitionStatuses = [
  "received",
  "classified",
  "assigned",
  "in_progress",
  "answered",
  "reopened",
  "resolved",
  "closed_unresolved",
  "forwarded",
  "rejected",
  "duplicate",
  "withdrawn",
] as const;

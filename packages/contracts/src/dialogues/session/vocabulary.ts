/** Dialogue sessions and receptions (docs/domain.md, dialogues). */
export const sessionKinds = [
  "periodic_reception",
  "adhoc_reception",
  "thematic_dialogue",
  "voter_meeting",
] as const;

export const sessionLevels = ["province", "commune"] as const;

export const targetGroups = [
  "farmers",
  "workers",
  "youth",
  "women",
  "veterans",
  "enterprises",
  "ethnic_minorities",
  "religious_dignitaries",
  "project_affected_households",
  "residents",
] as const;

export const issueGroups = [
  "land_compensation",
  "environment",
  "social_security",
  "infrastructure",
  "administrative_procedures",
  "security_order",
  "religion",
  "labour",
  "other",
] as const;

export const sessionStatuses = [
  "planned",
  "announced",
  "postponed",
  "held",
  "minutes_published",
  "closed",
  "cancelled",
] as const;

/** Each status in words, as people read it. */
export const sessionStatusNames: Record<
  (typeof sessionStatuses)[number],
  { vi: string; en: string }
> = {
  planned: { vi: "đã lên kế hoạch", en: "planned" },
  announced: { vi: "đã thông báo", en: "announced" },
  postponed: { vi: "đã hoãn", en: "postponed" },
  held: { vi: "đã tổ chức", en: "held" },
  minutes_published: { vi: "đã công bố biên bản", en: "minutes published" },
  closed: { vi: "đã kết thúc", en: "closed" },
  cancelled: { vi: "đã hủy", en: "cancelled" },
};

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

/** Each status in words, as people read it. */
export const petitionStatusNames: Record<
  (typeof petitionStatuses)[number],
  { vi: string; en: string }
> = {
  received: { vi: "mới tiếp nhận", en: "received" },
  classified: { vi: "đã phân loại", en: "classified" },
  assigned: { vi: "đã giao xử lý", en: "assigned" },
  in_progress: { vi: "đang xử lý", en: "in progress" },
  answered: { vi: "đã trả lời", en: "answered" },
  reopened: { vi: "được mở lại", en: "reopened" },
  resolved: { vi: "đã giải quyết", en: "resolved" },
  closed_unresolved: { vi: "đã đóng, chưa giải quyết", en: "closed unresolved" },
  forwarded: { vi: "đã chuyển nơi khác", en: "forwarded" },
  rejected: { vi: "đã từ chối", en: "rejected" },
  duplicate: { vi: "trùng lặp", en: "duplicate" },
  withdrawn: { vi: "đã rút", en: "withdrawn" },
};

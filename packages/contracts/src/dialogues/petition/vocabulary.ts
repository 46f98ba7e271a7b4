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

/** Each source in words, as people read it. */
export const petitionSourceNames: Record<
  (typeof petitionSources)[number],
  { vi: string; en: string }
> = {
  dialogue: { vi: "đối thoại", en: "dialogue" },
  reception: { vi: "tiếp dân", en: "citizen reception" },
  portal: { vi: "cổng thông tin", en: "portal" },
  mail: { vi: "đơn thư", en: "mail" },
  hotline: { vi: "đường dây nóng", en: "hotline" },
  press: { vi: "báo chí", en: "press" },
};

/** Each kind in words, as people read it. */
export const petitionKindNames: Record<(typeof petitionKinds)[number], { vi: string; en: string }> =
  {
    feedback: { vi: "phản ánh", en: "feedback" },
    petition: { vi: "kiến nghị", en: "petition" },
    complaint: { vi: "khiếu nại", en: "complaint" },
    denunciation: { vi: "tố cáo", en: "denunciation" },
  };

/**
 * What each petition event says happened, in words, by the verb of its type
 * (`vn.danvan.dialogues.petition.<verb>.v1`): a timeline's lines as people read them.
 */
export const petitionEventNames: Record<string, { vi: string; en: string }> = {
  received: { vi: "Tiếp nhận", en: "Received" },
  acknowledged: { vi: "Xác nhận đã tiếp nhận", en: "Acknowledged" },
  classified: { vi: "Phân loại", en: "Classified" },
  assigned: { vi: "Giao cơ quan giải quyết", en: "Assigned" },
  reassigned: { vi: "Giao lại cơ quan khác", en: "Reassigned" },
  "work-started": { vi: "Bắt đầu giải quyết", en: "Work started" },
  forwarded: { vi: "Chuyển nơi có thẩm quyền", en: "Forwarded" },
  rejected: { vi: "Từ chối", en: "Rejected" },
  "marked-duplicate": { vi: "Đánh dấu trùng", en: "Marked duplicate" },
  withdrawn: { vi: "Người gửi rút", en: "Withdrawn" },
  "put-on-hold": { vi: "Tạm dừng, chờ bổ sung", en: "Put on hold" },
  resumed: { vi: "Tiếp tục giải quyết", en: "Resumed" },
  "extension-requested": { vi: "Đề nghị gia hạn", en: "Extension requested" },
  "deadline-extended": { vi: "Được gia hạn", en: "Deadline extended" },
  "extension-denied": { vi: "Không đồng ý gia hạn", en: "Extension denied" },
  "deadline-recomputed": { vi: "Tính lại thời hạn", en: "Deadline recomputed" },
  "due-soon": { vi: "Sắp đến hạn", en: "Due soon" },
  "became-overdue": { vi: "Quá hạn", en: "Became overdue" },
  "answer-drafted": { vi: "Dự thảo trả lời", en: "Answer drafted" },
  "answer-approved": { vi: "Duyệt trả lời", en: "Answer approved" },
  "response-published": { vi: "Công bố trả lời", en: "Answer published" },
  resolved: { vi: "Đã giải quyết", en: "Resolved" },
  "closed-unresolved": { vi: "Đóng, chưa giải quyết", en: "Closed unresolved" },
  reopened: { vi: "Mở lại", en: "Reopened" },
  rated: { vi: "Người dân đánh giá", en: "Rated" },
  "petitioner-erased": { vi: "Xóa thông tin người gửi", en: "Petitioner erased" },
};

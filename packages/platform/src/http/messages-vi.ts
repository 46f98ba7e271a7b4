import { z } from "zod";

/** zod's own Vietnamese, for what is not worded here. */
const zodVietnamese = z.locales.vi().localeError;

const TYPE_NAMES: Record<string, string> = {
  string: "chuỗi ký tự",
  number: "số",
  int: "số nguyên",
  bigint: "số nguyên",
  boolean: "giá trị đúng/sai (true hoặc false)",
  object: "đối tượng",
  array: "danh sách",
  date: "ngày",
  null: "null",
  undefined: "trống",
};

const FORMATS: Record<string, string> = {
  email: "không phải địa chỉ thư điện tử hợp lệ",
  datetime: "phải là thời điểm theo ISO 8601 có múi giờ, ví dụ 2026-12-03T09:00:00+07:00",
  date: "phải là ngày dạng YYYY-MM-DD, ví dụ 2026-12-03",
  uuid: "phải là mã định danh UUID",
  url: "phải là địa chỉ URL",
  regex: "không đúng định dạng",
};

const typeOf = (input: unknown) =>
  input === null ? "null" : Array.isArray(input) ? "array" : typeof input;

/**
 * Vietnamese for the validation messages users see, in words rather than type names ("phải là
 * số nguyên", not "mong đợi int"); zod's own Vietnamese for the rest. Schemas' own messages
 * (`localized`) come before any of these.
 */
export const vietnameseErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return "bắt buộc nhưng chưa có";
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      const received = TYPE_NAMES[typeOf(issue.input)] ?? typeOf(issue.input);
      return `phải là ${expected}, không phải ${received}`;
    }
    case "too_small": {
      const at = issue.inclusive === false ? "lớn hơn" : "ít nhất";
      if (issue.origin === "string") return `phải có ${at} ${issue.minimum} ký tự`;
      if (issue.origin === "array" || issue.origin === "set")
        return `phải có ${at} ${issue.minimum} mục`;
      return issue.inclusive === false
        ? `phải lớn hơn ${issue.minimum}`
        : `không được nhỏ hơn ${issue.minimum}`;
    }
    case "too_big": {
      if (issue.origin === "string") return `tối đa ${issue.maximum} ký tự`;
      if (issue.origin === "array" || issue.origin === "set") return `tối đa ${issue.maximum} mục`;
      return issue.inclusive === false
        ? `phải nhỏ hơn ${issue.maximum}`
        : `không được lớn hơn ${issue.maximum}`;
    }
    case "invalid_value":
      return `phải là một trong: ${issue.values.map((value) => String(value)).join(", ")}`;
    case "invalid_format":
      return FORMATS[issue.format] ?? zodVietnamese(issue);
    case "unrecognized_keys":
      return `không có trường ${issue.keys.join(", ")} (trường không được phép)`;
    case "not_multiple_of":
      return `phải là bội số của ${issue.divisor}`;
    default:
      return zodVietnamese(issue);
  }
};

export { createCalendar, MissingHolidayYearError, type WorkingDayCalendar } from "./calendar.ts";
export { defaultHolidayTable } from "./default-table.ts";
export {
  HOLIDAY_KINDS,
  HOLIDAY_YEAR_STATUSES,
  type HolidayEntry,
  type HolidayKind,
  type HolidayTable,
  HolidayTableError,
  type HolidayYear,
  loadHolidayTable,
} from "./holiday-table.ts";
export {
  addDays,
  dayOfWeek,
  formatVietnameseDate,
  isLocalDate,
  isWeekend,
  type LocalDate,
} from "./local-date.ts";
export {
  endOfLocalDay,
  type Instant,
  localDateOf,
  startOfLocalDay,
  todayInVietnam,
  VIETNAM_TIME_ZONE,
} from "./zone.ts";

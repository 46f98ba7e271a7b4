import { loadHolidayTable } from "./holiday-table.ts";
import year2024 from "./holidays/2024.json" with { type: "json" };
import year2025 from "./holidays/2025.json" with { type: "json" };
import year2026 from "./holidays/2026.json" with { type: "json" };
import year2027 from "./holidays/2027.json" with { type: "json" };

/** The years this package ships (see README for which are provisional). */
export const defaultHolidayTable = loadHolidayTable([year2024, year2025, year2026, year2027]);

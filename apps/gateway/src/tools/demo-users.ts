import type { Role } from "@danvan/contracts";

/** The development password of every demo user (npm start prints it). */
export const DEMO_PASSWORD = "DanVan-2026";

/** One user per kind of reader of the demo data: the province, two wards, an agency, a viewer. */
export const demoUsers: {
  username: string;
  displayName: string;
  role: Role;
  units: string[];
  agencies: string[];
  grants: string[];
}[] = [
  {
    username: "admin",
    displayName: "Quản trị hệ thống",
    role: "province_admin",
    units: [],
    agencies: [],
    grants: [],
  },
  {
    username: "tinh.uy",
    displayName: "Phạm Thị Hương",
    role: "province_staff",
    units: [],
    agencies: [],
    grants: ["petitioner_contact"],
  },
  {
    username: "ba.dinh",
    displayName: "Nguyễn Văn Hùng",
    role: "commune_officer",
    units: ["00004"],
    agencies: [],
    grants: [],
  },
  {
    username: "cua.nam",
    displayName: "Trần Thị Mai",
    role: "commune_officer",
    units: ["00082"],
    agencies: [],
    grants: [],
  },
  {
    username: "so.nnmt",
    displayName: "Lê Quang Minh",
    role: "agency_officer",
    units: [],
    agencies: ["SO-NNMT"],
    grants: [],
  },
  {
    username: "xem",
    displayName: "Đỗ Thu Trang",
    role: "viewer",
    units: [],
    agencies: [],
    grants: [],
  },
];

import type { RouteConfig } from "@react-router/dev/routes";
import { index, layout, route } from "@react-router/dev/routes";

// Vietnamese addresses people can read and type; the staff's pages sit behind sign-in.
export default [
  index("routes/home.tsx"),
  route("dang-nhap", "routes/sign-in.tsx"),
  route("dang-xuat", "routes/sign-out.tsx"),
  route("su-kien", "routes/events.ts"),
  route("bieu-do/kien-nghi-theo-thang.svg", "routes/chart.ts"),
  layout("routes/staff.tsx", [
    route("bang-dieu-khien", "routes/dashboard.tsx"),
    route("canh-bao", "routes/alerts.tsx"),
    route("kien-nghi", "routes/petitions.tsx"),
    route("kien-nghi/:id", "routes/petition.tsx"),
    route("doi-mat-khau", "routes/change-password.tsx"),
  ]),
] satisfies RouteConfig;

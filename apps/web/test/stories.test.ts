import { setTimeout as sleep } from "node:timers/promises";
import { AxeBuilder } from "@axe-core/playwright";
import { testScope } from "@danvan/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebSystem } from "./system.ts";
import { PASSWORD, SCREENSHOTS, startWebSystem } from "./system.ts";

// The stories, clicked through in a real Chromium against the whole system: a commune
// officer sees only their commune and their dashboard changes live; a lockout and an ended
// session are explained; every page passes axe-core and reads without JavaScript.
const scope = testScope("web-stories");
let system: WebSystem;
/** The petition the commune officer raises, which others then try to open. */
let raisedId = "";

beforeAll(async () => {
  system = await startWebSystem(scope);
  await system.gateway.user(
    "ba.dinh",
    [{ role: "commune_officer", units: ["00004"], agencies: [] }],
    {
      displayName: "Nguyễn Văn Hùng",
    },
  );
  await system.gateway.user("tinh.uy", [{ role: "province_staff", units: [], agencies: [] }], {
    displayName: "Phạm Thị Hương",
  });
});
afterAll(async () => {
  await system?.close();
});

/**
 * Serious or critical accessibility violations on the page as it is now (axe runs as a script:
 * a page opened without JavaScript is opened again, as the same user, where scripts run).
 */
async function accessibilityProblems(page: Page, options: { javaScript: boolean }) {
  let checked = page;
  if (!options.javaScript) {
    const context = await page.context().browser()?.newContext({ locale: "vi-VN" });
    await context?.addCookies(await page.context().cookies());
    checked = (await context?.newPage()) as Page;
    await checked.goto(page.url());
  }
  const { violations } = await new AxeBuilder({ page: checked }).analyze();
  if (checked !== page) await checked.context().close();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

/** The page at desktop width and at 375 px, into the README's screenshots. */
async function screenshots(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SCREENSHOTS}${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: `${SCREENSHOTS}${name}-375.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const figure = (page: Page, id: string) =>
  page.locator(`[data-figure="${id}"] .figure__value`).textContent();

describe("a commune officer", () => {
  it("signs in, sees only their commune, and their dashboard changes live when a petition is raised", async () => {
    const { page, problems } = await system.visitor();
    await system.signIn(page, "ba.dinh", PASSWORD);
    await page.waitForURL("**/bang-dieu-khien");
    await page.getByRole("heading", { level: 1, name: "Phường Ba Đình" }).waitFor();
    await expect(page.locator(".site-nav__user").textContent()).resolves.toBe("Nguyễn Văn Hùng");
    expect(await accessibilityProblems(page, { javaScript: true })).toEqual([]);
    await page.getByText("đang theo dõi trực tiếp").waitFor();
    await screenshots(page, "dashboard-commune");
    const before = Number(await figure(page, "received"));

    // Raised through the API (the petitions' pages come next): the page is not reloaded, the
    // figure changes within 2 s.
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    const token = (await system.gateway.login("ba.dinh")).body.accessToken;
    const raised = await fetch(`${system.url}/api/v1/dialogues/petitions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        unitCode: "00004",
        source: "reception",
        petitioner: { anonymous: false, name: "Hoàng Văn Nam", phone: "0987 654 321" },
        content: "Đề nghị sửa đèn chiếu sáng ngõ 12 phố Đội Cấn",
      }),
    });
    expect(raised.status).toBe(201);
    raisedId = ((await raised.json()) as { id: string }).id;
    await page.waitForFunction(
      (count) =>
        document.querySelector('[data-figure="received"] .figure__value')?.textContent ===
        String(count),
      before + 1,
      { timeout: 2000 },
    );
    expect(
      await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
    ).toBe(true);

    // The petitions list finds it by words typed without diacritics; its page shows its timeline.
    await page.getByRole("link", { name: "Kiến nghị" }).click();
    await page.getByRole("heading", { level: 1, name: "Kiến nghị, phản ánh" }).waitFor();
    await page.getByLabel("Tìm", { exact: true }).fill("den chieu sang doi can");
    await page.getByRole("button", { name: "Lọc" }).click();
    await page.waitForURL(/q=den/);
    await page.getByText("1 kiến nghị").waitFor();
    expect(await accessibilityProblems(page, { javaScript: true })).toEqual([]);
    await screenshots(page, "petitions");
    await page
      .getByRole("row", { name: /Đội Cấn/ })
      .getByRole("link")
      .click();
    await page.waitForURL(`**/kien-nghi/${raisedId}`);
    await page.getByRole("heading", { name: "Dòng thời gian" }).waitFor();
    await page.getByText("Tiếp nhận", { exact: false }).first().waitFor();
    expect(await page.locator(".timeline li").count()).toBeGreaterThanOrEqual(1);
    // The actions are the API's for this user and this petition: a commune officer may
    // acknowledge it in writing, and nothing an agency does is offered.
    expect(await page.getByRole("button", { name: "Bắt đầu giải quyết" }).count()).toBe(0);
    await page.getByRole("button", { name: "Xác nhận đã tiếp nhận" }).click();
    await page.getByText("Đã thực hiện: Xác nhận đã tiếp nhận.").waitFor();
    await page.getByText(/Đã xác nhận ngày/).waitFor();
    expect(await page.getByRole("button", { name: "Xác nhận đã tiếp nhận" }).count()).toBe(0);
    expect(await accessibilityProblems(page, { javaScript: true })).toEqual([]);
    await screenshots(page, "petition");

    // The province is outside their scope: the page says so.
    const outside = await page.goto("/bang-dieu-khien?unit=01");
    expect(outside?.status()).toBe(403);
    await page.getByText("Đơn vị này nằm ngoài phạm vi của bạn").waitFor();
    expect(problems.filter((p) => !p.includes("403"))).toEqual([]);
    await page.context().close();
  });
});

describe("province staff", () => {
  it("read the province's dashboard, sort its communes, and read it without JavaScript", async () => {
    const { page, problems } = await system.visitor({ javaScript: false });
    await system.signIn(page, "tinh.uy", PASSWORD);
    await page.waitForURL("**/bang-dieu-khien");
    await page.getByRole("heading", { level: 1, name: "Thành phố Hà Nội" }).waitFor();
    await page.getByRole("link", { name: "Tiếp nhận" }).click();
    await page.waitForURL(/sort=received/);
    await expect(page.locator("th[aria-sort=ascending]").textContent()).resolves.toContain(
      "Tiếp nhận",
    );
    expect(await accessibilityProblems(page, { javaScript: false })).toEqual([]);
    await screenshots(page, "dashboard-province");
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe("an agency officer", () => {
  it("cannot open a petition not assigned to their agency: the page says so", async () => {
    await system.gateway.user("so.xd", [
      { role: "agency_officer", units: [], agencies: ["SO-XD"] },
    ]);
    const { page } = await system.visitor();
    await system.signIn(page, "so.xd", PASSWORD);
    await page.waitForURL("**/bang-dieu-khien");
    const answer = await page.goto(`/kien-nghi/${raisedId}`);
    expect([403, 404]).toContain(answer?.status());
    await page.getByText("Không có kiến nghị này").waitFor();
    await page.context().close();
  });
});

describe("the alerts feed", () => {
  it("lists the alerts in the user's scope, by kind, in Vietnamese", async () => {
    const { page, problems } = await system.visitor();
    await system.signIn(page, "tinh.uy", PASSWORD);
    await page.waitForURL("**/bang-dieu-khien");
    await page.getByRole("link", { name: "Cảnh báo" }).click();
    await page.getByRole("heading", { level: 1, name: "Cảnh báo" }).waitFor();
    await page.getByRole("link", { name: "Kiến nghị quá hạn" }).click();
    await page.waitForURL(/loai=petition-overdue/);
    await page.locator('a[aria-current="page"]', { hasText: "Kiến nghị quá hạn" }).waitFor();
    expect(await accessibilityProblems(page, { javaScript: true })).toEqual([]);
    await screenshots(page, "alerts");
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe("signing in", () => {
  it("explains the wait after repeated wrong passwords", async () => {
    const { page } = await system.visitor();
    await system.gateway.user("sai.mat.khau", [{ role: "viewer", units: [], agencies: [] }]);
    // Eight wrong passwords (the gateway lets five go, then makes each next try wait 1 s,
    // 2 s, …): the ninth, from the browser, must wait 4 s — long enough for a loaded machine.
    let failures = 0;
    while (failures < 8) {
      const tried = await system.gateway.login("sai.mat.khau", "không-phải-mật-khẩu");
      if (tried.status === 401) failures++;
      else await sleep(Number(tried.headers.get("retry-after") ?? 1) * 1000);
    }
    await system.signIn(page, "sai.mat.khau", "không-phải-mật-khẩu");
    const message = (await page.getByRole("alert").textContent()) ?? "";
    expect(message).toMatch(/Đăng nhập sai nhiều lần; hãy thử lại sau \d+ giây/);
    expect(await accessibilityProblems(page, { javaScript: true })).toEqual([]);
    await screenshots(page, "sign-in-delayed");
    await page.context().close();
  });

  it("says so when the session has ended elsewhere, and returns to the page after signing in", async () => {
    const { page } = await system.visitor();
    await system.gateway.user("het.han", [{ role: "province_staff", units: [], agencies: [] }]);
    await system.signIn(page, "het.han", PASSWORD);
    await page.waitForURL("**/bang-dieu-khien");
    // The user changes their password from another device: every other login ends.
    const token = (await system.gateway.login("het.han")).body.accessToken;
    const changed = await system.gateway.call("POST", "/api/v1/auth/password", token, {
      currentPassword: PASSWORD,
      newPassword: "Mật-khẩu-mới-2026!",
    });
    expect(changed.status).toBe(204);
    await page.goto("/bang-dieu-khien?period=2026");
    await page.waitForURL(/\/dang-nhap\?tiep=/);
    await page.getByText("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.").waitFor();
    await page.getByLabel("Tên đăng nhập").fill("het.han");
    await page.getByLabel("Mật khẩu").fill("Mật-khẩu-mới-2026!");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/bang-dieu-khien\?period=2026$/);
    await page.context().close();
  });
});

describe("the public portal", () => {
  it("has its home page, without JavaScript, in Vietnamese", async () => {
    const { page, problems } = await system.visitor({ javaScript: false });
    const answer = await page.goto("/");
    expect(answer?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("vi");
    await page.getByRole("heading", { name: "Cổng thông tin công tác dân vận" }).waitFor();
    expect(await accessibilityProblems(page, { javaScript: false })).toEqual([]);
    await screenshots(page, "home");
    const signIn = await page.goto("/dang-nhap");
    expect(signIn?.status()).toBe(200);
    await screenshots(page, "sign-in");
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

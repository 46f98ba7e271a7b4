import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "@danvan/infra/browser";
import type { TestScope } from "@danvan/testing";
import { spawnService } from "@danvan/testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { dialoguesProcess, freePort, gatewayInstance } from "../../gateway/test/fixtures.ts";

export { PASSWORD } from "../../gateway/test/fixtures.ts";

/**
 * Where the stories leave their screenshots: test-results/ (not kept), or the README's own
 * (`npm run screenshots`, which sets WEB_SCREENSHOTS_DIR=docs/screenshots).
 */
export const SCREENSHOTS = fileURLToPath(
  new URL(`../${process.env.WEB_SCREENSHOTS_DIR ?? "test-results/screenshots"}/`, import.meta.url),
);

/**
 * The whole system a browser story needs, started by the test: the gateway (consuming the
 * scope's topics), the dialogues service and the web app as operators run them, and a real
 * Chromium (installed by the project's set-up when missing).
 */
export async function startWebSystem(scope: TestScope) {
  const dialoguesPort = await freePort();
  const gateway = await gatewayInstance(
    scope,
    // The web app calls it from this machine for its users: their address in X-Forwarded-For.
    { DIALOGUES_URL: `http://127.0.0.1:${dialoguesPort}`, TRUST_PROXY: "loopback" },
    { consume: true },
  );
  const dialogues = await dialoguesProcess(scope, { port: dialoguesPort, gateway: gateway.base });
  const webPort = await freePort();
  const web = spawnService(
    fileURLToPath(new URL("../server/main.ts", import.meta.url)),
    {
      PORT: String(webPort),
      METRICS_PORT: "0",
      GATEWAY_URL: gateway.base,
      SESSION_SECRETS: randomBytes(32).toString("base64url"),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    },
    /"msg":"web listening"/,
  );
  await web.started;
  const browser: Browser = await chromium.launch({
    executablePath: await ensureChromium(),
    args: ["--no-sandbox"],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  const url = `http://127.0.0.1:${webPort}`;
  return {
    url,
    gateway,
    dialogues,
    browser,
    /** A fresh browser profile, as a person on their own computer in Vietnam. */
    async visitor(options: { width?: number; javaScript?: boolean } = {}) {
      const context: BrowserContext = await browser.newContext({
        baseURL: url,
        locale: "vi-VN",
        timezoneId: "Asia/Ho_Chi_Minh",
        viewport: { width: options.width ?? 1280, height: 900 },
        javaScriptEnabled: options.javaScript ?? true,
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      return { context, page, problems };
    },
    async signIn(page: Page, username: string, password: string) {
      await page.goto("/dang-nhap");
      await page.getByLabel("Tên đăng nhập").fill(username);
      await page.getByLabel("Mật khẩu").fill(password);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
    },
    async close() {
      await browser.close();
      await web.stop();
      dialogues.kill();
      await dialogues.stop();
      await gateway.close();
    },
  };
}

export type WebSystem = Awaited<ReturnType<typeof startWebSystem>>;

import { createSession } from "react-router";
import { describe, expect, it } from "vitest";
import type { SessionData } from "../app/server/session.server.ts";
import { SESSION_COOKIE, sessionCookies } from "../app/server/session.server.ts";

const OLD = "o".repeat(32);
const NEW = "n".repeat(32);
const cookieOf = (setCookie: string) => setCookie.split(";")[0] as string;

describe("the session cookie", () => {
  const session = () => {
    const s = createSession<SessionData>();
    s.set("accessToken", "jeton");
    s.set("csrf", "ma-chong-gia-mao");
    return s;
  };

  it("is httpOnly, SameSite=Lax, Secure only over https, and reads back what it holds", () => {
    const cookies = sessionCookies([NEW]);
    const written = cookies.write(session(), { secure: false });
    expect(written).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[^;]+; Path=/; HttpOnly; SameSite=Lax$`),
    );
    expect(cookies.write(session(), { secure: true })).toMatch(/; Secure$/);
    const read = cookies.read(`other=1; ${cookieOf(written)}`);
    expect(read.get("accessToken")).toBe("jeton");
    expect(read.get("csrf")).toBe("ma-chong-gia-mao");
  });

  it("is empty when changed by anyone without the secret, or signed by an unknown one", () => {
    const cookies = sessionCookies([NEW]);
    const value = cookieOf(cookies.write(session(), { secure: false }));
    const [payload, signature] = value.slice(SESSION_COOKIE.length + 1).split(".") as [
      string,
      string,
    ];
    const forged = Buffer.from(
      JSON.stringify({ accessToken: "của-người-khác", csrf: "x" }),
    ).toString("base64url");
    for (const header of [
      `${SESSION_COOKIE}=${forged}.${signature}`,
      `${SESSION_COOKIE}=${payload}.${signature.slice(1)}`,
      `${SESSION_COOKIE}=${payload}`,
      `${SESSION_COOKIE}=`,
      null,
    ]) {
      expect(cookies.read(header).get("accessToken"), String(header)).toBeUndefined();
    }
    const stranger = sessionCookies(["s".repeat(32)]).write(session(), { secure: false });
    expect(cookies.read(cookieOf(stranger)).get("accessToken")).toBeUndefined();
  });

  it("accepts a cookie signed with an older secret while it is listed (rotation)", () => {
    const before = cookieOf(sessionCookies([OLD]).write(session(), { secure: false }));
    expect(sessionCookies([NEW, OLD]).read(before).get("accessToken")).toBe("jeton");
    expect(sessionCookies([NEW]).read(before).get("accessToken")).toBeUndefined();
  });
});

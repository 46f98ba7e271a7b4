import { findOnPath, run } from "../local/tools.ts";

/** Where Debian's package puts the browser; `CHROMIUM_PATH` names another. */
const CANDIDATES = ["chromium", "chromium-browser"];

/**
 * A real Chromium for the browser tests: `CHROMIUM_PATH`, or one on PATH, or — on Debian or
 * Ubuntu as root, as on CI — Debian's `chromium` package installed through apt-get (once; the
 * system keeps it). No browser is downloaded from a vendor's site. Progress goes to `progress`.
 */
export async function ensureChromium(
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of CANDIDATES) {
    const found = await findOnPath(name);
    if (found) return found;
  }
  const aptGet = await findOnPath("apt-get");
  if (!aptGet || process.getuid?.() !== 0) {
    throw new Error(
      "The browser tests need Chromium, which is not on PATH. Install Debian's or Ubuntu's " +
        "package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable.",
    );
  }
  progress("• Installing Chromium from the Debian packages (once)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", "chromium"],
  ]) {
    const result = await run(aptGet, args, { env, timeoutMs: 900_000 });
    if (result.code !== 0) {
      throw new Error(`apt-get ${args.join(" ")} failed:\n${result.output.slice(-3000)}`);
    }
  }
  const installed = await findOnPath("chromium");
  if (!installed) throw new Error("apt-get installed chromium, yet it is not on PATH");
  progress(`• Chromium installed: ${installed}`);
  return installed;
}

export { ensureChromium } from "./chromium.ts";

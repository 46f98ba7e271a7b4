import type { Config } from "@react-router/dev/config";

// Pages render on the server (they must read without JavaScript) and hydrate in the browser.
export default {
  appDirectory: "app",
  buildDirectory: "build",
  ssr: true,
} satisfies Config;

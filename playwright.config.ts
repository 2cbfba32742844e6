import fs from "node:fs";
import { defineConfig } from "@playwright/test";

/** Debian's Chromium when present (Playwright cannot download its own browser everywhere). */
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  outputDir: "test-results/e2e",
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: fs.existsSync(systemChromium) ? systemChromium : undefined,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader",
        // Pages are painted and composited on the CPU directly; only the map's WebGL goes
        // through SwiftShader (emulating a GPU for every page costs about a tenth of the run).
        "--disable-gpu-rasterization",
        "--disable-gpu-compositing",
      ],
    },
  },
});

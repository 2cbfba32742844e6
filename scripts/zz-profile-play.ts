import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { chromium } from "@playwright/test";
import { importEvidence } from "@/lib/board/model";
import { DEMO_ACCOUNT } from "@/lib/board/seed";
import { openDatabase } from "@/lib/db";
import { ensureDemoBoard } from "@/server/app";
import { freePort, startApp, stopProcess } from "../test/support/processes";
import { madeUpEvents } from "./made-up-events";
const N = Number(process.env.N ?? 10000);
async function main() {
  const alive = setInterval(() => undefined, 60000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-prof-"));
  const database = await openDatabase({ dataDir });
  await ensureDemoBoard(database);
  const owner = (await database.users.findByEmail(DEMO_ACCOUNT.email))!;
  const ev = madeUpEvents(N);
  const big = await database.createBoard({ title: "big", question: "q" }, owner.id, (doc) => { for (let i = 0; i < ev.length; i += 1000) importEvidence(doc, ev.slice(i, i + 1000), "bench"); });
  await database.close();
  const port = await freePort();
  const app = await startApp(port, { DATA_DIR: dataDir });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"] });
  try {
    const page = await browser.newPage({ baseURL: `http://localhost:${port}`, viewport: { width: 1440, height: 900 }, bypassCSP: true });
    await page.goto("/signin");
    await page.getByLabel("Email").fill(DEMO_ACCOUNT.email);
    await page.getByLabel("Password").fill(DEMO_ACCOUNT.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.goto(`/boards/${big.id}`);
    await page.waitForFunction(`document.querySelector('[data-testid="map-pane"]')?.dataset.mapIdle === "true" && document.querySelector('[data-testid="map-pane"]')?.dataset.pinCount === "${N}"`, undefined, { timeout: 300000 });
    await page.screenshot({ path: "/tmp/prof-loaded.png" });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
    await cdp.send("Profiler.start");
    await page.getByRole("group", { name: "Time window" }).getByRole("button", { name: "Play" }).click();
    await page.waitForTimeout(3000);
    await page.screenshot({ path: "/tmp/prof-playing.png" });
    const { profile } = await cdp.send("Profiler.stop") as any;
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
    const dt = profile.timeDeltas; const samples = profile.samples;
    for (let i = 0; i < samples.length; i++) {
      const n: any = byId.get(samples[i]);
      const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    }
    const byUrl = new Map<string, number>();
    for (const [k, v] of self) { const u = k.split(" ").pop()!.split(":")[0]; byUrl.set(u, (byUrl.get(u) ?? 0) + v); }
    console.log("by file:", [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${v.toFixed(0)}ms`).join("\n"));
    console.log("top:", [...self].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${k} ${v.toFixed(0)}ms`).join("\n"));
    await page.waitForTimeout(8000);
  } finally { await browser.close(); await stopProcess(app, "SIGTERM"); fs.rmSync(dataDir, { recursive: true, force: true }); clearInterval(alive); }
}
main().catch((e) => { console.error(e); process.exit(1); });

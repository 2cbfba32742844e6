/**
 * An operator's own basemap, offline: a PMTiles file dropped into the data directory is drawn as
 * streets, rivers, borders and towns, read in byte ranges from this app alone (the fixture fails
 * the test on any request beyond localhost), and taken away again without a restart.
 */
import fs from "node:fs";
import path from "node:path";
import { testBasemap } from "../scripts/make-test-basemap";
import { expect, test } from "./fixtures";

test("a PMTiles basemap dropped into the data directory is drawn from this app's own tiles, then gone when removed", async ({ person, appProcess }) => {
  const file = path.join(appProcess.dataDir, "basemap.pmtiles");
  fs.writeFileSync(file, testBasemap());
  try {
    const ana = await person("Ana");
    const ranges: number[] = [];
    ana.page.on("response", (response) => {
      if (new URL(response.url()).pathname === "/api/map/basemap.pmtiles") ranges.push(response.status());
    });
    const boardId = await ana.createBoard("Gao crossings", "Is the Niger crossing at Gao open?");
    const basemap = ana.map.getByLabel("Basemap");
    await expect(basemap).toHaveValue("pmtiles");
    await expect(basemap.locator("option:checked")).toHaveText("Streets (offline)");

    // Around Gao: the town, the river, both roads and the border with Niger.
    await ana.page.goto(`/boards/${boardId}?view=0.3,15.9,7`);
    await ana.waitUntilLoaded();
    await expect(ana.map).toHaveAttribute("data-basemap-layers", "boundaries earth places roads water");
    await expect(ana.map.locator(".maplibregl-ctrl-attrib")).toContainText("OpenStreetMap");
    await expect(ana.map.locator(".maplibregl-ctrl-attrib")).toContainText("Protomaps");
    await expect(ana.map).toHaveAttribute("data-map-idle", "true");
    await ana.map.screenshot({ path: "test-results/e2e/basemap.png" });
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.every((status) => status === 206)).toBe(true);

    // Pins go on it as on any basemap, and stay when Ana switches to the built-in one.
    await ana.addPinByClick("Ferry landing");
    await basemap.selectOption({ label: "Local (offline)" });
    await expect(ana.map).toHaveAttribute("data-basemap-ready", "true");
    await expect(ana.map).toHaveAttribute("data-pin-count", "1");

    // The operator takes the file away: the next page load offers only the built-in basemap.
    fs.rmSync(file);
    await ana.open(boardId);
    await expect(ana.map).toHaveAttribute("data-basemap-ready", "true");
    await expect(ana.map.getByLabel("Basemap")).toHaveCount(0);
  } finally {
    fs.rmSync(file, { force: true });
  }
});

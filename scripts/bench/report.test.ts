import { describe, expect, it } from "vitest";
import { pointOf, ScenarioTable } from "./report";

describe("scenario table", () => {
  it("marks every figure of a failed point and gives the reason once per point", () => {
    const table = new ScenarioTable("Fan-out", ["ours", "yws-memory"]);
    for (const n of [10, 50]) {
      table.set(`N=${n} p50 ms`, "ours", 1);
      table.set(`N=${n} p99 ms`, "ours", 2);
      table.set(`N=${n} p50 ms`, "yws-memory", 3, "replicas differ");
      table.set(`N=${n} p99 ms`, "yws-memory", 4, "replicas differ");
    }
    const lines = table.format().split("\n");
    expect(lines.filter((l) => l.includes("FAIL")).length).toBe(4 + 2);
    expect(lines.filter((l) => l.startsWith("  FAIL"))).toEqual([
      "  FAIL y-ws mem · N=10 p50 ms: replicas differ",
      "  FAIL y-ws mem · N=50 p50 ms: replicas differ",
    ]);
  });

  it("names a row's point by its label's prefix", () => {
    expect(pointOf("N=200 CPU µs per delivered message")).toBe("N=200");
    expect(pointOf("from disk: server CPU ms (median)")).toBe("from disk:");
    expect(pointOf("single-transaction: all delivered ms")).toBe("single-transaction:");
    expect(pointOf("all delivered ms")).toBe("");
  });
});

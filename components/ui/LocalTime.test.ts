/** The hydration-safe path of a moment: the server's text does not depend on where or in which language it runs. */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LocalTime } from "./LocalTime";

const at = Date.UTC(2026, 10, 29, 12, 49);

describe("LocalTime on the server", () => {
  it("writes the moment in UTC, saying so, with ISO 8601 for machines", () => {
    const html = renderToString(createElement(LocalTime, { at }));
    expect(html).toBe('<time dateTime="2026-11-29T12:49:00.000Z">29 Nov 2026, 12:49 UTC</time>');
  });

  it("writes a day as day, month in words and year", () => {
    expect(renderToString(createElement(LocalTime, { at, day: true }))).toContain(">29 Nov 2026</time>");
  });
});

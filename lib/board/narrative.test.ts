import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readNarrative, narrativeText, writeNarrative } from "./narrative";

describe("the narrative schema read and written on the server", () => {
  it("keeps headings, quotes, links, tables and mentions of pins and cards", () => {
    const doc = new Y.Doc();
    const content = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Key judgements" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Fighting around " },
            { type: "mention", attrs: { id: "pin1", label: "Kidal", mentionSuggestionChar: "@" } },
            { type: "text", text: " after " },
            { type: "mention", attrs: { id: "card1", label: "Aguelhoc assault", mentionSuggestionChar: "#" } },
            { type: "text", text: ", per ", marks: [] },
            { type: "text", text: "the UN", marks: [{ type: "link", attrs: { href: "https://example.org/un" } }] },
          ],
        },
        { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "A quoted source." }] }] },
        {
          type: "table",
          content: [
            { type: "tableRow", content: [{ type: "tableHeader", content: [{ type: "paragraph", content: [{ type: "text", text: "Source" }] }] }] },
            { type: "tableRow", content: [{ type: "tableCell", content: [{ type: "paragraph", content: [{ type: "text", text: "UN statement" }] }] }] },
          ],
        },
      ],
    };
    writeNarrative(doc, content);
    expect(narrativeText(doc)).toBe(
      ["Key judgements", "Fighting around @Kidal after #Aguelhoc assault, per the UN", "A quoted source.", "Source", "UN statement"].join("\n"),
    );
    const read = readNarrative(doc);
    const paragraph = read.content![1].content!;
    expect(paragraph[1]).toMatchObject({ type: "mention", attrs: { id: "pin1", label: "Kidal", mentionSuggestionChar: "@" } });
    expect(paragraph[5]).toMatchObject({ marks: [{ type: "link", attrs: { href: "https://example.org/un" } }] });
    expect(read.content![3].type).toBe("table");
  });
});

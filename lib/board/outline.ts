/**
 * The narrative's outline: its headings as sections, each with a stable anchor and the claims
 * marked inside it. A scene's `narrativeAnchor` is either a claim id or one of these heading
 * anchors; the editor in the browser and the briefing export derive the same anchors from the same
 * headings, so a scene opens the same section everywhere.
 */
import type { JSONContent } from "@tiptap/core";

export interface NarrativeSection {
  /** `h-` and the heading's words, made unique with `-2`, `-3`… (a valid IdSchema value). */
  anchor: string;
  title: string;
  level: number;
  /** Claims marked between this heading and the next heading of the same or a higher level. */
  claimIds: string[];
}

const MAX_ANCHOR = 64;

/** Anchors for headings in document order; the same titles always give the same anchors. */
export function headingAnchors(titles: readonly string[]): string[] {
  const used = new Map<string, number>();
  return titles.map((title) => {
    const words = title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50)
      .replace(/-+$/, "");
    const base = `h-${words || "section"}`;
    const seen = (used.get(base) ?? 0) + 1;
    used.set(base, seen);
    return (seen === 1 ? base : `${base}-${seen}`).slice(0, MAX_ANCHOR);
  });
}

/** The plain text of a node and its children. */
export function nodeText(node: JSONContent): string {
  return node.text ?? (node.content ?? []).map(nodeText).join("");
}

/** Claim ids carried by `claim` marks under `node`, in document order, each once. */
export function markedClaims(node: JSONContent): string[] {
  const ids: string[] = [];
  const walk = (n: JSONContent) => {
    for (const mark of n.marks ?? []) {
      const id = mark.type === "claim" ? mark.attrs?.claimId : null;
      if (typeof id === "string" && !ids.includes(id)) ids.push(id);
    }
    (n.content ?? []).forEach(walk);
  };
  walk(node);
  return ids;
}

/** The text each claim is marked on, joined when one claim marks several spans. */
export function claimStatements(narrative: JSONContent): Map<string, string> {
  const statements = new Map<string, string>();
  const walk = (n: JSONContent) => {
    const id = (n.marks ?? []).find((mark) => mark.type === "claim")?.attrs?.claimId;
    if (typeof id === "string" && n.text) statements.set(id, `${statements.get(id) ?? ""}${n.text}`);
    (n.content ?? []).forEach(walk);
  };
  walk(narrative);
  for (const [id, text] of statements) statements.set(id, text.trim());
  return statements;
}

/** The narrative's headings in order, each with the claims of its section. */
export function narrativeSections(narrative: JSONContent): NarrativeSection[] {
  const blocks = narrative.content ?? [];
  const headings = blocks.flatMap((block, index) =>
    block.type === "heading" ? [{ index, title: nodeText(block).trim(), level: Number(block.attrs?.level ?? 1) }] : [],
  );
  const anchors = headingAnchors(headings.map((h) => h.title));
  return headings.map((heading, i) => {
    const next = headings.slice(i + 1).find((other) => other.level <= heading.level);
    const body = blocks.slice(heading.index + 1, next ? next.index : blocks.length);
    return { anchor: anchors[i], title: heading.title, level: heading.level, claimIds: markedClaims({ type: "doc", content: body }) };
  });
}

/**
 * The claims a narrative anchor stands for: the claims of a heading's section, or the one claim it
 * names; none for an anchor that no longer exists.
 */
export function claimsAtAnchor(narrative: JSONContent, anchor: string | null): string[] {
  if (!anchor) return [];
  const section = narrativeSections(narrative).find((s) => s.anchor === anchor);
  if (section) return section.claimIds;
  return markedClaims(narrative).includes(anchor) ? [anchor] : [];
}

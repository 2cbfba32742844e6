/**
 * A board as a briefing: the assessment first (the narrative, with every claim marked, and the
 * claims with their likelihood, confidence and review state, and the areas and routes drawn on the
 * map with their validity), then one section per scene (its
 * view, the claims it speaks to, the cards it shows), then an annex of the sources the claims and
 * scenes cite, with their Admiralty grades. Pure: the print page and the Markdown export are both
 * built from `buildBriefing`, so they never disagree about what the briefing says.
 */
import type { JSONContent } from "@tiptap/core";
import type * as Y from "yjs";
import { readAch, type AchInput } from "./ach";
import { briefingMatrix, type BriefingMatrix } from "./briefing-matrix";
import { CHANGE_GROUPS, CHANGE_GROUP_LABELS, type ChangeList } from "./diff";
import { describeGrade } from "./grade";
import { formatValidity, formatWhen, formatWindow } from "./dates";
import { listAreas, listCards, listClaims, listPins, listScenes, readMeta } from "./model";
import { readNarrative } from "./narrative";
import { claimStatements, claimsAtAnchor, narrativeSections, nodeText } from "./outline";
import type { ClaimReviewStatus } from "./review";
import { AREA_KIND_LABELS, type Area, type Card, type Claim, type Meta, type Pin, type Scene } from "./schema";

/** What the briefing is built from: the board as the model reads it. */
export interface BriefingInput {
  meta: Pick<Meta, "title" | "question">;
  pins: readonly Pin[];
  cards: readonly Card[];
  claims: readonly Claim[];
  scenes: readonly Scene[];
  /** The areas and routes drawn on the map; absent on boards read without them. */
  areas?: readonly Area[];
  narrative: JSONContent;
  /** The review room's state per claim (threads and verdicts); absent when it could not be read. */
  review?: ReadonlyMap<string, ClaimReviewStatus>;
  /** The hypotheses matrix; absent on boards read without it. */
  ach?: AchInput;
  /** What changed since the last briefing, when the reader asked for it. */
  changes?: BriefingChanges;
}

/** "Changes since <date>": the change list since the last briefing, grouped by kind, each line with who made it. */
export interface BriefingChanges {
  /** When the last briefing was, as people read it ("29 Nov 2026, 14:02"). */
  since: string;
  groups: Array<{ label: string; lines: string[] }>;
}

/** The briefing's "Changes since" section from a change list (lib/board/diff.ts). */
export function briefingChanges(list: ChangeList, since: string): BriefingChanges {
  return {
    since,
    groups: CHANGE_GROUPS.filter((group) => list.byGroup[group].length > 0).map((group) => ({
      label: CHANGE_GROUP_LABELS[group],
      lines: list.byGroup[group].map((change) =>
        change.authors.length > 0 ? `${change.summary} (${change.authors.map((person) => person.name).join(", ")})` : change.summary,
      ),
    })),
  };
}

/** Where a claim stands with its reviewers, as the briefing prints it. */
export interface BriefingReview {
  openThreads: number;
  agree: number;
  dispute: number;
  needsSource: number;
  /** True when any reviewer disputes the claim: it must never print as if it were clean. */
  disputed: boolean;
  /** In words: "Disputed by 1 reviewer · 1 open thread", "Agreed by 2 reviewers", "Not reviewed". */
  summary: string;
}

export interface BriefingClaim {
  id: string;
  /** 1-based, in narrative order (claims not in the narrative last): "C3" in text and lists. */
  number: number;
  /** The narrative text marked with the claim; "(not in the narrative)" when none is. */
  statement: string;
  likelihood: Claim["likelihood"];
  confidence: Claim["confidence"];
  /** Titles of the cards and pins that support it. */
  evidence: string[];
  review: BriefingReview;
}

/** A run of narrative text, marked with the claim it states (if any). */
export interface BriefingSpan {
  text: string;
  /** The claim's number (see BriefingClaim.number) when the text is marked as a claim. */
  claim?: number;
}

/**
 * One block of the narrative, flattened for print and Markdown: headings, paragraphs, list items
 * (with their nesting depth and, in ordered lists, their number) and quoted paragraphs. Table rows
 * become paragraphs of their cells.
 */
export type BriefingBlock =
  | { kind: "heading"; level: number; spans: BriefingSpan[] }
  | { kind: "paragraph"; quoted: boolean; spans: BriefingSpan[] }
  | {
      kind: "item";
      /** 1 for a top-level list, 2 for a list inside it… */
      depth: number;
      /** "•" or "3." on an item's first paragraph; null on the paragraphs that follow it. */
      marker: string | null;
      quoted: boolean;
      spans: BriefingSpan[];
    };

export interface BriefingCard {
  id: string;
  title: string;
  when: string;
  grade: string;
  source: string;
}

/** One area or route drawn on the map, as the briefing lists it. */
export interface BriefingArea {
  id: string;
  title: string;
  /** The kind in words: "Area of operation", "Route"… */
  kind: string;
  /** When it holds, as people read it ("Jan 2018 – Mar 2019", "from 2019", "no set period"). */
  validity: string;
  /** How many cards are linked to it. */
  cards: number;
}

export interface BriefingSection {
  scene: Scene;
  /** 1-based position in the sequence. */
  number: number;
  /** The heading of the narrative section the scene opens, if its anchor is a heading. */
  narrativeSection: string | null;
  /** The focused pins (the map image shows every pin, these highlighted). */
  pins: Pin[];
  cards: BriefingCard[];
  claims: BriefingClaim[];
}

export interface BriefingSource {
  title: string;
  url: string;
  /** The address as a link target: only an http(s) URL, normalised; null shows it as text only. */
  href: string | null;
  /** Each card that cites the source, with its grade as a code ("C2") and in words. */
  citations: Array<{ card: string; grade: string; meaning: string }>;
}

export interface Briefing {
  title: string;
  question: string;
  /** The narrative as written, claims marked with their numbers. */
  narrative: BriefingBlock[];
  /** Every claim of the board, in narrative order. */
  claims: BriefingClaim[];
  sections: BriefingSection[];
  sources: BriefingSource[];
  /** The competing hypotheses and the group's matrix; null when the board has no hypotheses. */
  matrix: BriefingMatrix | null;
  /** The areas and routes on the map, areas first (by kind), then by title. */
  areas: BriefingArea[];
  changes?: BriefingChanges;
}

export const NOT_IN_NARRATIVE = "(not in the narrative)";
const UNTITLED_SOURCE = "Untitled source";

const gradeCode = (card: Card) => `${card.grade.reliability}${card.grade.credibility}`;

const NO_REVIEW: ClaimReviewStatus = { openThreads: 0, threads: 0, verdicts: { agree: 0, dispute: 0, "needs-source": 0 } };

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A claim's review state in numbers and in words. */
export function describeReview(status: ClaimReviewStatus = NO_REVIEW): BriefingReview {
  const { agree, dispute } = status.verdicts;
  const needsSource = status.verdicts["needs-source"];
  const parts: string[] = [];
  if (dispute > 0) parts.push(`Disputed by ${count(dispute, "reviewer", "reviewers")}`);
  if (needsSource > 0) parts.push(`${count(needsSource, "reviewer asks", "reviewers ask")} for a source`);
  if (agree > 0) parts.push(`${dispute > 0 || needsSource > 0 ? "agreed" : "Agreed"} by ${count(agree, "reviewer", "reviewers")}`);
  if (status.openThreads > 0) parts.push(count(status.openThreads, "open thread", "open threads"));
  else if (status.threads > 0) parts.push(`${count(status.threads, "thread", "threads")}, resolved`);
  const summary = parts.length === 0 ? "Not reviewed" : parts.join(" · ");
  return { openThreads: status.openThreads, agree, dispute, needsSource, disputed: dispute > 0, summary: capitalise(summary) };
}

/**
 * The narrative first (with every claim numbered), then one section per scene. A scene's claims
 * are those whose evidence includes one of its focused pins or cards, and those of its narrative
 * section, in narrative order. Its cards are the focused cards and the cards linked to its focused
 * pins, in date order. The sources annex covers every card a claim or a scene cites.
 */
export function buildBriefing(input: BriefingInput): Briefing {
  const pinsById = new Map(input.pins.map((pin) => [pin.id, pin]));
  const cardsById = new Map(input.cards.map((card) => [card.id, card]));
  const statements = claimStatements(input.narrative);
  const outline = narrativeSections(input.narrative);
  const narrativeOrder = [...statements.keys()];
  const order = (claim: Claim) => {
    const at = narrativeOrder.indexOf(claim.id);
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const cited = new Set<string>();

  const claims = [...input.claims]
    .sort((a, b) => order(a) - order(b))
    .map((claim, index): BriefingClaim => {
      for (const ref of claim.evidence) if (ref.kind === "card" && cardsById.has(ref.id)) cited.add(ref.id);
      return {
        id: claim.id,
        number: index + 1,
        statement: statements.get(claim.id) || NOT_IN_NARRATIVE,
        likelihood: claim.likelihood,
        confidence: claim.confidence,
        evidence: claim.evidence.flatMap((ref) => {
          const title = (ref.kind === "pin" ? pinsById.get(ref.id) : cardsById.get(ref.id))?.title;
          return title ? [title] : [];
        }),
        review: describeReview(input.review?.get(claim.id)),
      };
    });
  const claimsById = new Map(claims.map((claim) => [claim.id, claim]));

  const sections = input.scenes.map((scene, index): BriefingSection => {
    const focusPins = new Set(scene.focus.pinIds.filter((id) => pinsById.has(id)));
    const focusCards = new Set(scene.focus.cardIds.filter((id) => cardsById.has(id)));
    const anchored = new Set(claimsAtAnchor(input.narrative, scene.narrativeAnchor));
    const sceneClaims = input.claims
      .filter(
        (claim) =>
          anchored.has(claim.id) ||
          claim.evidence.some((ref) => (ref.kind === "pin" ? focusPins : focusCards).has(ref.id)),
      )
      .sort((a, b) => order(a) - order(b));
    const cards = input.cards.filter((card) => focusCards.has(card.id) || card.pinIds.some((id) => focusPins.has(id)));
    for (const card of cards) cited.add(card.id);
    return {
      scene,
      number: index + 1,
      narrativeSection: outline.find((section) => section.anchor === scene.narrativeAnchor)?.title ?? null,
      pins: [...focusPins].map((id) => pinsById.get(id)!),
      cards: cards.map((card) => ({
        id: card.id,
        title: card.title,
        when: formatWhen(card.when),
        grade: gradeCode(card),
        source: card.source.title || UNTITLED_SOURCE,
      })),
      claims: sceneClaims.map((claim) => claimsById.get(claim.id)!),
    };
  });

  return {
    title: input.meta.title,
    question: input.meta.question,
    narrative: narrativeBlocks(input.narrative, (id) => claimsById.get(id)?.number),
    claims,
    sections,
    sources: sourcesOf(input.cards.filter((c) => cited.has(c.id))),
    matrix: briefingMatrix(input.ach),
    areas: briefingAreas(input.areas ?? [], input.cards),
    ...(input.changes ? { changes: input.changes } : {}),
  };
}

function briefingAreas(areas: readonly Area[], cards: readonly Card[]): BriefingArea[] {
  const kindOrder = Object.keys(AREA_KIND_LABELS);
  return [...areas]
    .sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.title.localeCompare(b.title, "en"))
    .map((area) => ({
      id: area.id,
      title: area.title,
      kind: AREA_KIND_LABELS[area.kind],
      validity: formatValidity(area),
      cards: cards.filter((card) => card.areaIds.includes(area.id)).length,
    }));
}

/** The narrative's blocks in reading order; `claimNumber` numbers the claim marks. */
function narrativeBlocks(narrative: JSONContent, claimNumber: (claimId: string) => number | undefined): BriefingBlock[] {
  const blocks: BriefingBlock[] = [];
  const spansOf = (node: JSONContent): BriefingSpan[] => {
    const spans: BriefingSpan[] = [];
    const walk = (n: JSONContent) => {
      if (n.type === "hardBreak") return void spans.push({ text: " " });
      if (n.type === "mention") {
        const char = typeof n.attrs?.mentionSuggestionChar === "string" ? n.attrs.mentionSuggestionChar : "@";
        return void spans.push({ text: `${char}${n.attrs?.label ?? n.attrs?.id ?? ""}` });
      }
      if (typeof n.text === "string") {
        const id = (n.marks ?? []).find((mark) => mark.type === "claim")?.attrs?.claimId;
        const claim = typeof id === "string" ? claimNumber(id) : undefined;
        const last = spans.at(-1);
        if (last && last.claim === claim) last.text += n.text;
        else spans.push(claim === undefined ? { text: n.text } : { text: n.text, claim });
        return;
      }
      (n.content ?? []).forEach(walk);
    };
    walk(node);
    return spans.filter((span) => span.text.length > 0);
  };
  const visit = (node: JSONContent, depth: number, quoted: boolean, marker: string | null) => {
    switch (node.type) {
      case "heading":
        blocks.push({ kind: "heading", level: Math.min(Math.max(Number(node.attrs?.level ?? 1), 1), 6), spans: spansOf(node) });
        return;
      case "paragraph":
      case "codeBlock":
        if (nodeText(node).trim() || (node.content ?? []).some((n) => n.type === "mention")) {
          blocks.push(depth === 0 ? { kind: "paragraph", quoted, spans: spansOf(node) } : { kind: "item", depth, marker, quoted, spans: spansOf(node) });
        }
        return;
      case "blockquote":
        for (const child of node.content ?? []) visit(child, depth, true, marker);
        return;
      case "bulletList":
      case "orderedList": {
        const start = node.type === "orderedList" ? Number(node.attrs?.start ?? 1) : null;
        (node.content ?? []).forEach((item, index) => {
          // The item's first block carries its bullet or number; what follows is indented under it.
          const [first, ...rest] = item.content ?? [];
          if (first) visit(first, depth + 1, quoted, start === null ? "•" : `${start + index}.`);
          for (const child of rest) visit(child, depth + 1, quoted, null);
        });
        return;
      }
      case "table":
        for (const row of node.content ?? []) {
          const cells = (row.content ?? []).map((cell) => spansOf(cell));
          const spans = cells.flatMap((cell, i) => (i === 0 ? cell : [{ text: " | " }, ...cell]));
          if (spans.some((span) => span.text.trim())) blocks.push({ kind: "paragraph", quoted, spans });
        }
        return;
      default:
        for (const child of node.content ?? []) visit(child, depth, quoted, null);
    }
  };
  visit(narrative, 0, false, null);
  return blocks;
}

/** The cited cards grouped by source (title and address), sources in alphabetical order. */
function sourcesOf(cards: readonly Card[]): BriefingSource[] {
  const byKey = new Map<string, BriefingSource>();
  for (const card of cards) {
    const title = card.source.title || UNTITLED_SOURCE;
    const key = `${title}\n${card.source.url}`;
    let source = byKey.get(key);
    if (!source) byKey.set(key, (source = { title, url: card.source.url, href: linkTarget(card.source.url), citations: [] }));
    source.citations.push({ card: card.title, grade: gradeCode(card), meaning: describeGrade(card.grade) });
  }
  return [...byKey.values()].sort((a, b) => a.title.localeCompare(b.title) || a.url.localeCompare(b.url));
}

/** A file name for the board's exports: its title in safe characters, or "board". */
export function exportFileName(title: string, extension: string): string {
  const base = title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "board";
  return `${base}.${extension}`;
}

/**
 * A source's address as a link target: http(s) only, as the URL parser writes it (spaces, quotes
 * and angle brackets percent-encoded). `javascript:`, `data:` and anything unparsable are no link.
 */
function linkTarget(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Text from the board as Markdown that shows exactly that text: Markdown and HTML control
 * characters are backslash-escaped (so a title can neither restyle the file nor put raw HTML or an
 * entity in it) and line breaks, CR included, become spaces (so it cannot start a block).
 */
function escape(text: string): string {
  return text.replace(/([\\`*_[\]#<>|&~])/g, "\\$1").replace(/[\r\n]+/g, " ");
}

/** A link target inside `(…)`: what could end it or escape its end is percent-encoded as well. */
function markdownDestination(href: string): string {
  return href.replace(/[()\\<>"'`]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A claim's label in text and lists. */
export const claimLabel = (number: number) => `C${number}`;

/** Narrative text as Markdown: claims in bold, followed by their label. */
function markdownSpans(spans: readonly BriefingSpan[]): string {
  return spans.map((span) => (span.claim === undefined ? escape(span.text) : `**${escape(span.text.trim())}** [${claimLabel(span.claim)}]`)).join("");
}

/** One claim as a Markdown list entry: likelihood, confidence, statement, review state, evidence. */
function markdownClaim(claim: BriefingClaim, numbered: boolean): string[] {
  const label = numbered ? `${claimLabel(claim.number)}. ` : "";
  const review = claim.review.disputed ? `**${escape(claim.review.summary)}**` : escape(claim.review.summary);
  const lines = [`- ${label}**${capitalise(claim.likelihood)}** (${claim.confidence} confidence): ${escape(claim.statement)}`, `  - Review: ${review}`];
  if (claim.evidence.length) lines.push(`  - Evidence: ${claim.evidence.map(escape).join("; ")}`);
  return lines;
}

/** The competing hypotheses as Markdown: the ranking, the leaders, the consensus table. */
function markdownMatrix(matrix: BriefingMatrix): string[] {
  const lines = ["## Competing hypotheses", ""];
  for (const h of matrix.hypotheses) {
    lines.push(`- ${h.label}. ${escape(h.title)}: inconsistency ${h.score}, rank ${h.rank}${h.leading ? " (leading)" : ""}`);
  }
  lines.push("");
  lines.push(matrix.leading.length ? `Leading: ${matrix.leading.map(escape).join("; ")}` : "Nothing is rated yet.", "");
  if (matrix.mostDiagnostic.length) lines.push(`Most diagnostic evidence: ${matrix.mostDiagnostic.map(escape).join("; ")}`, "");
  if (matrix.disagreements) lines.push(`Analysts disagree on ${matrix.disagreements} ${matrix.disagreements === 1 ? "cell" : "cells"} (marked *).`, "");
  if (matrix.rows.length === 0) return lines;
  lines.push(`| Card | ${matrix.hypotheses.map((h) => h.label).join(" | ")} |`, `|---|${matrix.hypotheses.map(() => "---").join("|")}|`);
  for (const row of matrix.rows) {
    const cells = row.cells.map((cell, i) => `${cell ?? "–"}${row.disagreements[i] ? "*" : ""}`);
    lines.push(`| ${escape(row.title)} (${row.grade}, ${row.relevance}) | ${cells.join(" | ")} |`);
  }
  lines.push("");
  return lines;
}

/** The briefing as one Markdown document: the assessment and its claims, a heading per scene, the sources annex. */
export function briefingMarkdown(briefing: Briefing): string {
  const lines: string[] = [`# ${escape(briefing.title)}`, ""];
  if (briefing.question) lines.push(`*${escape(briefing.question)}*`, "");
  if (briefing.changes) {
    lines.push(`## Changes since ${escape(briefing.changes.since)}`, "");
    if (briefing.changes.groups.length === 0) lines.push("Nothing changed.", "");
    for (const group of briefing.changes.groups) {
      lines.push(`### ${group.label}`, "");
      for (const line of group.lines) lines.push(`- ${escape(line)}`);
      lines.push("");
    }
  }
  lines.push("## Assessment", "");
  if (briefing.narrative.length === 0) lines.push("The narrative is empty.", "");
  for (const block of briefing.narrative) {
    const quote = block.kind !== "heading" && block.quoted ? "> " : "";
    if (block.kind !== "item" && lines.at(-1) !== "") lines.push("");
    if (block.kind === "heading") lines.push(`${"#".repeat(Math.min(block.level + 2, 6))} ${markdownSpans(block.spans)}`, "");
    else if (block.kind === "paragraph") lines.push(`${quote}${markdownSpans(block.spans)}`, "");
    else {
      const indent = "   ".repeat(block.depth - 1);
      const marker = block.marker === null ? "   " : block.marker === "•" ? "- " : `${block.marker} `;
      lines.push(`${quote}${indent}${marker}${markdownSpans(block.spans)}`);
    }
  }
  if (lines.at(-1) !== "") lines.push("");
  lines.push("## Claims", "");
  if (briefing.claims.length === 0) lines.push("No claims on this board.");
  for (const claim of briefing.claims) lines.push(...markdownClaim(claim, true));
  lines.push("");
  if (briefing.matrix) lines.push(...markdownMatrix(briefing.matrix));
  if (briefing.areas.length > 0) {
    lines.push("## Areas and routes", "");
    for (const area of briefing.areas) {
      lines.push(`- ${escape(area.title)} (${area.kind}): ${escape(area.validity)}; ${count(area.cards, "linked card", "linked cards")}`);
    }
    lines.push("");
  }
  if (briefing.sections.length === 0) lines.push("This board has no scenes yet.", "");
  for (const section of briefing.sections) {
    const { scene } = section;
    lines.push(`## ${section.number}. ${escape(scene.title)}`, "");
    const facts = [`Map: ${scene.view.lat.toFixed(3)}°, ${scene.view.lng.toFixed(3)}° at zoom ${scene.view.zoom.toFixed(1)}`];
    if (scene.timeWindow) facts.push(`Time window: ${escape(formatWindow(scene.timeWindow))}`);
    if (section.narrativeSection) facts.push(`Narrative: ${escape(section.narrativeSection)}`);
    if (section.pins.length) facts.push(`Places: ${section.pins.map((pin) => escape(pin.title)).join("; ")}`);
    lines.push(...facts.map((fact) => `- ${fact}`), "");
    if (scene.notes.trim()) lines.push(...scene.notes.trim().split(/\n+/).map((line) => `> ${escape(line)}`), "");
    lines.push("### Claims", "");
    if (section.claims.length === 0) lines.push("No claims in this scene.");
    for (const claim of section.claims) lines.push(...markdownClaim(claim, true));
    lines.push("", "### Cards", "");
    if (section.cards.length === 0) lines.push("No cards in this scene.");
    for (const card of section.cards) lines.push(`- ${escape(card.when)}: ${escape(card.title)} (${card.grade}, ${escape(card.source)})`);
    lines.push("");
  }
  lines.push("## Sources", "");
  if (briefing.sources.length === 0) lines.push("No sources are cited.");
  for (const source of briefing.sources) {
    if (source.href) lines.push(`- [${escape(source.title)}](${markdownDestination(source.href)})`);
    else lines.push(source.url ? `- ${escape(source.title)} (${escape(source.url)})` : `- ${escape(source.title)}`);
    for (const citation of source.citations) lines.push(`  - ${citation.grade}: ${escape(citation.card)} — ${citation.meaning}`);
  }
  lines.push("");
  return lines.join("\n");
}

/** What the briefing is built from, read from a board document. */
export function briefingInputOf(doc: Y.Doc): BriefingInput {
  return {
    meta: readMeta(doc),
    pins: listPins(doc),
    cards: listCards(doc),
    claims: listClaims(doc),
    scenes: listScenes(doc),
    areas: listAreas(doc),
    narrative: readNarrative(doc),
    ach: readAch(doc),
  };
}

/**
 * The scenes of a board as a briefing: one section per scene (its view, the claims it speaks to,
 * the cards it shows) and an annex of the sources those cite, with their Admiralty grades. Pure:
 * the print page and the Markdown export are both built from `buildBriefing`, so they never
 * disagree about what a scene contains.
 */
import type { JSONContent } from "@tiptap/core";
import type * as Y from "yjs";
import { describeGrade } from "./grade";
import { formatWhen } from "./dates";
import { listCards, listClaims, listPins, listScenes, readMeta } from "./model";
import { readNarrative } from "./narrative";
import { claimStatements, claimsAtAnchor, narrativeSections } from "./outline";
import type { Card, Claim, Meta, Pin, Scene } from "./schema";

/** What the briefing is built from: the board as the model reads it. */
export interface BriefingInput {
  meta: Pick<Meta, "title" | "question">;
  pins: readonly Pin[];
  cards: readonly Card[];
  claims: readonly Claim[];
  scenes: readonly Scene[];
  narrative: JSONContent;
}

export interface BriefingClaim {
  id: string;
  /** The narrative text marked with the claim; "(not in the narrative)" when none is. */
  statement: string;
  likelihood: Claim["likelihood"];
  confidence: Claim["confidence"];
  /** Titles of the cards and pins that support it. */
  evidence: string[];
}

export interface BriefingCard {
  id: string;
  title: string;
  when: string;
  grade: string;
  source: string;
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
  sections: BriefingSection[];
  sources: BriefingSource[];
}

export const NOT_IN_NARRATIVE = "(not in the narrative)";
const UNTITLED_SOURCE = "Untitled source";

const gradeCode = (card: Card) => `${card.grade.reliability}${card.grade.credibility}`;

/**
 * One section per scene. A scene's claims are those whose evidence includes one of its focused
 * pins or cards, and those of its narrative section, in narrative order. Its cards are the focused
 * cards and the cards linked to its focused pins, in date order.
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

  const sections = input.scenes.map((scene, index): BriefingSection => {
    const focusPins = new Set(scene.focus.pinIds.filter((id) => pinsById.has(id)));
    const focusCards = new Set(scene.focus.cardIds.filter((id) => cardsById.has(id)));
    const anchored = new Set(claimsAtAnchor(input.narrative, scene.narrativeAnchor));
    const claims = input.claims
      .filter(
        (claim) =>
          anchored.has(claim.id) ||
          claim.evidence.some((ref) => (ref.kind === "pin" ? focusPins : focusCards).has(ref.id)),
      )
      .sort((a, b) => order(a) - order(b));
    const cards = input.cards.filter((card) => focusCards.has(card.id) || card.pinIds.some((id) => focusPins.has(id)));
    for (const card of cards) cited.add(card.id);
    for (const claim of claims) for (const ref of claim.evidence) if (ref.kind === "card") cited.add(ref.id);
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
      claims: claims.map((claim) => ({
        id: claim.id,
        statement: statements.get(claim.id) || NOT_IN_NARRATIVE,
        likelihood: claim.likelihood,
        confidence: claim.confidence,
        evidence: claim.evidence.flatMap((ref) => {
          const title = (ref.kind === "pin" ? pinsById.get(ref.id) : cardsById.get(ref.id))?.title;
          return title ? [title] : [];
        }),
      })),
    };
  });

  return { title: input.meta.title, question: input.meta.question, sections, sources: sourcesOf(input.cards.filter((c) => cited.has(c.id))) };
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

/** The briefing as one Markdown document: a heading per scene, then the sources annex. */
export function briefingMarkdown(briefing: Briefing): string {
  const lines: string[] = [`# ${escape(briefing.title)}`, ""];
  if (briefing.question) lines.push(`*${escape(briefing.question)}*`, "");
  if (briefing.sections.length === 0) lines.push("This board has no scenes yet.", "");
  for (const section of briefing.sections) {
    const { scene } = section;
    lines.push(`## ${section.number}. ${escape(scene.title)}`, "");
    const facts = [`Map: ${scene.view.lat.toFixed(3)}°, ${scene.view.lng.toFixed(3)}° at zoom ${scene.view.zoom.toFixed(1)}`];
    if (scene.timeWindow) facts.push(`Time window: ${escape(scene.timeWindow.start)} to ${escape(scene.timeWindow.end)}`);
    if (section.narrativeSection) facts.push(`Narrative: ${escape(section.narrativeSection)}`);
    if (section.pins.length) facts.push(`Places: ${section.pins.map((pin) => escape(pin.title)).join("; ")}`);
    lines.push(...facts.map((fact) => `- ${fact}`), "");
    if (scene.notes.trim()) lines.push(...scene.notes.trim().split(/\n+/).map((line) => `> ${escape(line)}`), "");
    lines.push("### Claims", "");
    if (section.claims.length === 0) lines.push("No claims in this scene.");
    for (const claim of section.claims) {
      lines.push(`- **${capitalise(claim.likelihood)}** (${claim.confidence} confidence): ${escape(claim.statement)}`);
      if (claim.evidence.length) lines.push(`  - Evidence: ${claim.evidence.map(escape).join("; ")}`);
    }
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
    narrative: readNarrative(doc),
  };
}

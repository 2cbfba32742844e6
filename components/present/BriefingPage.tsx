"use client";
/**
 * The printable briefing of a board: the assessment (the narrative with its claims numbered, then
 * every claim with likelihood, confidence and review state), one page per scene (its map with the
 * pins, its claims, its cards) and a sources annex, laid out for the browser's print to PDF. The
 * board and its review room are read once when both have loaded, so the pages do not shift while
 * printing.
 *
 * Test hooks: `data-testid="briefing"` with `data-briefing-ready` ("true" once every scene's map
 * has been drawn into an image) and `data-scene-count`.
 */
import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { boardSnapshot, reviewSnapshot, subscribeBoard, subscribeReview } from "@/components/board/boardConnection";
import { download } from "@/components/ui/download";
import { compareStates, loadVersion, versionTime } from "@/components/history/historyModel";
import { listVersions, recordBriefedVersion } from "@/components/history/versionCalls";
import {
  buildBriefing,
  briefingChanges,
  briefingInputOf,
  briefingMarkdown,
  claimLabel,
  exportFileName,
  type Briefing,
  type BriefingChanges,
  type BriefingClaim,
  type BriefingInput,
  type BriefingSpan,
} from "@/lib/board/briefing";
import { claimReviewStatuses } from "@/lib/board/review";
import { formatWindow } from "@/lib/board/dates";
import { BriefingMatrixPage } from "@/components/hypotheses/BriefingMatrix";
import styles from "./briefing.module.css";

const SceneMapImage = dynamic(() => import("./SceneMapImage").then((m) => m.SceneMapImage), { ssr: false });

const CONFIDENCE_LABEL = { low: "Low confidence", moderate: "Moderate confidence", high: "High confidence" } as const;

/** Narrative text with each claim's span highlighted and labelled. */
function Spans({ spans }: { spans: readonly BriefingSpan[] }) {
  return spans.map((span, index) =>
    span.claim === undefined ? (
      span.text
    ) : (
      <mark key={index} className={styles.claimText}>
        {span.text}
        <sup>{claimLabel(span.claim)}</sup>
      </mark>
    ),
  );
}

/** One claim: likelihood, confidence, statement, review state and evidence. */
function ClaimEntry({ claim, numbered }: { claim: BriefingClaim; numbered: boolean }) {
  return (
    <li data-testid="briefing-claim" data-disputed={claim.review.disputed}>
      {numbered && <span className={styles.claimNumber}>{claimLabel(claim.number)}</span>}
      <span className={styles.likelihood}>{claim.likelihood}</span>
      <span className={styles.confidence}>{CONFIDENCE_LABEL[claim.confidence]}</span>
      <p>{claim.statement}</p>
      <p className={claim.review.disputed ? styles.disputed : styles.reviewState} data-testid="briefing-review">
        Review: {claim.review.summary}
      </p>
      {claim.evidence.length > 0 && <p className={styles.evidence}>Evidence: {claim.evidence.join("; ")}</p>}
    </li>
  );
}

export function BriefingPage({ boardId, userId }: { boardId: string; userId: string }) {
  const subscribe = useCallback((listener: () => void) => subscribeBoard(boardId, userId, listener), [boardId, userId]);
  const connection = useSyncExternalStore(subscribe, () => boardSnapshot(boardId, userId), () => null);
  const subscribeToReview = useCallback((listener: () => void) => subscribeReview(boardId, userId, listener), [boardId, userId]);
  const review = useSyncExternalStore(subscribeToReview, () => reviewSnapshot(boardId, userId), () => null);
  const [input, setInput] = useState<BriefingInput | null>(null);
  const [images, setImages] = useState<Record<string, string>>({});

  // Reading a briefing is not being on the board: this page shows up in nobody's presence.
  useEffect(() => {
    connection?.awareness.setLocalState(null);
  }, [connection?.awareness]);
  useEffect(() => {
    review?.awareness.setLocalState(null);
  }, [review?.awareness]);

  const loaded = connection !== null && !connection.loading;
  // Without the review room (refused), the briefing still prints, every claim "Not reviewed".
  const reviewLoaded = review !== null && (!review.loading || review.refused !== null);
  const doc = connection?.doc;
  const reviewDoc = review?.doc;
  useEffect(() => {
    if (!loaded || !doc || !reviewLoaded || !reviewDoc) return;
    // The board is read once, right after it has loaded (a subscription callback, not render).
    const timer = setTimeout(() => setInput((current) => current ?? { ...briefingInputOf(doc), review: claimReviewStatuses(reviewDoc) }), 0);
    return () => clearTimeout(timer);
  }, [loaded, doc, reviewLoaded, reviewDoc]);

  // Printing (the button, or the browser's own Print) records the version the briefing showed.
  useEffect(() => {
    const printed = () => void recordBriefedVersion(boardId, "printed");
    window.addEventListener("beforeprint", printed);
    return () => window.removeEventListener("beforeprint", printed);
  }, [boardId]);

  const [changes, setChanges] = useState<{ status: "off" | "loading" | "none" } | { status: "error"; error: string } | { status: "on"; value: BriefingChanges }>({ status: "off" });
  const briefing = useMemo<Briefing | null>(
    () => (input ? buildBriefing(changes.status === "on" ? { ...input, changes: changes.value } : input) : null),
    [input, changes],
  );

  /** "Changes since <date>": the board as loaded compared with the last briefing printed or presented. */
  const includeChanges = async (on: boolean) => {
    if (!on || !doc || !reviewDoc) return setChanges({ status: "off" });
    setChanges({ status: "loading" });
    const result = await listVersions(boardId);
    if (!result.ok) return setChanges({ status: "error", error: result.error });
    const last = result.versions.find((version) => version.kind === "briefed");
    if (!last) return setChanges({ status: "none" });
    try {
      const before = await loadVersion(boardId, last.id);
      const list = compareStates({ version: last, state: before }, { version: null, state: { board: doc, review: reviewDoc } }, result.versions, result.people);
      setChanges({ status: "on", value: briefingChanges(list, versionTime(last.createdAt)) });
    } catch (thrown) {
      setChanges({ status: "error", error: thrown instanceof Error ? thrown.message : String(thrown) });
    }
  };
  useEffect(() => {
    if (briefing) document.title = `Briefing: ${briefing.title} · Situation Board`;
  }, [briefing]);

  // Before the board is read the page is still a page: a main landmark with its heading.
  if (connection?.refused || !briefing || !input) {
    return (
      <main className={styles.message}>
        <h1>Briefing</h1>
        {connection?.refused ? <p role="alert">{connection.refused}</p> : <p>Loading the briefing…</p>}
      </main>
    );
  }

  const { sections } = briefing;
  const drawn = sections.filter((section) => images[section.scene.id]).length;
  const ready = drawn === sections.length;
  // One map at a time: each is drawn, turned into an image, and its WebGL context let go.
  const drawing = sections.find((section) => !images[section.scene.id]);

  return (
    <div className={styles.briefing} data-testid="briefing" data-briefing-ready={ready} data-scene-count={sections.length}>
      <nav className={styles.toolbar} aria-label="Briefing">
        <Link href={`/boards/${boardId}`}>← Back to the board</Link>
        <span role="status">{ready ? `${sections.length} scenes ready to print` : `Drawing maps… ${drawn} of ${sections.length}`}</span>
        <label>
          <input type="checkbox" checked={changes.status === "on" || changes.status === "loading"} onChange={(event) => void includeChanges(event.target.checked)} />
          Changes since the last brief
        </label>
        {changes.status === "none" && <span role="status">No briefing has been printed or presented yet.</span>}
        {changes.status === "error" && <span role="alert">{changes.error}</span>}
        <button type="button" onClick={() => window.print()} disabled={!ready}>
          Print / save as PDF
        </button>
        <button type="button" onClick={() => download(exportFileName(briefing.title, "md"), "text/markdown", briefingMarkdown(briefing))}>
          Download Markdown
        </button>
      </nav>
      <main>
        <article className={`${styles.page} ${styles.flowing}`} data-testid="briefing-assessment" aria-labelledby="briefing-title">
          <header className={styles.pageHeader}>
            <span>{briefing.title}</span>
            <span>Assessment</span>
          </header>
          <h1 id="briefing-title">{briefing.title}</h1>
          {briefing.question && <p className={styles.question}>{briefing.question}</p>}
          {briefing.changes && (
            <section aria-labelledby="briefing-changes-title" data-testid="briefing-changes">
              <h2 id="briefing-changes-title">Changes since {briefing.changes.since}</h2>
              {briefing.changes.groups.length === 0 && <p className={styles.none}>Nothing changed.</p>}
              {briefing.changes.groups.map((group) => (
                <section key={group.label}>
                  <h3>{group.label}</h3>
                  <ul>
                    {group.lines.map((line, index) => (
                      <li key={index}>{line}</li>
                    ))}
                  </ul>
                </section>
              ))}
            </section>
          )}
          <section aria-labelledby="briefing-narrative-title" data-testid="briefing-narrative" className={styles.narrative}>
            <h2 id="briefing-narrative-title">Assessment</h2>
            {briefing.narrative.length === 0 && <p className={styles.none}>The narrative is empty.</p>}
            {briefing.narrative.map((block, index) => {
              if (block.kind === "heading") {
                const Heading = `h${Math.min(block.level + 2, 6)}` as "h3";
                return (
                  <Heading key={index}>
                    <Spans spans={block.spans} />
                  </Heading>
                );
              }
              const className = block.quoted ? styles.quoted : undefined;
              const indent = block.kind === "item" ? { paddingInlineStart: `${block.depth * 1.25}em` } : undefined;
              return (
                <p key={index} className={className} style={indent}>
                  {block.kind === "item" && block.marker && <span className={styles.marker}>{block.marker} </span>}
                  <Spans spans={block.spans} />
                </p>
              );
            })}
          </section>
          <section aria-labelledby="briefing-claims-title">
            <h2 id="briefing-claims-title">Claims</h2>
            {briefing.claims.length === 0 && <p className={styles.none}>No claims on this board.</p>}
            <ul className={styles.claims} data-testid="briefing-claims">
              {briefing.claims.map((claim) => (
                <ClaimEntry key={claim.id} claim={claim} numbered />
              ))}
            </ul>
          </section>
          {briefing.areas.length > 0 && (
            <section aria-labelledby="briefing-areas-title">
              <h2 id="briefing-areas-title">Areas and routes</h2>
              <ul data-testid="briefing-areas">
                {briefing.areas.map((area) => (
                  <li key={area.id}>
                    <strong>{area.title}</strong> ({area.kind}): {area.validity}; {area.cards} {area.cards === 1 ? "linked card" : "linked cards"}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </article>
        {briefing.matrix && <BriefingMatrixPage title={briefing.title} matrix={briefing.matrix} />}
        {sections.length === 0 && <p className={styles.message}>This board has no scenes yet: capture scenes on the board to brief from them.</p>}
        {sections.map((section) => (
          <article key={section.scene.id} className={styles.page} data-testid="briefing-scene" aria-label={`Scene ${section.number}: ${section.scene.title}`}>
            <header className={styles.pageHeader}>
              <span>
                {briefing.title}
                {briefing.question ? ` — ${briefing.question}` : ""}
              </span>
              <span>
                Scene {section.number} of {sections.length}
              </span>
            </header>
            <h2>{section.scene.title}</h2>
            <p className={styles.facts}>
              {section.scene.timeWindow ? formatWindow(section.scene.timeWindow) : "All dates"}
              {section.narrativeSection ? ` · Narrative: ${section.narrativeSection}` : ""}
              {section.pins.length ? ` · ${section.pins.map((pin) => pin.title).join("; ")}` : ""}
            </p>
            <figure className={styles.figure}>
              {images[section.scene.id] ? (
                // A data URL drawn from the map's canvas: next/image has nothing to optimise here.
                // eslint-disable-next-line @next/next/no-img-element
                <img src={images[section.scene.id]} alt={`Map of ${section.scene.title}`} data-testid="briefing-map" />
              ) : drawing === section ? (
                <SceneMapImage
                  scene={section.scene}
                  pins={input.pins}
                  cards={input.cards}
                  areas={input.areas ?? []}
                  onImage={(url) => setImages((current) => ({ ...current, [section.scene.id]: url }))}
                />
              ) : (
                <div className={styles.mapPending}>Waiting to draw the map…</div>
              )}
            </figure>
            {section.scene.notes && <p className={styles.notes}>{section.scene.notes}</p>}
            <div className={styles.columns}>
              <section>
                <h3>Claims</h3>
                {section.claims.length === 0 && <p className={styles.none}>No claims in this scene.</p>}
                <ul className={styles.claims}>
                  {section.claims.map((claim) => (
                    <ClaimEntry key={claim.id} claim={claim} numbered />
                  ))}
                </ul>
              </section>
              <section>
                <h3>Cards</h3>
                {section.cards.length === 0 && <p className={styles.none}>No cards in this scene.</p>}
                <ul className={styles.cards}>
                  {section.cards.map((card) => (
                    <li key={card.id} data-testid="briefing-card">
                      <span className={styles.when}>{card.when}</span> {card.title}{" "}
                      <span className={styles.grade} title={card.source}>
                        {card.grade}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            </div>
          </article>
        ))}
        <section className={styles.page} data-testid="briefing-sources" aria-label="Sources">
          <header className={styles.pageHeader}>
            <span>{briefing.title}</span>
            <span>Annex</span>
          </header>
          <h2>Sources</h2>
          {briefing.sources.length === 0 && <p className={styles.none}>No sources are cited.</p>}
          <ol className={styles.sources}>
            {briefing.sources.map((source) => (
              <li key={`${source.title}\n${source.url}`} data-testid="briefing-source">
                <strong>{source.title}</strong>
                {source.url && (
                  <>
                    {" "}
                    {source.href ? <a href={source.href}>{source.url}</a> : source.url}
                  </>
                )}
                <ul>
                  {source.citations.map((citation, index) => (
                    <li key={index}>
                      <span className={styles.grade}>{citation.grade}</span> {citation.card} — {citation.meaning}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
          <p className={styles.credits}>Maps: © Natural Earth. Grades use the Admiralty code (source reliability A–F, information credibility 1–6).</p>
        </section>
      </main>
    </div>
  );
}

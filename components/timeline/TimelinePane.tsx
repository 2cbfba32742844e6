"use client";

import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { isCardFilterActive, matchesCardFilter, useBoardUi, useBoardUiActions } from "@/components/board/boardUi";
import { CardFilterControls } from "@/components/board/CardFilterControls";
import { PANE_IDS, type BoardPaneProps } from "@/components/board/types";
import { CitingClaims } from "@/components/narrative/CitingClaims";
import { TargetThreads } from "@/components/review/TargetThreads";
import { useBoardValue } from "@/components/board/useBoardValue";
import { overlapsWindow } from "@/lib/board/dates";
import { deleteCard, linkCardToArea, linkCardToPin, listAreas, listClaims, listPins, readNumericDateOrder, unlinkCardFromArea, unlinkCardFromPin } from "@/lib/board/model";
import type { Area, Claim, Pin } from "@/lib/board/schema";
import { domainOf, evidenceSpan, LANE_MODES, type Domain, type LaneMode } from "./axis";
import { BulkEditBar } from "./BulkEditBar";
import { citedCards } from "./citedCards";
import { CardEditor } from "./CardEditor";
import { CardList } from "./CardList";
import { ExportButtons } from "./ExportButtons";
import { countOf } from "@/lib/import/report";
import { ImportDialog } from "./ImportDialog";
import { TimeAxis } from "./TimeAxis";
import { TimelineCard } from "./TimelineCard";
import styles from "./TimelinePane.module.css";
import { TrendChart } from "./TrendChart";
import { useTimeline } from "./useTimeline";
import { useUndo } from "./useUndo";
import { WindowControls } from "./WindowControls";

const CARD_PARTS = ["cards"] as const;
const IMPORT_PARTS = ["pins", "cards", "areas"] as const;
const PIN_PARTS = ["pins"] as const;
const AREA_PARTS = ["areas"] as const;
const NO_AREAS: Area[] = [];
const CLAIM_PARTS = ["claims"] as const;
const META_PARTS = ["meta"] as const;
const NO_PINS: Pin[] = [];
const NO_CLAIMS: Claim[] = [];
const TODAY = new Date().toISOString().slice(0, 10);

type Panel = { kind: "add" } | { kind: "edit"; cardId: string } | { kind: "import" } | null;

/**
 * The board's evidence: a zoomable time axis with lanes, the cards as a list filtered by the
 * time window and the card filter, the trend of where events happen, and import/export. Selecting
 * a card selects it for the whole board (the map highlights its pins); selecting a pin highlights
 * its cards here. People who may edit can select several cards (Shift-click for a range,
 * Ctrl/⌘-click or a card's box for one more, or every card the filters let through) and change
 * them all at once; Escape clears that selection.
 *
 * Memoised: the shell re-renders on every save-state change (each keystroke in the narrative),
 * and a board with thousands of cards must not redraw its axis for that.
 */
export const TimelinePane = memo(function TimelinePane({ doc, user, loading, canEdit }: BoardPaneProps) {
  const entries = useTimeline(doc);
  const pins = useBoardValue(doc, PIN_PARTS, listPins, NO_PINS);
  const areas = useBoardValue(doc, AREA_PARTS, listAreas, NO_AREAS);
  const areaById = useMemo(() => new Map(areas.map((area) => [area.id, area])), [areas]);
  const selection = useBoardUi((s) => s.selection);
  const timeWindow = useBoardUi((s) => s.timeWindow);
  const cardFilter = useBoardUi((s) => s.cardFilter);
  const pinPick = useBoardUi((s) => s.pinPick);
  const cardPick = useBoardUi((s) => s.cardPick);
  const hover = useBoardUi((s) => s.hover);
  const focus = useBoardUi((s) => s.focus);
  const claims = useBoardValue(doc, CLAIM_PARTS, listClaims, NO_CLAIMS);
  const numericOrder = useBoardValue(doc, META_PARTS, readNumericDateOrder, "day-first");
  const { select, setTimeWindow, requestPinPick, requestCardPick } = useBoardUiActions();
  const cardUndo = useUndo(doc, CARD_PARTS);
  const importUndo = useUndo(doc, IMPORT_PARTS);
  const [panel, setPanel] = useState<Panel>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  // The Import dialog and the card form open at the top of the list: however far it is scrolled,
  // they come into view with the focus on their first field.
  const panelKind = panel?.kind ?? null;
  useEffect(() => {
    const box = panelRef.current;
    if (!panelKind || !box) return;
    box.scrollIntoView({ block: "nearest" });
    (box.querySelector<HTMLElement>("input, select, textarea") ?? box.querySelector<HTMLElement>("button"))?.focus({ preventScroll: true });
  }, [panelKind]);
  const [toast, setToast] = useState<{ message: string; undo: () => void } | null>(null);
  const [showAxis, setShowAxis] = useState(true);
  const [showTrend, setShowTrend] = useState(false);
  const [laneMode, setLaneMode] = useState<LaneMode>("tag");
  const scrollRef = useRef<HTMLDivElement>(null);
  const allCards = useMemo(() => entries.map((e) => e.card), [entries]);
  const extent = useMemo(() => domainOf(allCards, TODAY), [allCards]);
  const evidence = useMemo(() => evidenceSpan(allCards), [allCards]);
  const [zoomed, setZoomed] = useState<Domain | null>(null);
  const domain = zoomed ?? extent;

  const selectedCardId = selection?.kind === "card" ? selection.id : null;
  const highlighted = useMemo(() => {
    const cards = citedCards(entries, claims, hover, selection);
    for (const id of focus?.cardIds ?? []) cards.add(id);
    return cards;
  }, [entries, claims, hover, selection, focus]);
  /** A click on a card selects it, or hands it to the pane that asked for one. */
  const chooseCard = (id: string) => {
    if (!cardPick) return select({ kind: "card", id });
    cardPick.onPick(id);
    requestCardPick(null);
  };
  const filtered = timeWindow !== null || isCardFilterActive(cardFilter);
  const visible = useMemo(
    () => (filtered ? entries.filter((e) => (!timeWindow || overlapsWindow(e.card.when, timeWindow)) && matchesCardFilter(e.card, cardFilter)) : entries),
    [entries, timeWindow, cardFilter, filtered],
  );
  const onWindow = useCallback((window: typeof timeWindow) => setTimeWindow(window), [setTimeWindow]);
  const editable = canEdit && !loading;

  // Several cards selected for one change to all of them. Only cards in view count: a filter or
  // window that hides a card takes it out of what the change applies to.
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const bulkCards = useMemo(() => (checked.size === 0 ? [] : visible.flatMap((e) => (checked.has(e.card.id) ? [e.card] : []))), [visible, checked]);
  const clearChecked = () => setChecked((current) => (current.size === 0 ? current : new Set()));

  /** A click on a card's title: alone it selects the card; Shift extends, Ctrl/⌘ toggles the bulk selection. */
  function clickCard(id: string, { range, toggle }: { range: boolean; toggle: boolean }) {
    if (!editable || cardPick || (!range && !toggle)) {
      clearChecked();
      anchor.current = id;
      return chooseCard(id);
    }
    const ids = visible.map((e) => e.card.id);
    if (range) {
      const from = [anchor.current, selectedCardId].find((candidate) => candidate && ids.includes(candidate)) ?? id;
      const [a, b] = [ids.indexOf(from), ids.indexOf(id)].sort((x, y) => x - y);
      const span = ids.slice(a, b + 1);
      setChecked(new Set(toggle ? [...bulkCards.map((card) => card.id), ...span] : span));
      return;
    }
    // The first Ctrl/⌘-click keeps the card already selected alongside the one clicked.
    const next = new Set(bulkCards.map((card) => card.id));
    if (next.size === 0 && selectedCardId && selectedCardId !== id && ids.includes(selectedCardId)) next.add(selectedCardId);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    anchor.current = id;
    setChecked(next);
  }

  function toggleChecked(id: string) {
    const next = new Set(bulkCards.map((card) => card.id));
    if (next.has(id)) next.delete(id);
    else next.add(id);
    anchor.current = id;
    setChecked(next);
  }

  function handlePaneKey(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== "Escape" || event.defaultPrevented || bulkCards.length === 0) return;
    event.preventDefault();
    clearChecked();
  }

  function handleDelete(cardId: string, title: string) {
    deleteCard(doc, cardId, cardUndo.origin);
    select(null);
    setToast({ message: `Card deleted: ${title}`, undo: cardUndo.undo });
  }

  function pickPin(cardId: string, title: string) {
    requestPinPick({
      prompt: `Click a pin on the map or in the pins list to link it to "${title}"`,
      onPick(pinId) {
        linkCardToPin(doc, cardId, pinId, cardUndo.origin);
        requestPinPick(null);
      },
    });
  }

  return (
    <section id={PANE_IDS.timeline} tabIndex={-1} className={styles.pane} data-testid="timeline-pane" aria-label="Timeline" aria-busy={loading} onKeyDown={handlePaneKey}>
      <header className={styles.header}>
        <h2 className={styles.heading}>Timeline</h2>
        <span className={styles.count} data-testid="timeline-count">
          {loading ? "Loading…" : filtered ? `${visible.length} of ${entries.length} cards` : `${entries.length} ${entries.length === 1 ? "card" : "cards"}`}
        </span>
        <span className={styles.tools}>
          <button type="button" className={styles.toggle} aria-pressed={showAxis} onClick={() => setShowAxis(!showAxis)}>
            {showAxis ? "List only" : "Axis"}
          </button>
          <button type="button" className={styles.toggle} aria-pressed={showTrend} onClick={() => setShowTrend(!showTrend)}>
            Trend
          </button>
          <ExportButtons doc={doc} author={user.name} />
          {editable && (
            <>
              <button type="button" className={styles.toggle} aria-expanded={panel?.kind === "import"} onClick={() => setPanel(panel?.kind === "import" ? null : { kind: "import" })}>
                Import
              </button>
              <button type="button" className={styles.toggle} aria-expanded={panel?.kind === "add"} onClick={() => setPanel(panel?.kind === "add" ? null : { kind: "add" })}>
                {panel?.kind === "add" ? "Close" : "New card"}
              </button>
            </>
          )}
        </span>
      </header>
      {pinPick && (
        <p className={styles.banner} role="status">
          {pinPick.prompt}{" "}
          <button type="button" onClick={() => requestPinPick(null)}>
            Cancel
          </button>
        </p>
      )}
      {cardPick && (
        <p className={styles.banner} role="status" data-testid="card-pick">
          {cardPick.prompt}{" "}
          <button type="button" onClick={() => requestCardPick(null)}>
            Cancel
          </button>
        </p>
      )}
      {toast && (
        <p className={styles.banner} role="status" data-testid="timeline-toast">
          {toast.message}{" "}
          <button
            type="button"
            onClick={() => {
              toast.undo();
              setToast(null);
            }}
          >
            Undo
          </button>
          <button type="button" aria-label="Dismiss" onClick={() => setToast(null)}>
            ×
          </button>
        </p>
      )}
      <div className={styles.scroll} ref={scrollRef}>
        <div ref={panelRef}>
          {panel?.kind === "import" && (
            <ImportDialog
              doc={doc}
              author={user.name}
              origin={importUndo.origin}
              onClose={() => setPanel(null)}
              onImported={(count, unit) => {
                setPanel(null);
                setZoomed(null);
                const what = unit === "placemark" ? countOf(count, unit) : `${count} ${count === 1 ? "event" : "events"}`;
                setToast({ message: `Imported ${what}`, undo: importUndo.undo });
              }}
            />
          )}
          {panel?.kind === "add" && <CardEditor doc={doc} author={user.name} disabled={loading} origin={cardUndo.origin} onDone={(id) => select({ kind: "card", id })} />}
        </div>
        {entries.length > 0 && (
          <div className={styles.filters}>
            <CardFilterControls cards={allCards} className={styles.filterFields} />
            {editable && visible.length > 0 && (
              <button type="button" onClick={() => setChecked(new Set(visible.map((e) => e.card.id)))}>
                {filtered ? `Select all ${visible.length.toLocaleString("en")} in the filter` : `Select all ${visible.length.toLocaleString("en")}`}
              </button>
            )}
          </div>
        )}
        {editable && bulkCards.length > 0 && (
          <BulkEditBar
            doc={doc}
            cards={bulkCards}
            pins={pins}
            origin={cardUndo.origin}
            onClear={clearChecked}
            onDone={(message) => setToast({ message, undo: cardUndo.undo })}
          />
        )}
        {showTrend && <TrendChart entries={visible} by={laneMode} />}
        {showAxis && entries.length > 0 && (
          <div className={styles.axisBlock}>
            <div className={styles.axisTools}>
              <label>
                Lanes{" "}
                <select aria-label="Lanes" value={laneMode} onChange={(e) => setLaneMode(e.target.value as LaneMode)}>
                  {LANE_MODES.map(({ mode, label }) => (
                    <option key={mode} value={mode}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={() => setZoomed(null)}>
                Fit
              </button>
              <WindowControls timeWindow={timeWindow} onWindow={onWindow} extent={extent} evidence={evidence} numericOrder={numericOrder} />
            </div>
            <TimeAxis
              entries={entries}
              domain={domain}
              onDomain={setZoomed}
              laneMode={laneMode}
              selectedId={selectedCardId}
              highlighted={highlighted}
              timeWindow={timeWindow}
              onWindow={onWindow}
              onSelect={chooseCard}
            />
          </div>
        )}
        {visible.length > 0 ? (
          <CardList
            entries={visible}
            scrollRef={scrollRef}
            selectedId={selectedCardId}
            renderCard={(entry, tabbable) => {
              const selected = entry.card.id === selectedCardId;
              if (panel?.kind === "edit" && panel.cardId === entry.card.id) {
                return <CardEditor doc={doc} author={user.name} disabled={loading} card={entry.card} origin={cardUndo.origin} onDone={() => setPanel(null)} onCancel={() => setPanel(null)} />;
              }
              return (
                <TimelineCard
                  {...entry}
                  areas={entry.card.areaIds.flatMap((id) => areaById.get(id) ?? [])}
                  selected={selected}
                  tabbable={tabbable}
                  highlighted={highlighted.has(entry.card.id)}
                  onSelect={(modifiers) => clickCard(entry.card.id, modifiers)}
                  bulk={editable && !cardPick ? { checked: checked.has(entry.card.id), onToggle: () => toggleChecked(entry.card.id) } : undefined}
                  actions={
                    editable && selected
                      ? {
                          onEdit: () => setPanel({ kind: "edit", cardId: entry.card.id }),
                          onDelete: () => handleDelete(entry.card.id, entry.card.title),
                          onPickPin: () => pickPin(entry.card.id, entry.card.title),
                          onUnlink: (pinId) => unlinkCardFromPin(doc, entry.card.id, pinId, cardUndo.origin),
                          onLink: (pinId) => linkCardToPin(doc, entry.card.id, pinId, cardUndo.origin),
                          unlinkedPins: pins.filter((pin) => !entry.card.pinIds.includes(pin.id)),
                          onUnlinkArea: (areaId) => unlinkCardFromArea(doc, entry.card.id, areaId, cardUndo.origin),
                          onLinkArea: (areaId) => linkCardToArea(doc, entry.card.id, areaId, cardUndo.origin),
                          unlinkedAreas: areas.filter((area) => !entry.card.areaIds.includes(area.id)),
                        }
                      : undefined
                  }
                >
                  {selected && (
                    <>
                      <CitingClaims doc={doc} item={{ kind: "card", id: entry.card.id }} />
                      <TargetThreads target={{ kind: "card", id: entry.card.id }} noun="card" />
                    </>
                  )}
                </TimelineCard>
              );
            }}
          />
        ) : (
          !loading && (
            <p className={styles.empty}>
              {filtered && entries.length > 0
                ? !isCardFilterActive(cardFilter)
                  ? "No card in this time window."
                  : "No card passes this filter."
                : canEdit
                  ? "No evidence yet. Add the first card with New card, or import a file."
                  : "No evidence on this board yet."}
            </p>
          )
        )}
      </div>
    </section>
  );
});

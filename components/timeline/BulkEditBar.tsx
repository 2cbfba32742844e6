"use client";
/**
 * The bar shown while several cards are selected: "N cards selected", and one change for all of
 * them at once — a grade, tags added or removed, a pin linked or unlinked. Each change is one
 * write (`updateCards`), so it is one undo step and reaches everyone else as one update. Shown
 * only to people who may edit.
 */
import { useState } from "react";
import type * as Y from "yjs";
import { ZodError } from "zod";
import { updateCards } from "@/lib/board/model";
import type { CardsPatch } from "@/lib/board/schema";
import { CREDIBILITY, RELIABILITY, type Card, type Grade, type Pin } from "@/lib/board/schema";
import { CREDIBILITY_MEANING, RELIABILITY_MEANING } from "@/lib/board/grade";
import styles from "./TimelinePane.module.css";

interface BulkEditBarProps {
  doc: Y.Doc;
  /** The selected cards, in the list's order. */
  cards: readonly Card[];
  pins: readonly Pin[];
  /** The timeline's undo origin: the change is undone by the timeline's Undo. */
  origin: object;
  /** Called after a change was written, with what it did (for the undo banner). */
  onDone(message: string): void;
  onClear(): void;
}

const plural = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "card" : "cards"}`;

/** Turns what the person typed ("JNIM, attack") into the tags it names. */
function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((tag) => tag.trim()).filter(Boolean))];
}

/** Says in words why a bulk change was refused. */
function explain(error: unknown): string {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue.path.includes("tags") || issue.path.includes("addTags") || issue.path.includes("removeTags") ? "Tags: " : "";
    if (issue.code === "too_big" && issue.path.at(-1) === "tags") return "Tags: a card may carry at most 50 tags; nothing was changed.";
    if (issue.code === "too_big") return `${where}a tag may be at most 60 characters; nothing was changed.`;
    return `${where}${issue.message}; nothing was changed.`;
  }
  return error instanceof Error ? `${error.message}; nothing was changed.` : "The change could not be made; nothing was changed.";
}

export function BulkEditBar({ doc, cards, pins, origin, onDone, onClear }: BulkEditBarProps) {
  const [reliability, setReliability] = useState<Grade["reliability"]>("B");
  const [credibility, setCredibility] = useState<Grade["credibility"]>(2);
  const [tags, setTags] = useState("");
  const [error, setError] = useState<string | null>(null);
  const ids = cards.map((card) => card.id);
  const count = plural(cards.length);
  const presentTags = [...new Set(cards.flatMap((card) => card.tags))].sort((a, b) => a.localeCompare(b));
  const linked = new Set(cards.flatMap((card) => card.pinIds));
  const linkedPins = pins.filter((pin) => linked.has(pin.id));

  function apply(patch: CardsPatch, message: string) {
    try {
      updateCards(doc, ids, patch, origin);
      setError(null);
      onDone(message);
    } catch (thrown) {
      setError(explain(thrown));
    }
  }

  function changeTags(kind: "add" | "remove") {
    const named = parseTags(tags);
    if (named.length === 0) return setError("Tags: type the tags to add or remove, separated by commas.");
    apply(kind === "add" ? { addTags: named } : { removeTags: named }, `${kind === "add" ? "Tagged" : "Untagged"} ${count}: ${named.join(", ")}`);
    setTags("");
  }

  return (
    <div className={styles.bulk} role="toolbar" aria-label="Bulk edit" data-testid="bulk-edit">
      <strong className={styles.bulkCount} aria-live="polite" data-testid="bulk-count">
        {count} selected
      </strong>
      <span className={styles.bulkGroup}>
        <select aria-label="Bulk reliability" value={reliability} onChange={(e) => setReliability(e.target.value as Grade["reliability"])}>
          {RELIABILITY.map((letter) => (
            <option key={letter} value={letter} title={RELIABILITY_MEANING[letter]}>
              {letter} – {RELIABILITY_MEANING[letter]}
            </option>
          ))}
        </select>
        <select aria-label="Bulk credibility" value={credibility} onChange={(e) => setCredibility(Number(e.target.value) as Grade["credibility"])}>
          {CREDIBILITY.map((digit) => (
            <option key={digit} value={digit} title={CREDIBILITY_MEANING[digit]}>
              {digit} – {CREDIBILITY_MEANING[digit]}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => apply({ grade: { reliability, credibility } }, `Regraded ${count} to ${reliability}${credibility}`)}>
          Set grade
        </button>
      </span>
      <span className={styles.bulkGroup}>
        <input
          aria-label="Bulk tags"
          list="bulk-tags"
          value={tags}
          placeholder="JNIM, attack"
          onChange={(e) => setTags(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              changeTags("add");
            }
          }}
        />
        <datalist id="bulk-tags">
          {presentTags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <button type="button" onClick={() => changeTags("add")}>
          Add tags
        </button>
        <button type="button" onClick={() => changeTags("remove")}>
          Remove tags
        </button>
      </span>
      <span className={styles.bulkGroup}>
        {pins.length > 0 && (
          <select
            aria-label="Link all to a pin"
            value=""
            onChange={(e) => {
              const pin = pins.find((p) => p.id === e.target.value);
              if (pin) apply({ linkPins: [pin.id] }, `Linked ${count} to ${pin.title}`);
            }}
          >
            <option value="">Link all to a pin…</option>
            {pins.map((pin) => (
              <option key={pin.id} value={pin.id}>
                {pin.title}
              </option>
            ))}
          </select>
        )}
        {linkedPins.length > 0 && (
          <select
            aria-label="Unlink all from a pin"
            value=""
            onChange={(e) => {
              const pin = linkedPins.find((p) => p.id === e.target.value);
              if (pin) apply({ unlinkPins: [pin.id] }, `Unlinked ${count} from ${pin.title}`);
            }}
          >
            <option value="">Unlink all from a pin…</option>
            {linkedPins.map((pin) => (
              <option key={pin.id} value={pin.id}>
                {pin.title}
              </option>
            ))}
          </select>
        )}
      </span>
      <button type="button" onClick={onClear} aria-keyshortcuts="Escape">
        Clear selection
      </button>
      {error && (
        <p className={styles.bulkError} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

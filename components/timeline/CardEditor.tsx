"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import type * as Y from "yjs";
import { ZodError } from "zod";
import { useBoardValue } from "@/components/board/useBoardValue";
import { formatWhen, holdsNumericDate, otherReading, parseWhen, type NumericDateOrder } from "@/lib/board/dates";
import { addCard, readNumericDateOrder, setNumericDateOrder, updateCard } from "@/lib/board/model";
import { CREDIBILITY, RELIABILITY, type Card, type Grade } from "@/lib/board/schema";
import styles from "./CardEditor.module.css";
import { CREDIBILITY_MEANING, RELIABILITY_MEANING } from "@/lib/board/grade";
import { EMPTY_EVENT, EVENT_FIELDS, eventFieldOfIssue, eventFormValues, eventFromForm, type EventFormValues } from "./eventForm";

interface CardEditorProps {
  doc: Y.Doc;
  /** Recorded as a new card's author. */
  author: string;
  disabled: boolean;
  /** The card to edit; a new card when absent. */
  card?: Card;
  /** The undo origin of the pane, so the person can undo their own edits. */
  origin: object;
  onDone(cardId: string): void;
  onCancel?(): void;
}

interface FormValues extends EventFormValues {
  title: string;
  body: string;
  when: string;
  sourceTitle: string;
  sourceUrl: string;
  reliability: Grade["reliability"];
  credibility: Grade["credibility"];
  tags: string;
}

type Field = keyof FormValues;

/** A new card's source cannot be judged until someone grades it (the model's default too). */
const EMPTY: FormValues = { title: "", body: "", when: "", sourceTitle: "", sourceUrl: "", reliability: "F", credibility: 6, tags: "", ...EMPTY_EVENT };

function valuesOf(card: Card): FormValues {
  return {
    title: card.title,
    body: card.body,
    when: formatWhen(card.when),
    sourceTitle: card.source.title,
    sourceUrl: card.source.url,
    reliability: card.grade.reliability,
    credibility: card.grade.credibility,
    tags: card.tags.join(", "),
    ...eventFormValues(card.event),
  };
}

/** Where a schema issue points (its path in CardInput) → the form field it is about. */
const ISSUE_FIELDS: Record<string, Field> = {
  title: "title",
  body: "body",
  when: "when",
  "when.start": "when",
  "when.end": "when",
  "source.title": "sourceTitle",
  "source.url": "sourceUrl",
  "grade.reliability": "reliability",
  "grade.credibility": "credibility",
};

type Problems = Partial<Record<Field, string>> & { form?: string };

function problemsOf(error: unknown): Problems {
  if (!(error instanceof ZodError)) return { form: error instanceof Error ? error.message : String(error) };
  const problems: Problems = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".");
    const field = ISSUE_FIELDS[path] ?? (path.startsWith("tags") ? "tags" : eventFieldOfIssue(issue.path));
    if (field) problems[field] ??= issue.message;
    else problems.form ??= issue.message;
  }
  return problems;
}

const WHEN_HINT = 'e.g. "24 Feb 2019", "28/03/2019", "Feb 2019", "Q1 2019", "2019", "late February 2019", "early 2019", "first week of April 2019", "20–28 Feb 2019"';

const META: readonly ["meta"] = ["meta"];

/** "3 Apr 2019" for a day in `YYYY-MM-DD`. */
const dayText = (iso: string) => formatWhen({ start: iso, precision: "day" });


/**
 * Creates or edits a card. Values are validated by the model; when they do not hold, nothing is
 * written, the form keeps what was typed and shows each problem next to its field.
 */
export function CardEditor({ doc, author, disabled, card, origin, onDone, onCancel }: CardEditorProps) {
  const [values, setValues] = useState<FormValues>(() => (card ? valuesOf(card) : EMPTY));
  const [problems, setProblems] = useState<Problems>({});
  const [showEvent, setShowEvent] = useState(() => card?.event !== undefined);
  const titleRef = useRef<HTMLInputElement>(null);
  const whenRef = useRef<HTMLInputElement>(null);
  const baseId = useId();
  const set = <F extends Field>(field: F, value: FormValues[F]) => {
    setValues((v) => ({ ...v, [field]: value }));
    // What was wrong with the field is gone once it changes; the next save checks it again.
    setProblems((current) => (current[field] ? { ...current, [field]: undefined } : current));
  };
  const numericOrder = useBoardValue(doc, META, readNumericDateOrder, "day-first");
  const reading = parseWhen(values.when, { numericOrder });
  const other = reading ? otherReading(values.when, { numericOrder }) : null;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const when = parseWhen(values.when, { numericOrder });
    if (!when) {
      setProblems({ when: values.when.trim() === "" ? "a date is required" : `cannot read this date; ${WHEN_HINT}` });
      whenRef.current?.focus();
      return;
    }
    const details = eventFromForm(values, card?.event);
    if (Object.keys(details.problems).length > 0) {
      setProblems(details.problems);
      setShowEvent(true);
      return;
    }
    const fields = {
      // A card that had details and lost them all keeps an empty set: a patch cannot remove a field.
      ...(details.event ? { event: details.event } : card?.event ? { event: {} } : {}),
      title: values.title,
      body: values.body,
      when,
      source: { title: values.sourceTitle, url: values.sourceUrl.trim() },
      grade: { reliability: values.reliability, credibility: values.credibility },
      tags: [...new Set(values.tags.split(",").map((tag) => tag.trim()).filter(Boolean))],
    };
    let id = card?.id ?? "";
    try {
      if (card) updateCard(doc, card.id, fields, origin);
      else id = addCard(doc, fields, author, origin);
    } catch (error) {
      const found = problemsOf(error);
      setProblems(found);
      if (EVENT_FIELDS.some(({ key }) => found[key])) setShowEvent(true);
      if (found.when) whenRef.current?.focus();
      else if (found.title) titleRef.current?.focus();
      return;
    }
    setProblems({});
    if (!card) {
      setValues(EMPTY);
      titleRef.current?.focus();
    }
    onDone(id);
  }

  /** The field's error, shown right under it and tied to it for screen readers. */
  const error = (field: Field) =>
    problems[field] ? (
      <span id={`${baseId}-${field}`} className={styles.error} role="alert">
        {problems[field]}
      </span>
    ) : null;
  const aria = (field: Field) => ({
    "aria-invalid": problems[field] ? true : undefined,
    "aria-describedby": problems[field] ? `${baseId}-${field}` : undefined,
  });

  return (
    <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={card ? "Edit card" : "Add a card"}>
      <fieldset className={styles.fields} disabled={disabled}>
        <label className={`${styles.field} ${styles.wide}`}>
          <span className={styles.label}>Title</span>
          <input ref={titleRef} aria-label="Card title" {...aria("title")} value={values.title} onChange={(e) => set("title", e.target.value)} placeholder="What happened" />
          {error("title")}
        </label>
        <label className={`${styles.field} ${styles.wide}`}>
          <span className={styles.label}>When</span>
          <input ref={whenRef} aria-label="Card date" {...aria("when")} value={values.when} onChange={(e) => set("when", e.target.value)} placeholder={WHEN_HINT} />
          {error("when")}
          {reading && !problems.when && (
            <span className={styles.reading} data-testid="date-reading" aria-live="polite">
              Read as {formatWhen(reading)}
              {other && ` — ${numericOrder === "day-first" ? "day" : "month"} first on this board; could also be ${dayText(other)}`}
            </span>
          )}
        </label>
        {holdsNumericDate(values.when) && (
          <label className={`${styles.field} ${styles.wide}`}>
            <span className={styles.label}>Numeric dates on this board</span>
            <select
              aria-label="Numeric dates on this board"
              value={numericOrder}
              onChange={(e) => setNumericDateOrder(doc, e.target.value as NumericDateOrder)}
            >
              <option value="day-first">Day first (28/03/2019)</option>
              <option value="month-first">Month first (03/28/2019)</option>
            </select>
          </label>
        )}
        <label className={`${styles.field} ${styles.wide}`}>
          <span className={styles.label}>What the source says</span>
          <textarea aria-label="Card body" {...aria("body")} value={values.body} onChange={(e) => set("body", e.target.value)} rows={3} />
          {error("body")}
        </label>
        <label className={styles.field}>
          <span className={styles.label}>Source</span>
          <input aria-label="Source title" {...aria("sourceTitle")} value={values.sourceTitle} onChange={(e) => set("sourceTitle", e.target.value)} placeholder="Who reported it" />
          {error("sourceTitle")}
        </label>
        <label className={styles.field}>
          <span className={styles.label}>Source URL</span>
          <input type="url" inputMode="url" aria-label="Source URL" {...aria("sourceUrl")} value={values.sourceUrl} onChange={(e) => set("sourceUrl", e.target.value)} placeholder="https://" />
          {error("sourceUrl")}
        </label>
        <label className={styles.field}>
          <span className={styles.label}>Reliability</span>
          <select aria-label="Source reliability" value={values.reliability} onChange={(e) => set("reliability", e.target.value as Grade["reliability"])}>
            {RELIABILITY.map((letter) => (
              <option key={letter} value={letter}>
                {letter} – {RELIABILITY_MEANING[letter]}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span className={styles.label}>Credibility</span>
          <select aria-label="Information credibility" value={values.credibility} onChange={(e) => set("credibility", Number(e.target.value) as Grade["credibility"])}>
            {CREDIBILITY.map((digit) => (
              <option key={digit} value={digit}>
                {digit} – {CREDIBILITY_MEANING[digit]}
              </option>
            ))}
          </select>
        </label>
        <label className={`${styles.field} ${styles.wide}`}>
          <span className={styles.label}>Tags</span>
          <input aria-label="Card tags" {...aria("tags")} value={values.tags} onChange={(e) => set("tags", e.target.value)} placeholder="JNIM, attack" />
          {error("tags")}
        </label>
        <details className={`${styles.details} ${styles.wide}`} open={showEvent} onToggle={(e) => setShowEvent(e.currentTarget.open)}>
          <summary className={styles.summary}>Event details</summary>
          <div className={styles.fields}>
            {EVENT_FIELDS.map(({ key, label, placeholder }) => (
              <label key={key} className={styles.field}>
                <span className={styles.label}>{label}</span>
                <input
                  aria-label={label}
                  {...aria(key)}
                  inputMode={key === "fatalities" ? "numeric" : undefined}
                  value={values[key]}
                  onChange={(e) => set(key, e.target.value)}
                  placeholder={placeholder}
                />
                {error(key)}
              </label>
            ))}
            {card?.event?.extra && (
              <dl className={`${styles.extra} ${styles.wide}`} aria-label="Other properties from the imported file">
                {Object.entries(card.event.extra).map(([name, value]) => (
                  <div key={name}>
                    <dt>{name}</dt>
                    <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        </details>
        <div className={`${styles.actions} ${styles.wide}`}>
          {onCancel && (
            <button type="button" className={styles.cancel} onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className={styles.submit}>
            {card ? "Save card" : "Add card"}
          </button>
        </div>
      </fieldset>
      {problems.form && (
        <p className={styles.problems} role="alert">
          {problems.form}
        </p>
      )}
    </form>
  );
}

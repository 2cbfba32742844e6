"use client";
/** The claims that cite a pin or a card, in the item's panel; choosing one selects it. */
import { useCallback } from "react";
import type * as Y from "yjs";
import { useBoardUiActions } from "@/components/board/boardUi";
import { useBoardValue } from "@/components/board/useBoardValue";
import { claimsCiting, narrativeClaimTexts } from "@/lib/board/model";
import type { Claim, EvidenceRef } from "@/lib/board/schema";
import styles from "./Claims.module.css";

const PARTS = ["claims", "narrative", "pins", "cards"] as const;
const NONE: Array<{ claim: Claim; text: string }> = [];

export function CitingClaims({ doc, item }: { doc: Y.Doc; item: EvidenceRef }) {
  const { kind, id } = item;
  const read = useCallback(
    (d: Y.Doc) => {
      const texts = narrativeClaimTexts(d);
      return claimsCiting(d, { kind, id }).map((claim) => ({ claim, text: texts.get(claim.id) ?? "(not in the text)" }));
    },
    [kind, id],
  );
  const citing = useBoardValue(doc, PARTS, read, NONE);
  const ui = useBoardUiActions();
  return (
    <section className={styles.citing} aria-label="Claims citing this" data-testid="citing-claims">
      <h4 className={styles.subheading}>Cited by {citing.length === 1 ? "1 claim" : `${citing.length} claims`}</h4>
      {citing.length === 0 ? (
        <p className={styles.empty}>No claim cites this {item.kind} yet.</p>
      ) : (
        <ul className={styles.citingList}>
          {citing.map(({ claim, text }) => (
            <li key={claim.id}>
              <button
                type="button"
                onClick={() => {
                  ui.select({ kind: "claim", id: claim.id });
                  ui.showNarrativePanel("claims");
                }}
              >
                “{text}” <span className={styles.likelihood}>{claim.likelihood}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

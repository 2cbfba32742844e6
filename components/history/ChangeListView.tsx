"use client";
/**
 * A change list grouped by kind (map, timeline, narrative, claims, review): each change in one
 * line with who made it, a passage's words inserted and deleted, a button that shows it in place
 * and, where the live board can take it back, "Restore this pin" (card, claim).
 */
import { CHANGE_GROUPS, CHANGE_GROUP_LABELS, type Change, type ChangeList } from "@/lib/board/diff";
import { RESTORE_LABELS, restorableTarget } from "./historyModel";
import styles from "./history.module.css";

interface ChangeListViewProps {
  list: ChangeList;
  onShow(change: Change): void;
  /** Absent when this person may not restore, or the comparison does not end at the live board. */
  onRestore?(target: { kind: "pin" | "card" | "claim" | "area"; id: string }, what: string): void;
}

export function ChangeListView({ list, onShow, onRestore }: ChangeListViewProps) {
  if (list.changes.length === 0) return <p className={styles.muted}>No changes.</p>;
  return (
    <div className={styles.changeGroups} data-testid="change-list">
      {CHANGE_GROUPS.filter((group) => list.byGroup[group].length > 0).map((group) => (
        <section key={group} aria-label={CHANGE_GROUP_LABELS[group]} data-testid={`changes-${group}`}>
          <h4>
            {CHANGE_GROUP_LABELS[group]} <span className={styles.count}>{list.byGroup[group].length}</span>
          </h4>
          <ul className={styles.changes}>
            {list.byGroup[group].map((change) => {
              const target = restorableTarget(change);
              return (
                <li key={change.key} className={styles.change} data-testid="change" data-action={change.action}>
                  <button type="button" className={styles.changeSummary} onClick={() => onShow(change)}>
                    {change.summary}
                  </button>
                  <span className={styles.by} data-testid="change-authors">
                    {change.authors.length > 0 ? `by ${change.authors.map((a) => a.name).join(", ")}` : "by someone"}
                  </span>
                  {change.runs && change.group === "narrative" && (
                    <p className={styles.runs}>
                      {change.runs.map((run, i) =>
                        run.op === "insert" ? <ins key={i}>{run.text}</ins> : run.op === "delete" ? <del key={i}>{run.text}</del> : <span key={i}>{run.text}</span>,
                      )}
                    </p>
                  )}
                  {onRestore && target && (
                    <button type="button" className={styles.restore} onClick={() => onRestore(target, `${target.kind} “${titleOf(change)}”`)}>
                      {RESTORE_LABELS[target.kind]}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** The quoted title in a change's summary, for "Restored pin “Gao”". */
function titleOf(change: Change): string {
  return /“([^”]*)”/.exec(change.summary)?.[1] ?? change.target.kind;
}

import { memo, type CSSProperties } from "react";
import { AREA_KIND_LABELS, type Area } from "@/lib/board/schema";
import { AREA_COLOR } from "./areaStyle";
import styles from "./MapPane.module.css";

interface AreaListProps {
  areas: readonly Area[];
  /** Ids of the areas the map draws now (those holding in the time window). */
  shown: ReadonlySet<string>;
  selectedId: string | null;
  /** Areas of the card or claim selected elsewhere. */
  highlighted: readonly string[];
  onSelect(area: Area): void;
}

/**
 * The areas and routes as text: which exist, which the time window hides, which the selected card
 * links to. A way to reach each one without the pointer; choosing one opens it and shows it.
 */
export const AreaList = memo(function AreaList({ areas, shown, selectedId, highlighted, onSelect }: AreaListProps) {
  const marked = new Set(highlighted);
  return (
    <section className={styles.listSection} aria-label="Areas and routes">
      <h3 className={styles.listHeading}>
        Areas and routes <span className={styles.count}>{areas.length}</span>
      </h3>
      <ul className={styles.list} data-testid="area-list">
        {areas.map((area) => {
          const visible = shown.has(area.id);
          return (
            <li key={area.id}>
              <button
                type="button"
                className={styles.listItem}
                aria-current={area.id === selectedId ? "true" : undefined}
                data-area-id={area.id}
                data-shown={visible ? "true" : "false"}
                data-highlighted={marked.has(area.id) ? "true" : undefined}
                onClick={() => onSelect(area)}
                style={{ "--pin-color": AREA_COLOR[area.kind] } as CSSProperties}
              >
                <span className={styles.areaSwatch} aria-hidden="true" />
                <span className={styles.itemTitle}>{area.title}</span>
                <span className={styles.kind}>
                  {AREA_KIND_LABELS[area.kind]}
                  {visible ? "" : " · not in the window"}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
});

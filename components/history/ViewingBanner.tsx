"use client";
/** Says that the panes show a past version, read-only, and leads back to the live board. */
import { versionTime } from "./historyModel";
import type { ViewedVersion } from "./HistoryPanel";
import styles from "./history.module.css";

export function ViewingBanner({ viewing, onBack }: { viewing: ViewedVersion; onBack(): void }) {
  const { version } = viewing;
  return (
    <div className={styles.banner} role="status" data-testid="viewing-banner">
      <p>
        <strong>
          Viewing version of {versionTime(version.createdAt)}
          {version.name ? ` (“${version.name}”)` : ""} — read-only
        </strong>
      </p>
      <button type="button" onClick={onBack}>
        Back to live
      </button>
    </div>
  );
}

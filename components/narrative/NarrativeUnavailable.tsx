"use client";
/**
 * What the narrative pane shows instead of an editor that could not show the stored narrative:
 * a plain statement, read-only, and a way to try again. Never an empty editor, whose first
 * keystroke would be saved over the narrative everyone else sees.
 */
import { Component, type ErrorInfo, type ReactNode } from "react";
import styles from "./NarrativePane.module.css";

export function NarrativeUnavailable() {
  return (
    <section className={styles.pane} data-testid="narrative-pane" aria-label="Narrative" data-editable={false}>
      <header className={styles.header}>
        <h2 className={styles.heading}>Narrative</h2>
        <span className={styles.status}>Not shown</span>
      </header>
      <div className={styles.unavailable} role="alert">
        <p>
          <strong>The narrative could not be shown.</strong> To keep it safe, this page stopped before changing
          anything. Reload to try again.
        </p>
        <button type="button" className={styles.reload} onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </section>
  );
}

/** Catches whatever the narrative pane throws while rendering and shows NarrativeUnavailable instead. */
export class NarrativeErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error("[narrative] the narrative pane failed while rendering:", error, info.componentStack);
  }

  render(): ReactNode {
    return this.state.failed ? <NarrativeUnavailable /> : this.props.children;
  }
}

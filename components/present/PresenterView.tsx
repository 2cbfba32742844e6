"use client";
/**
 * What the presenter sees while presenting: the scene strip, the speaker notes of the current
 * scene and the title of the next, and who is following. ←/→ (and Page Up/Down) step through the
 * scenes, Esc stops.
 */
import { useEffect, useRef } from "react";
import { usePresentation } from "./PresentationProvider";
import styles from "./present.module.css";

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable='true']") !== null;

export function PresenterView() {
  const { presenting, scenes, step, goTo, stop, followers, summon, audience } = usePresentation();
  const strip = useRef<HTMLOListElement>(null);
  const presentingId = presenting?.id ?? null;

  // The current scene is always in view in the strip, however many scenes there are.
  useEffect(() => {
    const current = strip.current?.querySelector<HTMLElement>('[aria-current="step"]');
    current?.scrollIntoView({ block: "nearest", inline: "center", behavior: "instant" });
  }, [presentingId, scenes.length]);

  useEffect(() => {
    if (!presenting) return;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "ArrowRight" || event.key === "PageDown") step(1);
      else if (event.key === "ArrowLeft" || event.key === "PageUp") step(-1);
      else if (event.key === "Escape") stop();
      else return;
      // Caught before the map sees it: the map would otherwise also pan with the arrow keys.
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [presenting, step, stop]);

  if (!presenting) return null;
  const index = scenes.findIndex((scene) => scene.id === presenting.id);
  const next = scenes[index + 1];
  return (
    <section className={styles.presenter} aria-label="Presenter view" data-testid="presenter-view" data-scene-id={presenting.id}>
      <div className={styles.current}>
        <p className={styles.position}>
          Scene {index + 1} of {scenes.length}
        </p>
        <h2 data-testid="presented-scene">{presenting.title}</h2>
        <div className={styles.notes} role="region" aria-label="Speaker notes" tabIndex={0}>
          {presenting.notes || <span className={styles.hint}>No speaker notes.</span>}
        </div>
        <p className={styles.next}>{next ? `Next: ${next.title}` : "Last scene"}</p>
      </div>
      <nav className={styles.strip} aria-label="Scenes">
        <button type="button" onClick={() => step(-1)} disabled={index === 0} aria-label="Previous scene">
          ←
        </button>
        <ol ref={strip} data-testid="scene-strip">
          {scenes.map((scene, i) => (
            <li key={scene.id}>
              <button type="button" aria-current={scene.id === presenting.id ? "step" : undefined} onClick={() => goTo(scene.id)} title={scene.title}>
                <span>{i + 1}</span> {scene.title}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => step(1)} disabled={index === scenes.length - 1} aria-label="Next scene">
          →
        </button>
      </nav>
      <div className={styles.side}>
        <div data-testid="followers" aria-label="Following you">
          <strong>{followers.length === 0 ? "Nobody is following yet" : `Following you (${followers.length})`}</strong>
          <ul>
            {[...followers].sort((a, b) => a.user.name.localeCompare(b.user.name)).map((peer) => (
              <li key={peer.clientId} data-testid="follower">
                <span className={styles.dot} style={{ background: peer.user.color }} aria-hidden />
                {peer.user.name}
              </li>
            ))}
          </ul>
        </div>
        {audience > 0 && (
          <button type="button" onClick={summon} title="Everyone on the board follows you; each can stop following">
            Bring everyone to me ({audience})
          </button>
        )}
        <button type="button" className={styles.stop} onClick={stop}>
          Stop presenting
        </button>
      </div>
    </section>
  );
}

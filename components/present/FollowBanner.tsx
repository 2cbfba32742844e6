"use client";
/**
 * Tells everyone on the board who is presenting and lets them follow; while following, says which
 * scene is on and offers to step away or, after moving the map, to return to the presenter.
 */
import { usePresentation } from "./PresentationProvider";
import styles from "./present.module.css";

export function FollowBanner({ canFollow }: { canFollow: boolean }) {
  const { presenters, presenting, following, followed, follow, unfollow, returnToPresenter } = usePresentation();
  if (presenting || presenters.length === 0) return null;

  if (following && followed?.presenting) {
    const scene = followed.presenting;
    return (
      <div className={styles.banner} role="status" data-testid="follow-bar" data-scene-id={scene.sceneId} data-away={following.away}>
        <span className={styles.dot} style={{ background: followed.user.color }} aria-hidden />
        <span>
          Following {followed.user.name} · scene {scene.index + 1} of {scene.count}:{" "}
          <strong data-testid="followed-scene">{scene.title}</strong>
        </span>
        {following.away && (
          <button type="button" className={styles.primary} onClick={returnToPresenter}>
            Return to presenter
          </button>
        )}
        <button type="button" onClick={unfollow}>
          Stop following
        </button>
      </div>
    );
  }

  return (
    <div className={styles.banner} role="status" data-testid="presenting-banner">
      {presenters.map((peer) => (
        <span key={peer.clientId} className={styles.presenterOffer}>
          <span className={styles.dot} style={{ background: peer.user.color }} aria-hidden />
          {peer.user.name} is presenting
          {canFollow && (
            <>
              {" — "}
              <button type="button" className={styles.primary} onClick={() => follow(peer.clientId)} aria-label={`Follow ${peer.user.name}`}>
                Follow
              </button>
            </>
          )}
        </span>
      ))}
    </div>
  );
}

"use client";
/**
 * Presenting and following, for one person on a board. A presenter steps through the scenes and
 * shares where they are in their awareness (`present`: scene, map view, time window, focus,
 * narrative anchor); a follower's map, time window, focus and narrative track it until they move
 * the map by hand ("Return to presenter") or the presenter stops or leaves (they are released, and
 * get their own time window back). A presenter may bring everyone on the board to them: each
 * starts following and may stop again. Nothing here is written to the document.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { useBoardUi, useBoardUiActions } from "@/components/board/boardUi";
import { useBoardValue } from "@/components/board/useBoardValue";
import { usePeers, type MapPeer } from "@/components/map/useMapPresence";
import { listScenes } from "@/lib/board/model";
import type { Scene } from "@/lib/board/schema";
import { cappedFocus, readPresenting, type PresenterState } from "@/lib/collab/presence";
import { currentNarrativeAnchor, narrativeScroller, scrollNarrativeTo } from "./narrativeScroll";
import { SCENE_PARAM } from "./sceneLink";

const SCENE_PARTS = ["scenes"] as const;
const NO_SCENES: Scene[] = [];
/** A hand scroll of the presenter's narrative is shared once it has settled this long. */
const SCROLL_SETTLE_MS = 200;

export interface Following {
  clientId: number;
  /** The follower moved the map away and no longer tracks the presenter. */
  away: boolean;
}

export interface Presentation {
  scenes: Scene[];
  canPresent: boolean;
  /** The scene this person is presenting, or null. */
  presenting: Scene | null;
  start(sceneId?: string): void;
  stop(): void;
  goTo(sceneId: string): void;
  step(delta: 1 | -1): void;
  /** Applies a scene to this person's view only: fly there, its time window, focus and narrative. */
  show(scene: Scene): void;
  /** Other people presenting now. */
  presenters: MapPeer[];
  following: Following | null;
  followed: MapPeer | null;
  follow(clientId: number): void;
  unfollow(): void;
  returnToPresenter(): void;
  /** People following this person's presentation. */
  followers: MapPeer[];
  /** People on the board (presenting or not) who are not following this person's presentation. */
  audience: number;
  /** "Bring everyone to me": everyone on the board who may follow starts following this presentation. */
  summon(): void;
}

const PresentationContext = createContext<Presentation | null>(null);

export function usePresentation(): Presentation {
  const value = useContext(PresentationContext);
  if (!value) throw new Error("usePresentation must be used inside a PresentationProvider");
  return value;
}

interface ProviderProps {
  doc: Y.Doc;
  awareness: Awareness;
  loading: boolean;
  canPresent: boolean;
  /** May follow a presenter (and so be brought to one). */
  canFollow?: boolean;
  /** Called when this person starts presenting: the board records the version the briefing shows. */
  onStart?: () => void;
  children: ReactNode;
}

const sameView = (a: PresenterState["view"], b: PresenterState["view"]) =>
  a.lng === b.lng && a.lat === b.lat && a.zoom === b.zoom && a.bearing === b.bearing && a.pitch === b.pitch;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function PresentationProvider({ doc, awareness, loading, canPresent, canFollow = true, onStart, children }: ProviderProps) {
  const scenes = useBoardValue(doc, SCENE_PARTS, listScenes, NO_SCENES);
  const peers = usePeers(awareness);
  const ui = useBoardUiActions();
  const mapView = useBoardUi((state) => state.mapView);
  const movedByHand = useBoardUi((state) => state.mapMovedByHand);
  const timeWindow = useBoardUi((state) => state.timeWindow);
  const ownTimeWindow = useRef(timeWindow);

  const show = useCallback(
    (scene: Pick<Scene, "view" | "timeWindow" | "focus" | "narrativeAnchor">, fly = true) => {
      ui.moveCamera(scene.view, fly);
      ui.setTimeWindow(scene.timeWindow);
      ui.select(null);
      ui.setFocus(scene.focus);
      scrollNarrativeTo(scene.narrativeAnchor, fly);
    },
    [ui],
  );

  const [following, setFollowing] = useState<Following | null>(null);

  // ------------------------------------------------------------ presenting
  const [presentingId, setPresentingId] = useState<string | null>(null);
  const presentingIndex = presentingId ? scenes.findIndex((scene) => scene.id === presentingId) : -1;
  const presenting = presentingIndex >= 0 ? scenes[presentingIndex] : null;
  const shared = useRef<PresenterState | null>(null);
  const handMoved = useRef(false);
  const enteredFullscreen = useRef(false);
  const summons = useRef(0);

  const share = useCallback(
    (state: PresenterState | null) => {
      shared.current = state;
      awareness.setLocalStateField("present", state);
    },
    [awareness],
  );

  const stop = useCallback(() => {
    setPresentingId(null);
    share(null);
    ui.setFocus(null);
    if (enteredFullscreen.current && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    enteredFullscreen.current = false;
  }, [share, ui]);

  const start = useCallback(
    (sceneId?: string) => {
      if (!canPresent || scenes.length === 0) return;
      onStart?.();
      setFollowing(null);
      setPresentingId(sceneId ?? scenes[0].id);
      const root = document.documentElement;
      if (!document.fullscreenElement && root.requestFullscreen) {
        root.requestFullscreen().then(
          () => (enteredFullscreen.current = true),
          () => {}, // not allowed here (an iframe, a browser setting): the presenting layout still applies
        );
      }
    },
    [canPresent, scenes, onStart],
  );

  const step = useCallback(
    (delta: 1 | -1) => {
      if (presentingIndex < 0) return;
      const next = scenes[Math.max(0, Math.min(scenes.length - 1, presentingIndex + delta))];
      setPresentingId(next.id);
    },
    [presentingIndex, scenes],
  );

  // The presented scene (or its content) changed: show it here and share it. The effect runs on a
  // change of content, not of identity: scenes are read anew from the document on every update.
  const sceneKey = presenting ? JSON.stringify({ scene: presenting, index: presentingIndex, count: scenes.length }) : null;
  useEffect(() => {
    if (!sceneKey) return;
    const { scene, index, count } = JSON.parse(sceneKey) as { scene: Scene; index: number; count: number };
    handMoved.current = false;
    show(scene, true);
    share({
      sceneId: scene.id,
      title: scene.title,
      index,
      count,
      view: scene.view,
      timeWindow: scene.timeWindow,
      focus: cappedFocus(scene.focus),
      narrativeAnchor: scene.narrativeAnchor,
      ...(summons.current > 0 ? { summon: summons.current } : {}),
    });
  }, [sceneKey, show, share]);

  const summon = useCallback(() => {
    const current = shared.current;
    if (!current) return;
    summons.current += 1;
    share({ ...current, summon: summons.current });
  }, [share]);

  // The presented scene was deleted: nothing is presented any more, so nothing is shared.
  useEffect(() => {
    if (presentingId && !presenting && !loading && shared.current) share(null);
  }, [presentingId, presenting, loading, share]);

  // Leaving full screen (the browser's own Esc) ends the presentation.
  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement && enteredFullscreen.current) stop();
    };
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, [stop]);

  // A presenter who pans shares the live view from then on (until the next scene).
  const seenMovesAsPresenter = useRef(movedByHand);
  useEffect(() => {
    if (movedByHand === seenMovesAsPresenter.current) return;
    seenMovesAsPresenter.current = movedByHand;
    if (presentingId) handMoved.current = true;
  }, [movedByHand, presentingId]);
  useEffect(() => {
    const current = shared.current;
    if (!presentingId || !handMoved.current || !current || !mapView || sameView(current.view, mapView)) return;
    share({ ...current, view: mapView });
  }, [mapView, presentingId, share]);

  // A presenter who scrolls the narrative by hand shares the section they reached.
  useEffect(() => {
    const scroller = presentingId ? narrativeScroller() : null;
    if (!scroller) return;
    let byHand = false;
    let settle: ReturnType<typeof setTimeout> | null = null;
    const markHand = () => (byHand = true);
    const onScroll = () => {
      if (!byHand) return;
      if (settle) clearTimeout(settle);
      settle = setTimeout(() => {
        const anchor = currentNarrativeAnchor();
        const current = shared.current;
        if (current && anchor && anchor !== current.narrativeAnchor) share({ ...current, narrativeAnchor: anchor });
      }, SCROLL_SETTLE_MS);
    };
    const handEvents = ["wheel", "touchstart", "pointerdown", "keydown"] as const;
    for (const type of handEvents) scroller.addEventListener(type, markHand, { passive: true });
    scroller.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      if (settle) clearTimeout(settle);
      for (const type of handEvents) scroller.removeEventListener(type, markHand);
      scroller.removeEventListener("scroll", onScroll);
    };
  }, [presentingId, share]);

  // ------------------------------------------------------------ following
  const presenters = useMemo(() => peers.filter((peer) => peer.presenting), [peers]);
  const followed = following ? (presenters.find((peer) => peer.clientId === following.clientId) ?? null) : null;
  const followers = useMemo(() => peers.filter((peer) => peer.following === awareness.clientID), [peers, awareness]);
  const applied = useRef<PresenterState | null>(null);

  // The time window this person had before following: theirs again once they stop.
  const followingNow = following !== null;
  useEffect(() => {
    if (!followingNow) ownTimeWindow.current = timeWindow;
  }, [followingNow, timeWindow]);

  const follow = useCallback((clientId: number) => {
    applied.current = null;
    setFollowing({ clientId, away: false });
  }, []);
  const unfollow = useCallback(() => {
    setFollowing(null);
    ui.setFocus(null);
    ui.setTimeWindow(ownTimeWindow.current);
  }, [ui]);
  const returnToPresenter = useCallback(() => {
    applied.current = null;
    setFollowing((current) => current && { ...current, away: false });
  }, []);

  const followedId = followed?.clientId ?? null;
  useEffect(() => {
    // Only a change is sent: a board's audience may be hundreds of people.
    if ((awareness.getLocalState()?.following ?? null) !== followedId) awareness.setLocalStateField("following", followedId);
  }, [awareness, followedId]);

  // The presenter stopped or left: the follower is released.
  useEffect(() => {
    if (!following) return;
    const check = () => {
      const state = awareness.getStates().get(following.clientId);
      if (!state || !readPresenting(state)) unfollow();
    };
    check();
    awareness.on("change", check);
    return () => awareness.off("change", check);
  }, [awareness, following, unfollow]);

  // Track the presenter: a new scene flies there; a live pan or scroll follows at once.
  const state = followed?.presenting ?? null;
  useEffect(() => {
    if (!state || !following || following.away) return;
    const last = applied.current;
    const newScene = !last || last.sceneId !== state.sceneId;
    if (newScene || !sameView(last.view, state.view)) ui.moveCamera(state.view, newScene);
    if (newScene || !sameJson(last.timeWindow, state.timeWindow)) ui.setTimeWindow(state.timeWindow);
    if (newScene || !sameJson(last.focus, state.focus)) {
      ui.select(null);
      ui.setFocus(state.focus);
    }
    if (newScene || last.narrativeAnchor !== state.narrativeAnchor) scrollNarrativeTo(state.narrativeAnchor, true);
    applied.current = state;
  }, [state, following, ui]);

  // "Bring everyone to me": a presenter's summon that rises while this person is on the board makes
  // them follow (or return to) that presenter. Summons made before they came are not acted on.
  const seenSummons = useRef(new Map<number, number>());
  const followingId = following?.clientId ?? null;
  const mayBeSummoned = canFollow && !loading && !presentingId;
  useEffect(() => {
    const seen = seenSummons.current;
    const check = () => {
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const presenting = readPresenting(state);
        if (!presenting) continue;
        const raised = presenting.summon ?? 0;
        const before = seen.get(clientId);
        seen.set(clientId, raised);
        // First seen (came to the board after it was made), not raised, or not to be followed now.
        if (before === undefined || raised <= before || !mayBeSummoned) continue;
        if (followingId === clientId) returnToPresenter();
        else follow(clientId);
      }
    };
    check();
    awareness.on("change", check);
    return () => awareness.off("change", check);
  }, [awareness, mayBeSummoned, followingId, follow, returnToPresenter]);

  const audience = useMemo(() => {
    if (!presentingId) return 0;
    const people = new Set(peers.filter((peer) => peer.following !== awareness.clientID && peer.user.id).map((peer) => peer.user.id));
    return people.size;
  }, [peers, presentingId, awareness]);

  // A follower who moves the map by hand steps away from the presenter.
  const seenMovesAsFollower = useRef(movedByHand);
  useEffect(() => {
    if (movedByHand === seenMovesAsFollower.current) return;
    seenMovesAsFollower.current = movedByHand;
    setFollowing((current) => (current && !current.away ? { ...current, away: true } : current));
  }, [movedByHand]);

  // ------------------------------------------------------------ a link to a scene
  const linked = useRef(false);
  useEffect(() => {
    if (loading || linked.current) return;
    linked.current = true;
    const sceneId = new URLSearchParams(window.location.search).get(SCENE_PARAM);
    const scene = sceneId ? scenes.find((s) => s.id === sceneId) : null;
    if (scene) show(scene, false);
  }, [loading, scenes, show]);

  // Leaving the board ends a presentation and a follow for the others at once.
  useEffect(
    () => () => {
      const local = awareness.getLocalState();
      if (local?.present) awareness.setLocalStateField("present", null);
      if (local?.following != null) awareness.setLocalStateField("following", null);
    },
    [awareness],
  );

  const value = useMemo<Presentation>(
    () => ({
      scenes,
      canPresent,
      presenting,
      start,
      stop,
      goTo: (sceneId) => setPresentingId(sceneId),
      step,
      show,
      presenters,
      following: followed ? following : null,
      followed,
      follow,
      unfollow,
      returnToPresenter,
      followers,
      audience,
      summon,
    }),
    [scenes, canPresent, presenting, start, stop, step, show, presenters, following, followed, follow, unfollow, returnToPresenter, followers, audience, summon],
  );
  return <PresentationContext.Provider value={value}>{children}</PresentationContext.Provider>;
}

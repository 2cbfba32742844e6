import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import type { PresenceUser } from "@/lib/collab/presence";

/** The person at this keyboard as others see them (the awareness `user` field). */
export type BoardUser = PresenceUser;

/** What every pane of the board receives from the shell. */
export interface BoardPaneProps {
  doc: Y.Doc;
  awareness: Awareness;
  user: BoardUser;
  /** True until the server has sent the stored board; panes show it but accept no writes. */
  loading: boolean;
  /** False for people who may only read; panes hide or disable their editing controls. */
  canEdit: boolean;
}

/** The ids of the panes' regions: the skip links' targets (BoardShell), set by each pane on its region. */
export const PANE_IDS = { map: "pane-map", timeline: "pane-timeline", narrative: "pane-narrative" } as const;

/**
 * What a device holds that the server never confirmed: the board entries this person's own client
 * ids changed beyond the server's committed state vector, in words (for someone who lost access
 * while offline, so their changes are listed and exportable instead of silently dropped).
 */
import * as Y from "yjs";
import { AREA_KIND_LABELS, BOARD_ROOT } from "../schema";
import { getArea } from "./areas";
import { getCard } from "./cards";
import { getHypothesis } from "./hypotheses";
import { getPin } from "./pins";
import type { BoardPart } from "./roots";

export interface UnsavedChange {
  part: BoardPart;
  /** The pin, card, claim or scene id, when the change is inside one. */
  id: string | null;
  /** What changed, in words: `Pin “Ségou”`, `Narrative: “text typed”`. */
  label: string;
}

const MAX_TEXT = 200;
const PART_OF_ROOT = new Map<string, BoardPart>(Object.entries(BOARD_ROOT).map(([part, root]) => [root, part as BoardPart]));

/**
 * The entries of `doc` changed by `ownClients` beyond `serverStateVector` (an encoded state
 * vector; null when the server never confirmed anything), one per entry, in the order written.
 */
export function listUnsavedChanges(doc: Y.Doc, ownClients: Iterable<number>, serverStateVector: Uint8Array | null): UnsavedChange[] {
  const server = serverStateVector ? Y.decodeStateVector(serverStateVector) : new Map<number, number>();
  const rootNames = new Map<unknown, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);

  const found = new Map<string, { part: BoardPart; id: string | null; text: string }>();
  for (const client of ownClients) {
    const from = server.get(client) ?? 0;
    for (const struct of doc.store.clients.get(client) ?? []) {
      if (!(struct instanceof Y.Item) || struct.id.clock + struct.length <= from) continue;
      const place = placeOf(struct, rootNames);
      if (!place) continue;
      const key = `${place.part}/${place.id ?? ""}`;
      const entry = found.get(key) ?? { ...place, text: "" };
      if (!struct.deleted && struct.content instanceof Y.ContentString) entry.text += struct.content.str;
      found.set(key, entry);
    }
  }
  return Array.from(found.values(), ({ part, id, text }) => ({ part, id, label: describe(doc, part, id, text) }));
}

/** The board part and entry an item belongs to, found by walking up to its root type. */
function placeOf(item: Y.Item, rootNames: Map<unknown, string>): { part: BoardPart; id: string | null } | null {
  let top: Y.Item = item;
  let parent = item.parent;
  while (parent instanceof Y.AbstractType && parent._item) {
    top = parent._item;
    parent = parent._item.parent;
  }
  if (!(parent instanceof Y.AbstractType)) return null;
  const part = PART_OF_ROOT.get(rootNames.get(parent) ?? "");
  if (!part) return null;
  const id = part === "meta" || part === "narrative" ? null : (top.parentSub ?? null);
  return { part, id };
}

function describe(doc: Y.Doc, part: BoardPart, id: string | null, text: string): string {
  const quoted = text.length > MAX_TEXT ? `“${text.slice(0, MAX_TEXT)}…”` : `“${text}”`;
  switch (part) {
    case "meta":
      return "Title or question";
    case "narrative":
      return text ? `Narrative: ${quoted}` : "Narrative (formatting or deletions)";
    case "pins": {
      const pin = id ? getPin(doc, id) : null;
      return pin ? `Pin “${pin.title}”` : "A pin (since removed)";
    }
    case "cards": {
      const card = id ? getCard(doc, id) : null;
      return card ? `Card “${card.title}”` : "A card (since removed)";
    }
    case "claims":
      return "A claim's grading or evidence";
    case "scenes":
      return "Scenes";
    case "hypotheses": {
      const hypothesis = id ? getHypothesis(doc, id) : null;
      return hypothesis ? `Hypothesis “${hypothesis.title}”` : "A hypothesis (since removed)";
    }
    case "ratings":
      return "Ratings in the hypotheses matrix";
    case "areas": {
      const area = id ? getArea(doc, id) : null;
      return area ? `${AREA_KIND_LABELS[area.kind]} “${area.title}”` : "An area or route (since removed)";
    }
  }
}

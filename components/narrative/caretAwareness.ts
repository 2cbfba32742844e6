/**
 * The board's awareness as the caret extension sees it. Its cursor plugin turns every other
 * person's `cursor` into Yjs positions while the narrative renders, and a malformed one (from an
 * old or hostile client, or a server that let it through) throws there: the editor would show an
 * empty narrative that the first keystroke saves. So the states it reads are read through the
 * presence schema first: a bad cursor is ignored, its person still shown where they are known.
 */
import type { Awareness } from "y-protocols/awareness";
import { readPresence } from "@/lib/collab/presence";

type State = Record<string, unknown>;

/** `awareness`, but every state it hands out has only well-formed presence fields. */
export function caretAwareness(awareness: Awareness): Awareness {
  // States are replaced, never changed in place, on every update: each is read once.
  const read = new WeakMap<State, State>();
  const states = () => {
    const clean = new Map<number, State>();
    awareness.getStates().forEach((state, clientId) => {
      let presence = read.get(state);
      if (!presence) read.set(state, (presence = readPresence(state)));
      clean.set(clientId, presence);
    });
    return clean;
  };
  return new Proxy(awareness, {
    get(target, key) {
      if (key === "getStates") return states;
      if (key === "states") return states();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The version actions and the version reader as the history UI calls them. Actions answer
 * `{ ok, … }` or `{ ok: false, error }` with a sentence to show; `fetchVersion` throws such a
 * sentence.
 */
import {
  listVersions as listVersionsAction,
  recordBriefedVersion as recordBriefedAction,
  saveNamedVersion as saveNamedAction,
  type ListVersionsResult,
  type VersionResult,
} from "@/app/boards/[boardId]/version-actions";

export type { ClientIdPeople, ListedVersion, ListVersionsResult, VersionKind, VersionResult, VersionSummary } from "@/app/boards/[boardId]/version-actions";

const UNREACHABLE = "The server could not be reached. Try again.";

async function call<T extends { ok: boolean }>(action: () => Promise<T>): Promise<T | { ok: false; error: string }> {
  try {
    return await action();
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}

/** The board's versions, newest first, and who owns each Yjs client id (to name who made a change). */
export function listVersions(boardId: string): Promise<ListVersionsResult> {
  return call(() => listVersionsAction({ boardId }));
}

/** Saves the board as it is now under `name` (owners and editors). */
export function saveNamedVersion(boardId: string, name: string): Promise<VersionResult> {
  return call(() => saveNamedAction({ boardId, name }));
}

/** Records the version a briefing showed; repeated within a minute, answers the one already recorded. */
export function recordBriefedVersion(boardId: string, reason: "printed" | "presented"): Promise<VersionResult> {
  return call(() => recordBriefedAction({ boardId, reason }));
}

/** The board and review states of one version (each one Yjs update, to apply to an empty Y.Doc). */
export async function fetchVersion(boardId: string, versionId: string): Promise<{ board: Uint8Array; review: Uint8Array }> {
  const part = async (which: "board" | "review") => {
    let response: Response;
    try {
      response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/versions/${encodeURIComponent(versionId)}?part=${which}`);
    } catch {
      throw new Error(UNREACHABLE);
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string } | null;
      throw new Error(body?.error ?? `The version could not be read (${response.status}).`);
    }
    return new Uint8Array(await response.arrayBuffer());
  };
  const [board, review] = await Promise.all([part("board"), part("review")]);
  return { board, review };
}

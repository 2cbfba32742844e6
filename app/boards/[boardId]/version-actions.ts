"use server";
/**
 * Versions of a board as the app sees them: list them (with who wrote what), save a named one,
 * record the one a briefing showed. Versions made here are taken from the store (board and review
 * rooms as committed), since Next never loads the collaboration server; the server makes the
 * automatic ones. The states of one version are read through the route handler
 * app/api/boards/[boardId]/versions/[versionId].
 */
import { z } from "zod";
import { ActionError, boardAction, type ActionResult } from "@/lib/auth/action";
import { IdSchema } from "@/lib/board/schema";
import type { VersionSummary } from "@/lib/db/versions";

export type { VersionKind, VersionSummary } from "@/lib/db/versions";

/** A version as the history panel lists it: with the names of its authors and maker. */
export type ListedVersion = VersionSummary & { authorNames: string[]; createdByName: string | null };

/** Who wrote with each Yjs client id of the board (decimal client id → person). */
export type ClientIdPeople = Record<string, { id: string; name: string }>;

export type ListVersionsResult = ActionResult<{ versions: ListedVersion[]; people: ClientIdPeople }>;
export type VersionResult = ActionResult<{ version: VersionSummary }>;

/** Longest name of a named version. */
const MAX_NAME = 120;

/** A briefing printed or presented again within this time records no second version. */
const BRIEFED_EVERY_MS = 60_000;

/** Name shown for someone whose account is gone. */
const UNKNOWN_PERSON = "Former member";

const listing = boardAction(z.object({ boardId: IdSchema }), "versions:view", async ({ boardId }, { database }) => {
  const [versions, owners] = await Promise.all([database.versions.list(boardId), database.clientIds.owners(boardId)]);
  const ids = new Set<string>(owners.values());
  for (const version of versions) {
    for (const author of version.authors) ids.add(author);
    if (version.createdBy) ids.add(version.createdBy);
  }
  const names = await database.users.names(Array.from(ids));
  const nameOf = (id: string) => names.get(id) ?? UNKNOWN_PERSON;
  const people: ClientIdPeople = {};
  for (const [clientId, userId] of owners) people[String(clientId)] = { id: userId, name: nameOf(userId) };
  return {
    versions: versions.map((version) => ({
      ...version,
      authorNames: version.authors.map(nameOf),
      createdByName: version.createdBy ? nameOf(version.createdBy) : null,
    })),
    people,
  };
});

/** The board's versions, newest first, with their authors' names and who owns each client id. */
export async function listVersions(input: { boardId: string }): Promise<ListVersionsResult> {
  return listing(input);
}

const saveNamed = boardAction(
  z.object({
    boardId: IdSchema,
    name: z
      .string()
      .trim()
      .min(1, "Give the version a name.")
      .max(MAX_NAME, `A version's name can be at most ${MAX_NAME} characters.`),
  }),
  "versions:save",
  async ({ boardId, name }, { user, database }) => {
    const version = await database.versions.recordStored({ boardId, kind: "named", name, createdBy: user.id });
    if (!version) throw new ActionError("The version could not be saved. Try again.");
    return { version };
  },
);

/** Saves the board as it is now as a version with a name ("Before the Monday brief"); kept for good. */
export async function saveNamedVersion(input: { boardId: string; name: string }): Promise<VersionResult> {
  return saveNamed(input);
}

const BRIEFED_NAMES = { printed: "Briefing printed", presented: "Briefing presented" } as const;

/** Per board, the recording under way in this process: a burst of clicks records once. */
const briefing = new Map<string, Promise<VersionSummary>>();

const recordBriefed = boardAction(
  z.object({ boardId: IdSchema, reason: z.enum(["printed", "presented"], "A briefing is either printed or presented.") }),
  "versions:brief",
  async ({ boardId, reason }, { user, database }) => {
    const under = briefing.get(boardId);
    if (under) return { version: await under };
    const work = (async () => {
      const latest = await database.versions.latest(boardId, "briefed");
      if (latest && Date.now() - latest.createdAt < BRIEFED_EVERY_MS) {
        const { id, kind, name, createdAt, createdBy, authors, bytes } = latest;
        return { id, boardId, kind, name, createdAt, createdBy, authors, bytes };
      }
      const version = await database.versions.recordStored({ boardId, kind: "briefed", name: BRIEFED_NAMES[reason], createdBy: user.id });
      if (!version) throw new ActionError("The briefing's version could not be recorded.");
      return version;
    })();
    briefing.set(boardId, work);
    try {
      return { version: await work };
    } finally {
      briefing.delete(boardId);
    }
  },
);

/**
 * Records the version a briefing showed (printed or presented): at most one a minute per board,
 * so repeated clicks answer with the version already recorded.
 */
export async function recordBriefedVersion(input: { boardId: string; reason: "printed" | "presented" }): Promise<VersionResult> {
  return recordBriefed(input);
}

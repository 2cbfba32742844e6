import { describe, expect, it } from "vitest";
import { cellTargetId } from "@/lib/board/schema";
import { notificationHeadline, notificationPath, parseSelectParam } from "./notifications";

describe("where a notification leads", () => {
  it("selects a claim, pin or card; a cell's card; the board itself for a hypothesis or nothing", () => {
    expect(notificationPath({ boardId: "board123", target: { kind: "claim", id: "c1" } })).toBe("/boards/board123?select=claim:c1");
    expect(notificationPath({ boardId: "board123", target: { kind: "cell", id: cellTargetId("card1", "hyp1") } })).toBe("/boards/board123?select=card:card1");
    expect(notificationPath({ boardId: "board123", target: { kind: "hypothesis", id: "hyp1" } })).toBe("/boards/board123");
    expect(notificationPath({ boardId: "board123", target: null })).toBe("/boards/board123");
    expect(parseSelectParam("card:card1")).toEqual({ kind: "card", id: "card1" });
    expect(parseSelectParam("cell:card1-hyp1")).toBeNull();
    expect(parseSelectParam("claim:../x")).toBeNull();
  });

  it("says what happened in one line", () => {
    expect(notificationHeadline({ kind: "mention", actor: { id: "u1", name: "Rita" }, target: { kind: "cell", id: "a-b" } })).toBe(
      "Rita mentioned you on a cell of the hypotheses matrix",
    );
    expect(notificationHeadline({ kind: "at-risk", actor: null, target: { kind: "claim", id: "c1" } })).toBe("Your claim is at risk");
  });
});

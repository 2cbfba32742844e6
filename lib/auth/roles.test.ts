import { describe, expect, it } from "vitest";
import { can, higherRole, ROLES, SHARE_LINK_ROLES, ShareLinkRoleSchema, type Action } from "./roles";

const EXPECTED: Record<Action, string[]> = {
  "board:read": ["owner", "editor", "reviewer", "viewer"],
  "board:edit": ["owner", "editor"],
  "board:present": ["owner", "editor"],
  "board:delete": ["owner"],
  "members:manage": ["owner"],
  "review:comment": ["owner", "editor", "reviewer"],
  "review:verdict": ["owner", "reviewer"],
  "presentation:follow": ["owner", "editor", "reviewer", "viewer"],
  "versions:view": ["owner", "editor", "reviewer", "viewer"],
  "versions:save": ["owner", "editor"],
  "versions:brief": ["owner", "editor", "reviewer", "viewer"],
};

describe("can", () => {
  for (const [action, allowed] of Object.entries(EXPECTED) as Array<[Action, string[]]>) {
    it(`lets exactly ${allowed.join(", ")} ${action}`, () => {
      expect(ROLES.filter((role) => can(role, action))).toEqual(allowed);
    });
  }

  it("lets someone without a role do nothing", () => {
    expect(can(null, "board:read")).toBe(false);
    expect(can(undefined, "presentation:follow")).toBe(false);
  });
});

describe("higherRole", () => {
  it("keeps the role with more rights, whichever comes first", () => {
    expect(higherRole("viewer", "editor")).toBe("editor");
    expect(higherRole("owner", "reviewer")).toBe("owner");
    expect(higherRole("reviewer", "viewer")).toBe("reviewer");
  });
});

describe("share link roles", () => {
  it("never include ownership", () => {
    expect(SHARE_LINK_ROLES).toEqual(["editor", "reviewer", "viewer"]);
    expect(ShareLinkRoleSchema.safeParse("owner").success).toBe(false);
  });
});

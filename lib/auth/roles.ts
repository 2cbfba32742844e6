/**
 * Board roles and what each may do: one table, one `can`. The collaboration server and the route
 * handlers enforce it; the UI only mirrors it.
 */
import * as z from "zod";

export const ROLES = ["owner", "editor", "reviewer", "viewer"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Roles a share link may grant: ownership is only ever given to a named person. */
export const SHARE_LINK_ROLES = ["editor", "reviewer", "viewer"] as const satisfies readonly Role[];
export const ShareLinkRoleSchema = z.enum(SHARE_LINK_ROLES);

const PERMISSIONS = {
  owner: [
    "board:read",
    "board:edit",
    "board:present",
    "board:delete",
    "members:manage",
    "review:comment",
    "review:verdict",
    "presentation:follow",
    "versions:view",
    "versions:save",
    "versions:brief",
  ],
  editor: ["board:read", "board:edit", "board:present", "review:comment", "presentation:follow", "versions:view", "versions:save", "versions:brief"],
  reviewer: ["board:read", "review:comment", "review:verdict", "presentation:follow", "versions:view", "versions:brief"],
  viewer: ["board:read", "presentation:follow", "versions:view", "versions:brief"],
} as const satisfies Record<Role, readonly string[]>;

export type Action = (typeof PERMISSIONS)[Role][number];

/** Whether `role` may perform `action`; no role (not a member) may do nothing. */
export function can(role: Role | null | undefined, action: Action): boolean {
  return role != null && (PERMISSIONS[role] as readonly string[]).includes(action);
}

/** How a role is shown to people. */
export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  editor: "Editor",
  reviewer: "Reviewer",
  viewer: "Viewer",
};

/** Orders roles by rights, so that joining through a link never lowers an existing role. */
export function higherRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

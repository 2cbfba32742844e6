/** How a person appears to others on a board: the awareness `user` field. */

const COLORS = ["#d9480f", "#1971c2", "#2f9e44", "#9c36b5", "#e67700", "#0c8599", "#c2255c", "#5f3dc4"];

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** A stable colour per person, the same in every browser and on the server. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

/** The presence of a signed-in person. */
export function presenceOf(user: { id: string; name: string }): PresenceUser {
  return { id: user.id, name: user.name, color: colorFor(user.id) };
}

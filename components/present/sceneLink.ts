/** `?scene=<sceneId>` in a board's address opens the board at that scene. */

export const SCENE_PARAM = "scene";

/** The board's address (without other view parameters) that opens `sceneId`. */
export function sceneUrl(href: string, sceneId: string): string {
  const url = new URL(href);
  url.search = "";
  url.hash = "";
  url.searchParams.set(SCENE_PARAM, sceneId);
  return url.toString();
}

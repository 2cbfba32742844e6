/**
 * The shareable view of a board's map: `?view=lng,lat,zoom` in the board's URL opens the map
 * there. Values out of range are refused rather than clamped, so a mangled link falls back to the
 * default view instead of opening somewhere unexpected.
 */

export interface ViewParam {
  longitude: number;
  latitude: number;
  zoom: number;
}

export const VIEW_PARAM = "view";

export function parseViewParam(value: string | null): ViewParam | null {
  if (!value) return null;
  const parts = value.split(",").map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [longitude, latitude, zoom] = parts;
  if (Math.abs(longitude) > 180 || Math.abs(latitude) > 85 || zoom < 0 || zoom > 22) return null;
  return { longitude, latitude, zoom };
}

/** Five decimals of a degree is about a metre; two of a zoom level is finer than a person notices. */
export function formatViewParam(view: ViewParam): string {
  return [view.longitude.toFixed(5), view.latitude.toFixed(5), view.zoom.toFixed(2)].join(",");
}

/** The current page's address with the view set, other parameters kept. */
export function shareableUrl(href: string, view: ViewParam): string {
  const url = new URL(href);
  url.searchParams.set(VIEW_PARAM, formatViewParam(view));
  return url.toString();
}

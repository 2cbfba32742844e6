/**
 * The symbol of each pin kind, drawn once on a canvas and registered with the map as an image:
 * the style has no sprite (it would be another file to ship), and a shape tells kinds apart for
 * people who cannot tell the colours apart.
 */
import type { Pin } from "@/lib/board/schema";

/** One colour per pin kind, shared by the map layers, the legend and the pin list. */
export const PIN_COLOR: Record<Pin["kind"], string> = {
  event: "#d1495b",
  place: "#2e6fb7",
  actor: "#7a4fb0",
};

export const KIND_LABEL: Record<Pin["kind"], string> = {
  event: "Event",
  place: "Place",
  actor: "Actor",
};

/** Image ids in the map style are this prefix and the kind. */
export const SYMBOL_PREFIX = "pin-";

const SIZE = 22;
const RATIO = 2;

/** The outline of a kind's symbol in a `SIZE`-pixel square: event ▲, place ●, actor ◆. */
export function tracePinShape(ctx: CanvasRenderingContext2D, kind: Pin["kind"], size = SIZE): void {
  const c = size / 2;
  const r = size / 2 - 2;
  ctx.beginPath();
  if (kind === "event") {
    ctx.moveTo(c, c - r);
    ctx.lineTo(c + r, c + r * 0.8);
    ctx.lineTo(c - r, c + r * 0.8);
  } else if (kind === "actor") {
    ctx.moveTo(c, c - r);
    ctx.lineTo(c + r, c);
    ctx.lineTo(c, c + r);
    ctx.lineTo(c - r, c);
  } else {
    ctx.arc(c, c, r * 0.85, 0, Math.PI * 2);
  }
  ctx.closePath();
}

function drawSymbol(kind: Pin["kind"]): ImageData | null {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = SIZE * RATIO;
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  ctx.scale(RATIO, RATIO);
  tracePinShape(ctx, kind);
  ctx.fillStyle = PIN_COLOR[kind];
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 2;
  ctx.lineJoin = "round";
  ctx.fill();
  ctx.stroke();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

/** The part of the map API this needs; maplibre and mapbox both have it. */
interface ImageHost {
  hasImage(id: string): boolean;
  addImage(id: string, image: ImageData, options: { pixelRatio: number }): void;
}

/** Registers the kind symbols; safe to call again after a style change. */
export function addPinSymbols(map: ImageHost): void {
  for (const kind of Object.keys(PIN_COLOR) as Array<Pin["kind"]>) {
    const id = SYMBOL_PREFIX + kind;
    const image = map.hasImage(id) ? null : drawSymbol(kind);
    if (image) map.addImage(id, image, { pixelRatio: RATIO });
  }
}

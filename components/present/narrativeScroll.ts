/**
 * Where the narrative is scrolled to, in anchors (outline.ts) rather than pixels: people's screens
 * differ, so a presenter shares "the Background section" and each follower scrolls there. Read
 * from and applied to the narrative pane's DOM, whose headings carry no ids of their own.
 */
import { animateMove, prefersReducedMotion } from "@/components/ui/motion";
import { headingAnchors } from "@/lib/board/outline";

const EDITOR = '[data-testid="narrative-pane"] .ProseMirror';
const HEADINGS = "h1, h2, h3, h4, h5, h6";
/** A heading this close below the top of the pane counts as the one being read. */
const READING_SLACK_PX = 24;

function editorElement(): HTMLElement | null {
  return document.querySelector<HTMLElement>(EDITOR);
}

/** The element that scrolls the narrative: the editor's nearest scrollable ancestor. */
export function narrativeScroller(): HTMLElement | null {
  for (let node = editorElement()?.parentElement ?? null; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if (overflow === "auto" || overflow === "scroll") return node;
  }
  return null;
}

function headingsWithAnchors(editor: HTMLElement): Array<{ element: HTMLElement; anchor: string }> {
  const elements = Array.from(editor.querySelectorAll<HTMLElement>(HEADINGS)).filter((element) => element.parentElement === editor);
  const anchors = headingAnchors(elements.map((element) => element.textContent ?? ""));
  return elements.map((element, index) => ({ element, anchor: anchors[index] }));
}

/** The anchor of the heading being read: the last one at or above the top of the pane. */
export function currentNarrativeAnchor(): string | null {
  const editor = editorElement();
  const scroller = narrativeScroller();
  if (!editor || !scroller) return null;
  const top = scroller.getBoundingClientRect().top + READING_SLACK_PX;
  let current: string | null = null;
  for (const { element, anchor } of headingsWithAnchors(editor)) {
    if (element.getBoundingClientRect().top <= top || current === null) current = anchor;
    else break;
  }
  return current;
}

/** Scrolls the narrative so the heading or claim named by `anchor` is at the top. */
export function scrollNarrativeTo(anchor: string | null, smooth: boolean): void {
  const editor = editorElement();
  const scroller = narrativeScroller();
  if (!anchor || !editor || !scroller) return;
  const target =
    headingsWithAnchors(editor).find((heading) => heading.anchor === anchor)?.element ??
    editor.querySelector<HTMLElement>(`[data-claim-id="${CSS.escape(anchor)}"]`);
  if (!target) return;
  const offset = target.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  scroller.scrollTo({ top: scroller.scrollTop + offset - 8, behavior: animateMove(smooth, prefersReducedMotion()) ? "smooth" : "auto" });
  scroller.dataset.anchor = anchor;
}

/**
 * The PDF reader's page arithmetic, without the DOM: zoom steps, fit-to-width, which pages to
 * render as the reader scrolls (and which canvases to let go), and which page is "current".
 */

/** Zoom levels the +/- buttons step through (1 = 100%, a PDF point as a CSS pixel). */
export const ZOOM_STEPS = [0.25, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 4;

/** Keeps a scale within the zoom range. */
export function clampZoom(scale: number): number {
  if (!Number.isFinite(scale)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));
}

/** The next zoom step above (`1`) or below (`-1`) a scale that may sit between steps (after fit-width). */
export function stepZoom(scale: number, direction: 1 | -1): number {
  const eps = 1e-3;
  if (direction === 1) return ZOOM_STEPS.find((s) => s > scale + eps) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((s) => s < scale - eps) ?? MIN_ZOOM;
}

/** The scale at which a page of `pageWidth` points fills `available` CSS pixels, less a margin. */
export function fitWidthScale({
  available,
  pageWidth,
  margin = 24,
}: {
  available: number;
  pageWidth: number;
  margin?: number;
}): number {
  if (!(pageWidth > 0) || !(available > 0)) return 1;
  return clampZoom(Math.max(available - 2 * margin, 100) / pageWidth);
}

/** "125%" for 1.25. */
export function zoomLabel(scale: number): string {
  return `${Math.round(scale * 100)}%`;
}

export interface RenderPlanInput {
  /** Number of pages in the document. */
  count: number;
  /** Pages (1-based) in or near the viewport now, as the intersection observer reports them. */
  near: ReadonlySet<number>;
  /** Pages whose canvas is drawn at the current zoom. */
  rendered: ReadonlySet<number>;
  /** Canvases to keep at most; the farthest from the reader go first. */
  keep: number;
}

/**
 * Which pages to draw next (nearest the reading position first, and one page ahead and behind so
 * that scrolling finds it ready) and which drawn canvases to release.
 */
export function renderPlan({ count, near, rendered, keep }: RenderPlanInput): { render: number[]; evict: number[] } {
  const inRange = (p: number) => p >= 1 && p <= count;
  const nearList = [...near].filter(inRange).sort((a, b) => a - b);
  if (!nearList.length) return { render: [], evict: [] };
  const first = nearList[0]!;
  const last = nearList[nearList.length - 1]!;
  const centre = (first + last) / 2;
  const wanted = new Set(nearList);
  if (inRange(last + 1)) wanted.add(last + 1);
  if (inRange(first - 1)) wanted.add(first - 1);
  const byDistance = (a: number, b: number) => Math.abs(a - centre) - Math.abs(b - centre) || a - b;
  const render = [...wanted].filter((p) => !rendered.has(p)).sort(byDistance);
  const total = rendered.size + render.length;
  const evict =
    total > keep
      ? [...rendered]
          .filter((p) => !wanted.has(p))
          .sort((a, b) => byDistance(b, a))
          .slice(0, total - keep)
      : [];
  return { render, evict };
}

/** A page's box, vertically, in viewport coordinates. */
export interface PageBox {
  page: number;
  top: number;
  bottom: number;
}

/**
 * The page the reader is on: the one across a line a third of the way down the viewport, or the
 * nearest to it (the gap between pages, a short last page).
 */
export function currentPageFrom(boxes: readonly PageBox[], viewportHeight: number): number | null {
  if (!boxes.length) return null;
  const line = viewportHeight / 3;
  let best: PageBox | null = null;
  let bestDistance = Infinity;
  for (const box of boxes) {
    const distance =
      box.top <= line && box.bottom >= line ? 0 : Math.min(Math.abs(box.top - line), Math.abs(box.bottom - line));
    if (distance < bestDistance) {
      best = box;
      bestDistance = distance;
    }
  }
  return best?.page ?? null;
}

/**
 * The same, for pages stacked in order (each below the last): a binary search that reads the boxes
 * of about log2(count) pages, so it may run on every scroll of a 300-page document.
 */
export function pageAtLine(count: number, boxOf: (page: number) => PageBox, viewportHeight: number): number | null {
  if (count < 1) return null;
  const line = viewportHeight / 3;
  let lo = 1;
  let hi = count;
  // The last page whose top is at or above the line; the first page when none is.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (boxOf(mid).top <= line) lo = mid;
    else hi = mid - 1;
  }
  // In the gap below a page, or past a short page: the nearer of it and the next.
  const here = boxOf(lo);
  if (here.bottom >= line || lo === count) return lo;
  return currentPageFrom([here, boxOf(lo + 1)], viewportHeight);
}

/** A page number typed by the person, if it names a page of the document. */
export function parsePageNumber(input: string, count: number): number | null {
  const trimmed = input.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= count ? n : null;
}

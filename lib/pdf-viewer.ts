/**
 * The reader's pages: a placeholder per page, sized before it is drawn, and a canvas plus a
 * pdf.js text layer drawn only when the page comes near the viewport. The text layer stays once
 * built (it is what the annotator highlights); canvases far from the reader are let go.
 *
 * Zoom is one CSS variable, `--scale-factor`, on the pages' container: placeholders and text
 * layers (whose positions pdf.js writes in terms of it) follow at once, canvases are redrawn.
 */
import {
  PixelsPerInch,
  TextLayer,
  type PDFDocumentProxy,
  type PDFPageProxy,
  type RenderTask,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import { clampZoom, fitWidthScale, pageAtLine, renderPlan, stepZoom, type PageBox } from './pdf-layout';
import { normalizeTextLayer, pageTextFromItems } from './pdf-text';

/** Canvases kept drawn at once; each costs width × height × 4 bytes (several MB at high zoom). */
const KEEP_CANVASES = 10;
/** Browsers refuse (or silently blank) bigger canvases; pdf.js's viewer uses the same cap. */
const MAX_CANVAS_PIXELS = 2 ** 24;

export type ZoomMode = { kind: 'fit-width' } | { kind: 'scale'; scale: number };

export interface PdfViewerOptions {
  doc: PDFDocumentProxy;
  /** The element the pages go in (empty; the viewer owns its children). */
  container: HTMLElement;
  /** Called with the page the reader is on whenever it changes. */
  onCurrentPage?: (page: number) => void;
  /** Called with each page's text the first time the viewer reads it. */
  onPageText?: (page: number, text: string) => void;
  /** Called when a page's text layer is on the page (annotation follows through the annotator). */
  onTextLayer?: (page: number) => void;
  onError?: (error: unknown, page: number) => void;
}

interface PageSlot {
  number: number;
  el: HTMLElement;
  canvas: HTMLCanvasElement | null;
  textLayer: HTMLElement | null;
  /** Resolves when the text layer is in place (or failed). */
  textReady: Promise<void> | null;
  renderTask: RenderTask | null;
  /** The scale the canvas was drawn at, or 0 when it is not drawn. */
  drawnAt: number;
  /** The scale at which drawing failed, so that it is not retried in a loop. */
  failedAt: number;
}

export interface PdfViewer {
  readonly pageCount: number;
  /** The zoom as a scale (1 = 100%), whatever the mode. */
  readonly scale: number;
  readonly zoomMode: ZoomMode;
  setZoom(mode: ZoomMode): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Scrolls to a page; resolves when its text layer is there. */
  goToPage(page: number, options?: { behavior?: ScrollBehavior }): Promise<void>;
  /** Makes sure a page's text layer is built (drawing it if need be). */
  ensureTextLayer(page: number): Promise<void>;
  /** The page element (for a test or a highlight). */
  pageElement(page: number): HTMLElement | null;
  readonly currentPage: number;
  /** Re-reads the container's width (fit-width follows the window). */
  relayout(): void;
  destroy(): void;
}

/** Creates the page views for a document. Nothing is drawn until a page nears the viewport. */
export async function createPdfViewer(options: PdfViewerOptions): Promise<PdfViewer> {
  const { doc, container, onCurrentPage, onPageText, onTextLayer, onError } = options;
  const count = doc.numPages;
  const pages = new Map<number, Promise<PDFPageProxy>>();
  const getPage = (n: number) => {
    let p = pages.get(n);
    if (!p) {
      p = doc.getPage(n);
      pages.set(n, p);
    }
    return p;
  };

  // Every placeholder takes the first page's size until its own page is read: most documents
  // have one page size, and reading every page's size up front would cost a 300-page document
  // a worker round trip per page before anything shows.
  const first = await getPage(1);
  const firstBox = first.getViewport({ scale: 1 });
  let mode: ZoomMode = { kind: 'fit-width' };
  let scale = 1;
  let destroyed = false;
  let current = 1;

  const slots: PageSlot[] = [];
  const fragment = document.createDocumentFragment();
  for (let n = 1; n <= count; n++) {
    const el = document.createElement('div');
    el.className = 'glens-pdf-page';
    el.dataset.pageNumber = String(n);
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', `Page ${n} of ${count}`);
    sizePage(el, firstBox.width, firstBox.height, 1);
    fragment.append(el);
    slots.push({
      number: n,
      el,
      canvas: null,
      textLayer: null,
      textReady: null,
      renderTask: null,
      drawnAt: 0,
      failedAt: 0,
    });
  }
  container.replaceChildren(fragment);
  const slot = (n: number) => slots[n - 1];

  // ---- Zoom -----------------------------------------------------------------------------

  const scaleFor = (m: ZoomMode) =>
    m.kind === 'scale'
      ? clampZoom(m.scale)
      : fitWidthScale({ available: container.clientWidth, pageWidth: firstBox.width * PixelsPerInch.PDF_TO_CSS_UNITS });

  const applyScale = (next: number) => {
    // Keep the reader's place: the same point of the same page stays at the top of the viewport.
    const anchor = slot(current);
    const before = anchor?.el.getBoundingClientRect();
    const fraction = before && before.height ? (0 - before.top) / before.height : 0;
    scale = next;
    container.style.setProperty('--scale-factor', String(scale * PixelsPerInch.PDF_TO_CSS_UNITS));
    if (anchor) {
      const after = anchor.el.getBoundingClientRect();
      window.scrollBy({ top: after.top + fraction * after.height, behavior: 'instant' as ScrollBehavior });
    }
    // Drawn canvases stretch until they are redrawn at the new scale; far ones are let go.
    for (const s of slots) if (s.drawnAt && !near.has(s.number)) releaseCanvas(s);
    schedule();
  };

  // ---- Drawing --------------------------------------------------------------------------

  const near = new Set<number>();
  let drawing = false;

  const releaseCanvas = (s: PageSlot) => {
    s.renderTask?.cancel();
    s.renderTask = null;
    if (s.canvas) {
      // Zero-sized first: browsers free a canvas's memory sooner that way than on removal alone.
      s.canvas.width = 0;
      s.canvas.height = 0;
      s.canvas.remove();
    }
    s.canvas = null;
    s.drawnAt = 0;
  };

  const buildTextLayer = async (s: PageSlot, page: PDFPageProxy) => {
    const content = await page.getTextContent();
    if (destroyed) return;
    onPageText?.(s.number, pageTextFromItems(content.items));
    const layer = document.createElement('div');
    layer.className = 'textLayer';
    // Built apart from the page and added whole, so the annotator sees one finished layer.
    const textLayer = new TextLayer({
      textContentSource: content,
      container: layer,
      viewport: page.getViewport({ scale: PixelsPerInch.PDF_TO_CSS_UNITS }),
    });
    await textLayer.render();
    if (destroyed) return;
    normalizeTextLayer(layer);
    s.textLayer = layer;
    s.el.append(layer);
    performance.mark('glens-reader:text-layer', { detail: { page: s.number } });
    onTextLayer?.(s.number);
  };

  const draw = async (s: PageSlot) => {
    const page = await getPage(s.number);
    if (destroyed) return;
    const box = page.getViewport({ scale: 1 });
    sizePage(s.el, box.width, box.height, page.userUnit);
    s.textReady ??= buildTextLayer(s, page).catch((e: unknown) => onError?.(e, s.number));

    const drawScale = scale;
    const viewport = page.getViewport({ scale: drawScale * PixelsPerInch.PDF_TO_CSS_UNITS });
    let ratio = window.devicePixelRatio || 1;
    const pixels = viewport.width * viewport.height * ratio * ratio;
    if (pixels > MAX_CANVAS_PIXELS) ratio = Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height));
    const canvas = document.createElement('canvas');
    canvas.className = 'glens-pdf-canvas';
    canvas.setAttribute('aria-hidden', 'true');
    canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
    canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
    const task = page.render({
      canvas,
      canvasContext: canvas.getContext('2d')!,
      viewport,
      transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
    });
    s.renderTask = task;
    try {
      await task.promise;
    } catch (e) {
      if ((e as Error | undefined)?.name === 'RenderingCancelledException') return;
      s.failedAt = drawScale;
      onError?.(e, s.number);
      return;
    } finally {
      if (s.renderTask === task) s.renderTask = null;
    }
    if (destroyed) return;
    // Swap the new drawing in only when it is complete: no blank flash while zooming.
    const old = s.canvas;
    s.canvas = canvas;
    s.drawnAt = drawScale;
    if (old) {
      old.replaceWith(canvas);
      old.width = old.height = 0;
    } else {
      s.el.prepend(canvas);
    }
  };

  const schedule = () => {
    if (drawing || destroyed) return;
    const rendered = new Set(slots.filter((s) => s.drawnAt === scale || s.failedAt === scale).map((s) => s.number));
    const plan = renderPlan({ count, near, rendered, keep: KEEP_CANVASES });
    for (const n of plan.evict) {
      const s = slot(n)!;
      if (s.drawnAt) releaseCanvas(s);
    }
    const next = plan.render[0];
    if (next === undefined) return;
    drawing = true;
    const s = slot(next)!;
    void draw(s)
      .catch((e: unknown) => {
        s.failedAt = scale;
        onError?.(e, next);
      })
      .finally(() => {
        drawing = false;
        schedule();
      });
  };

  // Pages within a viewport's height of the visible area are "near": drawn ahead of the reader.
  const nearObserver = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        const n = Number((e.target as HTMLElement).dataset.pageNumber);
        if (e.isIntersecting) near.add(n);
        else near.delete(n);
      }
      schedule();
    },
    { rootMargin: '100% 0px' },
  );
  for (const s of slots) nearObserver.observe(s.el);

  // Read from the layout itself on every scroll (a binary search over the pages), not from an
  // intersection observer, whose reports lag a jump across the document.
  const boxOf = (n: number): PageBox => {
    const r = slot(n)!.el.getBoundingClientRect();
    return { page: n, top: r.top, bottom: r.bottom };
  };
  const updateCurrent = () => {
    const page = pageAtLine(count, boxOf, window.innerHeight);
    if (page !== null && page !== current) {
      current = page;
      onCurrentPage?.(page);
    }
  };
  let scrollQueued = false;
  const onScroll = () => {
    if (scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      updateCurrent();
    });
  };
  window.addEventListener('scroll', onScroll, { passive: true });

  const ensureTextLayer = async (n: number) => {
    const s = slot(n);
    if (!s) return;
    if (!s.textReady) {
      const page = await getPage(n);
      if (destroyed) return;
      s.textReady ??= buildTextLayer(s, page).catch((e: unknown) => onError?.(e, n));
    }
    await s.textReady;
  };

  applyScale(scaleFor(mode));

  return {
    get pageCount() {
      return count;
    },
    get scale() {
      return scale;
    },
    get zoomMode() {
      return mode;
    },
    get currentPage() {
      return current;
    },
    setZoom(next) {
      mode = next;
      applyScale(scaleFor(next));
    },
    zoomIn() {
      mode = { kind: 'scale', scale: stepZoom(scale, 1) };
      applyScale(scaleFor(mode));
    },
    zoomOut() {
      mode = { kind: 'scale', scale: stepZoom(scale, -1) };
      applyScale(scaleFor(mode));
    },
    async goToPage(n, opts = {}) {
      const s = slot(Math.min(count, Math.max(1, Math.round(n))));
      if (!s) return;
      s.el.scrollIntoView({ block: 'start', behavior: opts.behavior ?? 'instant' });
      current = s.number;
      onCurrentPage?.(s.number);
      await ensureTextLayer(s.number);
    },
    ensureTextLayer,
    pageElement: (n) => slot(n)?.el ?? null,
    relayout() {
      if (mode.kind === 'fit-width') applyScale(scaleFor(mode));
    },
    destroy() {
      destroyed = true;
      nearObserver.disconnect();
      window.removeEventListener('scroll', onScroll);
      for (const s of slots) releaseCanvas(s);
      container.replaceChildren();
    },
  };
}

/** Sizes a page's box in terms of the zoom variable, as pdf.js sizes its layers. */
function sizePage(el: HTMLElement, width: number, height: number, userUnit: number): void {
  el.style.setProperty('--user-unit', String(userUnit || 1));
  el.style.width = `calc(var(--total-scale-factor) * ${width}px)`;
  el.style.height = `calc(var(--total-scale-factor) * ${height}px)`;
}

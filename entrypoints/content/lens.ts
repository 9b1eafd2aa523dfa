import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createAnnotator, type AnnotationStats, type Annotator } from '../../lib/annotator';
import { createCardTextSource } from '../../lib/card-texts';
import type { LeafReading } from '../../lib/dom-text';
import { logError } from '../../lib/error-log';
import { matcherForGlossary } from '../../lib/glossary-matcher';
import { HIGHLIGHT_STYLE_ATTR, highlightCss, type HighlightStyle } from '../../lib/highlight-style';
import type { Message } from '../../lib/messages';
import { createPopoverController, type OpenTrigger, type PopoverController } from './popover-controller';

export interface LensOptions {
  ctx: ContentScriptContext;
  highlightStyle: HighlightStyle;
  firstOnly: boolean;
  trigger: OpenTrigger;
  hoverDelayMs: number;
  includeEntry: (entryId: string) => boolean;
  /** Decides each match of a form that needs context (lib/page-context.ts). */
  acceptMatch?: (match: { entryId: string; form: string; text: string; block: Element }) => boolean;
  /** Hears the annotator's reading of the whole page, leaf by leaf (the page context's `reading`). */
  readingOfRoot?: () => LeafReading;
  onPass?: (stats: AnnotationStats) => void;
  /** What to annotate; defaults to `document.body` (the PDF reader passes its pages). */
  root?: Element;
  /** Styles for the popover's shadow root where WXT does not inject them (an extension page). */
  popoverCss?: string;
  /**
   * `performance.now()` when the content script took up the page (its DOM parsed; before waiting
   * for the settings and making the matcher): sent with each `glossary:annotated` event, so that
   * the benchmark can time the annotation from the script's start, as the issue defines it.
   */
  scriptStartMs?: number;
  /**
   * Milliseconds the context checks have spent reading and judging the page's text so far (part of
   * the match phase): sent with each `glossary:annotated` event, for the benchmark.
   */
  contextMs?: () => number;
}

export interface Lens {
  readonly annotator: Annotator;
  readonly popover: PopoverController;
  /** Restyles the highlights in place. */
  setHighlightStyle(style: HighlightStyle): void;
  /** Scrolls to an entry's first highlight and flashes it; false when the page has none. */
  reveal(entryId: string): boolean;
  /** Removes every highlight, the popover, the stylesheet and all listeners. */
  destroy(): void;
}

/**
 * The cards' texts, kept by the background rather than bundled into every page's content script;
 * asked for once per page, when the first highlights are written.
 */
const cardTexts = createCardTextSource(() => {
  const message: Message = { type: 'glens:cards' };
  return browser.runtime.sendMessage(message);
});

/** Yields to the page between chunks of work: `scheduler.yield()` where there is one. */
function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Starts highlighting and popovers on this page; `destroy()` undoes all of it. */
export function startLens(options: LensOptions): Lens {
  const { ctx } = options;
  // The highlights' stylesheet goes into the page with its first highlight, not before: adding any
  // stylesheet has the browser recompute the whole page's style at its next look (2-4 ms on a 1 MB
  // page, 14-33 ms on a 7 MB one, in the first pass's `caretPositionFromPoint`), and most pages
  // have no term.
  const style = document.createElement('style');
  style.setAttribute(HIGHLIGHT_STYLE_ATTR, '');
  style.textContent = highlightCss(options.highlightStyle);
  let styled = false;
  let destroyed = false;

  /** Copies of the stylesheet in the page's open shadow roots. */
  const shadowStyles: HTMLStyleElement[] = [];
  /** The open shadow roots the annotator reads, each to get a copy once the page has the sheet. */
  const shadows: ShadowRoot[] = [];
  // The document's stylesheet does not reach into a shadow root: each gets its own copy.
  const styleShadow = (shadow: ShadowRoot) => {
    const copy = style.cloneNode(true) as HTMLStyleElement;
    shadowStyles.push(copy);
    shadow.append(copy);
  };
  const addStyle = () => {
    // Never after destroy(): nothing of the lens may come back once it is gone.
    if (styled || destroyed) return;
    styled = true;
    (document.head ?? document.documentElement).append(style);
    for (const shadow of shadows) styleShadow(shadow);
  };

  const popover = createPopoverController({
    ctx,
    trigger: options.trigger,
    hoverDelayMs: options.hoverDelayMs,
    css: options.popoverCss,
    cards: cardTexts,
  });
  const annotator = createAnnotator({
    root: options.root ?? document.body,
    matcher: matcherForGlossary(),
    includeEntry: options.includeEntry,
    acceptMatch: options.acceptMatch,
    readingOfRoot: options.readingOfRoot,
    firstOnly: options.firstOnly,
    setTimeout: (fn, ms) => ctx.setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
    yieldToPage,
    onShadowRoot(shadow) {
      shadows.push(shadow);
      if (styled) styleShadow(shadow);
    },
    beforeWrite: addStyle,
    decorate(el, { firstOfEntry }) {
      // The first highlight of each entry is a keyboard stop (unless it sits in a link, which is
      // one already): focusing it opens the popover, Enter moves into it.
      if (firstOfEntry && !el.closest('a, [tabindex]')) {
        el.tabIndex = 0;
        el.setAttribute('role', 'button');
        el.setAttribute('aria-haspopup', 'dialog');
        el.setAttribute('aria-expanded', 'false');
      }
    },
    onPass: (stats) => {
      // Fetched before anyone hovers, so a popover opens with its texts.
      if (stats.occurrences > 0 && !cardTexts.current()) cardTexts.load().catch((e: unknown) => logError('popover', e));
      const detail = { ...stats, scriptStartMs: options.scriptStartMs, contextMs: options.contextMs?.() };
      document.dispatchEvent(new CustomEvent('glossary:annotated', { detail: JSON.stringify(detail) }));
      options.onPass?.(stats);
    },
    // Into the extension's own log, never the page's console.
    onError: (error) => logError('annotator', error),
  });

  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    popover.destroy();
    annotator.stop();
    style.remove();
    for (const copy of shadowStyles) copy.remove();
    shadowStyles.length = 0;
    shadows.length = 0;
  };
  ctx.onInvalidated(destroy);
  void annotator.start();

  const reveal = (entryId: string) => {
    const el = annotator.firstElement(entryId);
    if (!el) return false;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' });
    const parts = document.querySelectorAll(`glens-term[data-glens-occ="${el.getAttribute('data-glens-occ') ?? ''}"]`);
    for (const part of parts) part.setAttribute('data-glens-flash', '');
    ctx.setTimeout(() => {
      for (const part of parts) part.removeAttribute('data-glens-flash');
    }, 1400);
    return true;
  };

  return {
    annotator,
    popover,
    reveal,
    setHighlightStyle(next) {
      style.textContent = highlightCss(next);
      for (const copy of shadowStyles) copy.textContent = style.textContent;
    },
    destroy,
  };
}

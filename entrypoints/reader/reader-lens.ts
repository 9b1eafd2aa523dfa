/**
 * The reader's side of the extension: the same lens as on web pages (matcher, annotator, popover)
 * over the pages' text layers, under the same settings and context gating, and the answers the
 * popup gets from a content script on a web page, given here for the whole document.
 */
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { entryFilter, lensChange, lensState } from '../../lib/lens-settings';
import { parseMessage, type Message, type PageState, type Replies } from '../../lib/messages';
import { createDocumentContext, type DocumentContext } from '../../lib/pdf-context';
import type { ReaderController, ReaderSnapshot, ReaderSource } from '../../lib/pdf-reader';
import { countTermsInPages, matchesInPages, type DocumentTerms } from '../../lib/pdf-terms';
import type { Settings } from '../../lib/settings';
import { loadSettings, saveSetting, watchSettings } from '../../lib/settings-store';
import { FILE_SITE, isSiteEnabled, siteKeyFromUrl, withSiteEnabled } from '../../lib/site-rules';
import { contextModelForGlossary, matcherForGlossary } from '../../lib/glossary-matcher';
import { startLens, type Lens } from '../content/lens';

/** How long the popup's "show it on the page" waits for a page to be drawn and annotated. */
const REVEAL_TIMEOUT_MS = 5000;
/** After more of the document is read, how long to wait before asking whether decisions changed. */
const CONTEXT_RECHECK_MS = 800;

export interface ReaderLensOptions {
  controller: ReaderController;
  /** The pages' container: the annotator's root. */
  pages: HTMLElement;
  /** Styles for the popover's shadow root (WXT injects them only for content scripts). */
  popoverCss: string;
}

const siteOf = (source: ReaderSource | null): string | null =>
  !source ? null : source.kind === 'web' ? siteKeyFromUrl(source.url) : FILE_SITE;

/** The PDF page a text-layer block belongs to. */
const pageOf = (block: Element): number | null => {
  const page = block.closest<HTMLElement>('.glens-pdf-page');
  const n = Number(page?.dataset.pageNumber);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** Connects the reader to the settings, the lens and the popup; resolves once listening. */
export async function connectReaderLens({ controller, pages, popoverCss }: ReaderLensOptions): Promise<void> {
  // The lens and its popover take a content script context for their timers and teardown; WXT
  // documents constructing one outside a content script, and it works the same in a page.
  const ctx = new ContentScriptContext('reader');
  const [settingsLoaded, tab] = await Promise.all([loadSettings(), browser.tabs.getCurrent().catch(() => undefined)]);
  let settings: Settings = settingsLoaded;
  const tabId = tab?.id;
  let lens: Lens | null = null;
  let context: DocumentContext | null = null;
  let documentKey: ReaderSource | null = null;
  let recheckTimer: number | null = null;
  let termsCache: { version: number; settings: Settings; terms: DocumentTerms } | null = null;

  const site = () => siteOf(controller.snapshot.source);
  const state = (s: Settings): PageState['state'] => {
    const here = site();
    return here ? lensState(s, here) : s.paused ? 'paused' : 'on';
  };

  /** The document's context, made on first use: by then the first page's text has been read. */
  const documentContext = () =>
    (context ??= createDocumentContext({
      model: contextModelForGlossary(),
      pages: () => controller.pageTexts,
      title: controller.snapshot.title,
    }));

  /** The document's terms, as "On this page" lists them: every page read, same filters as the highlights. */
  const documentTerms = (): DocumentTerms => {
    const version = controller.snapshot.textVersion;
    if (termsCache && termsCache.version === version && termsCache.settings === settings) return termsCache.terms;
    const terms = countTermsInPages({
      pages: controller.pageTexts,
      matcher: matcherForGlossary(),
      includeEntry: entryFilter(settings),
      firstOnly: settings.firstOnly,
      acceptMatch: (m) => documentContext().accept(m),
    });
    termsCache = { version, settings, terms };
    return terms;
  };

  const report = () => {
    const on = state(settings) === 'on' && controller.snapshot.phase === 'ready';
    const terms = on ? documentTerms() : null;
    const message: Message = {
      type: 'glens:stats',
      state: state(settings),
      terms: terms?.terms.length ?? 0,
      occurrences: terms?.occurrences ?? 0,
    };
    // For the badge, and the popup's list if it is open; nobody listening is fine.
    browser.runtime.sendMessage(message).catch(() => undefined);
  };

  const start = () => {
    lens = startLens({
      ctx,
      root: pages,
      highlightStyle: settings.highlightStyle,
      firstOnly: settings.firstOnly,
      trigger: settings.trigger,
      hoverDelayMs: settings.hoverDelayMs,
      includeEntry: entryFilter(settings),
      // Only the pages are annotated: the annotator also looks at whatever else changes on the
      // page (the toolbar's page counter), and the document's title there is not the document.
      acceptMatch: ({ entryId, form, block }) => {
        const page = pages.contains(block) ? pageOf(block) : null;
        return page !== null && documentContext().accept({ entryId, form, page });
      },
      popoverCss,
      onPass: ({ occurrences }) => {
        // For the browser tests' timings: when the reader first showed a highlight.
        if (occurrences && !performance.getEntriesByName('glens-reader:first-highlight').length) {
          performance.mark('glens-reader:first-highlight');
        }
      },
    });
    document.documentElement.dataset.glensHighlightStyle = settings.highlightStyle;
  };
  const stop = () => {
    lens?.destroy();
    lens = null;
  };
  const restart = () => {
    stop();
    context = null;
    termsCache = null;
    start();
  };

  const applySnapshot = (s: ReaderSnapshot) => {
    if (s.source !== documentKey) {
      // Another document: everything about the old one goes.
      documentKey = s.source;
      stop();
      context = null;
      termsCache = null;
    }
    const wanted = s.phase === 'ready' && state(settings) === 'on';
    if (wanted && !lens) start();
    else if (!wanted && lens && s.phase !== 'ready') stop();
  };

  const applySettings = (next: Settings) => {
    const prev = settings;
    settings = next;
    termsCache = null;
    const here = site();
    const change = here ? lensChange(prev, next, here) : 'none';
    if (controller.snapshot.phase !== 'ready') return;
    if (change === 'stop') stop();
    else if (change === 'start') start();
    else if (change === 'restart') restart();
    else if (change === 'restyle' && lens) {
      lens.setHighlightStyle(next.highlightStyle);
      document.documentElement.dataset.glensHighlightStyle = next.highlightStyle;
    }
    report();
  };

  /** As more of the document is read, its topic may change: annotate afresh when decisions would. */
  const recheck = () => {
    if (recheckTimer !== null) return;
    recheckTimer = ctx.setTimeout(() => {
      recheckTimer = null;
      if (lens && context?.stale()) restart();
      report();
    }, CONTEXT_RECHECK_MS);
  };

  let lastVersion = -1;
  controller.subscribe((s) => {
    applySnapshot(s);
    if (s.textVersion !== lastVersion) {
      lastVersion = s.textVersion;
      recheck();
    }
  });
  applySnapshot(controller.snapshot);
  ctx.onInvalidated(watchSettings(applySettings));

  /** Goes to the first page that mentions an entry and flashes the term there. */
  const reveal = async (entryId: string): Promise<boolean> => {
    const page = documentTerms().firstPage.get(entryId);
    const viewer = controller.viewer;
    if (!page || !viewer || !lens) return false;
    await viewer.goToPage(page);
    const pageEl = viewer.pageElement(page);
    const deadline = performance.now() + REVEAL_TIMEOUT_MS;
    const selector = `glens-term[data-glossary-term="${CSS.escape(entryId)}"]`;
    while (!pageEl?.querySelector(selector) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return lens?.reveal(entryId) ?? false;
  };

  const answer = (message: Message): Promise<Replies[keyof Replies]> | undefined => {
    switch (message.type) {
      case 'glens:page-state': {
        const on = state(settings) === 'on' && controller.snapshot.phase === 'ready';
        const terms = on ? documentTerms() : null;
        return Promise.resolve<PageState>({
          site: site() ?? FILE_SITE,
          state: state(settings),
          terms: terms?.terms ?? [],
          occurrences: terms?.occurrences ?? 0,
        });
      }
      case 'glens:explain': {
        if (!lens || controller.snapshot.phase !== 'ready') return Promise.resolve(null);
        const matches = matchesInPages({
          pages: controller.pageTexts,
          matcher: matcherForGlossary(),
          includeEntry: entryFilter(settings),
        });
        return Promise.resolve(documentContext().explain(matches));
      }
      case 'glens:reveal':
        return reveal(message.entryId).then((found) => ({ found }));
      case 'glens:toggle-site': {
        const here = site();
        if (!here) return Promise.resolve({ enabled: false });
        const enabled = !isSiteEnabled({ ...settings, paused: false }, here);
        return saveSetting('sites', withSiteEnabled(settings, here, enabled)).then(() => ({ enabled }));
      }
      case 'glens:lookup':
        // The background opens the glossary page, searching for the selection, instead.
        return Promise.resolve({ found: false });
      default:
        return undefined;
    }
  };

  // The popup and the background reach a content script with tabs.sendMessage, which extension
  // pages never receive; they send the reader its messages through the runtime, naming its tab.
  const onMessage = (raw: unknown): Promise<unknown> | undefined => {
    const envelope = parseMessage(raw);
    if (envelope?.type !== 'glens:to-reader' || tabId === undefined || envelope.tabId !== tabId) return undefined;
    const message = parseMessage(envelope.message);
    return message && message.type !== 'glens:to-reader' ? answer(message) : undefined;
  };
  // A listener answers by returning a promise (webextension-polyfill's contract).
  /* eslint-disable @typescript-eslint/no-misused-promises */
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  /* eslint-enable @typescript-eslint/no-misused-promises */
  window.addEventListener('pagehide', () => ctx.abort());
}

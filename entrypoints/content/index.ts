import '../../components/entry-card.css';
import '../../components/popover.css';
import { guarded, logError } from '../../lib/error-log';
import { entryFilter, lensChange, lensState } from '../../lib/lens-settings';
import { parseMessage, type Message, type PageState, type Replies } from '../../lib/messages';
import { createPacer } from '../../lib/pacer';
import { createPageContext, type PageContext } from '../../lib/page-context';
import { loadSettings, saveSetting, watchSettings } from '../../lib/settings-store';
import type { Settings } from '../../lib/settings';
import { isSiteEnabled, siteKeyFromUrl, withSiteEnabled } from '../../lib/site-rules';
import { mayHoldStaleHighlights, removeStaleHighlights } from '../../lib/stale-highlights';
import { contextModelForGlossary, matcherForGlossary } from '../../lib/glossary-matcher';
import { startLens, type Lens } from './lens';

/**
 * After the page changes, how long to wait before asking whether it is now about something else
 * (a page that fills itself in after load), and the least time between two such checks.
 */
const CONTEXT_RECHECK_MS = 1000;
const CONTEXT_RECHECK_GAP_MS = 3000;
/**
 * How often an orphaned content script notices that its extension was reloaded or updated
 * (Chromium leaves it running, without `browser.runtime`): it then removes its highlights.
 */
const INVALIDATION_CHECK_MS = 1000;
/** The least time between two badge reports: a feed's passes come every 80 ms (lib/pacer.ts). */
const REPORT_GAP_MS = 250;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  // Frames that are pages of their own (an embedded article) are annotated by their own site's
  // rules; only the top frame speaks for the tab (badge, popup).
  allFrames: true,
  // At the document's start only to ask for the settings: a page's first call to an extension API
  // costs 30-60 ms in both browsers (its bindings made, a round trip to the browser), which then
  // passes while the page is parsed. The page is read once its DOM is complete.
  runAt: 'document_start',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const site = siteKeyFromUrl(location.href);
    if (!site) return;
    // Without settings (storage failing) the page is left as it is; the error stays with us.
    const loading = loadSettings().catch((error: unknown) => logError('settings', error));
    await pageSettled();
    // Where the script would have started at document_idle: the annotation's own time runs from here.
    const scriptStartMs = performance.now();
    // Only HTML documents: an XML or SVG document has no body to annotate.
    if (ctx.isInvalid || !document.body || !(document.documentElement instanceof HTMLElement)) return;
    // Firefox unloads the previous version without letting it clean up (reload, update).
    if (mayHoldStaleHighlights(document)) removeStaleHighlights(document);

    const loaded = await loading;
    if (!loaded || ctx.isInvalid) return;
    let settings: Settings = loaded;
    const isTop = window === window.top;
    // WXT's context notices it was invalidated when one of its timers fires; this one makes sure
    // one does, so an orphaned script tears down within a second (ctx.onInvalidated below).
    ctx.setInterval(() => undefined, INVALIDATION_CHECK_MS);
    let lens: Lens | null = null;
    let context: PageContext | null = null;
    let last = { terms: 0, occurrences: 0 };
    let recheckTimer: number | null = null;
    let lastRecheck = 0;

    const state = (s: Settings): PageState['state'] => lensState(s, site);

    const reports = createPacer({
      gapMs: REPORT_GAP_MS,
      send: () => {
        const message: Message = { type: 'glens:stats', state: state(settings), ...last };
        // The background may be asleep or reloading; the badge is a nicety, never an error.
        browser.runtime.sendMessage(message).catch(() => undefined);
      },
      now: () => performance.now(),
      // The context's timers end with it: an orphaned script reports nothing.
      setTimer: (fn, ms) => ctx.setTimeout(fn, ms),
    });
    const report = () => {
      // Only the top frame speaks for the tab's badge.
      if (isTop) reports.request();
    };

    /** Starts afresh when the page's text now says it is about something else. */
    const recheckContext = () => {
      if (recheckTimer !== null) return;
      const wait = Math.max(CONTEXT_RECHECK_MS, lastRecheck + CONTEXT_RECHECK_GAP_MS - Date.now());
      recheckTimer = ctx.setTimeout(() => {
        recheckTimer = null;
        lastRecheck = Date.now();
        if (lens && context?.stale()) {
          lens.destroy();
          start();
        }
      }, wait);
    };

    const start = guarded('content', () => {
      // One context per start: it reads the page when the first term that needs context is met.
      const pageContext = createPageContext({
        root: document.body,
        model: contextModelForGlossary(),
        title: document.title,
      });
      context = pageContext;
      lens = startLens({
        ctx,
        highlightStyle: settings.highlightStyle,
        firstOnly: settings.firstOnly,
        trigger: settings.trigger,
        hoverDelayMs: settings.hoverDelayMs,
        includeEntry: entryFilter(settings),
        acceptMatch: (match) => pageContext.accept(match),
        readingOfRoot: () => pageContext.reading(),
        scriptStartMs,
        contextMs: () => pageContext.costMs(),
        onPass: ({ terms, occurrences }) => {
          last = { terms, occurrences };
          report();
          recheckContext();
        },
      });
    });
    const stop = () => {
      lens?.destroy();
      lens = null;
      context = null;
      last = { terms: 0, occurrences: 0 };
      // Tell the page (and the tests) that the highlights are gone.
      document.dispatchEvent(
        new CustomEvent('glossary:annotated', { detail: JSON.stringify({ terms: 0, occurrences: 0, ms: 0 }) }),
      );
      report();
    };

    const apply = (next: Settings) => {
      const change = lensChange(settings, next, site);
      settings = next;
      if (change === 'stop') stop();
      else if (change === 'start') start();
      else if (change === 'restart') {
        lens?.destroy();
        start();
      } else if (change === 'restyle' && lens) lens.setHighlightStyle(next.highlightStyle);
      else report();
    };

    const onMessage = (raw: unknown): Promise<Replies[keyof Replies]> | undefined => {
      const message = parseMessage(raw);
      if (!message) return undefined;
      // Every frame hears tabs.sendMessage. The top frame answers for the page; a lookup is
      // answered by the frame that holds the selection. Others stay silent (undefined).
      if (message.type === 'glens:lookup' ? !window.getSelection()?.toString().trim() : !isTop) return undefined;
      switch (message.type) {
        case 'glens:page-state':
          return Promise.resolve<PageState>({
            site,
            state: state(settings),
            terms: lens?.annotator.summary() ?? [],
            occurrences: lens?.annotator.stats().occurrences ?? 0,
          });
        case 'glens:explain':
          return Promise.resolve(lens && context ? context.explain() : null);
        case 'glens:reveal':
          return Promise.resolve({ found: lens?.reveal(message.entryId) ?? false });
        case 'glens:lookup':
          // Where the site is switched off, the background opens the glossary page instead.
          return Promise.resolve({ found: lens ? lookUp(lens, message.text) : false });
        case 'glens:toggle-site': {
          const enabled = !isSiteEnabled({ ...settings, paused: false }, site);
          return saveSetting('sites', withSiteEnabled(settings, site, enabled)).then(() => ({ enabled }));
        }
        default:
          return undefined;
      }
    };
    // A listener answers by returning a promise (webextension-polyfill's contract).
    /* eslint-disable @typescript-eslint/no-misused-promises */
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
    /* eslint-enable @typescript-eslint/no-misused-promises */
    const unwatch = watchSettings(guarded('settings', apply));
    ctx.onInvalidated(unwatch);

    if (state(settings) === 'on') start();
    else report();
  },
});

/**
 * Resolves once the document is parsed and the browser has had a moment to lay it out and paint
 * (an idle period, or 200 ms at most): where document_idle would have started the script, so that
 * reading the page does not force its first layout.
 */
async function pageSettled(): Promise<void> {
  if (document.readyState === 'loading') {
    await new Promise<void>((resolve) =>
      document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }),
    );
  }
  await new Promise<void>((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 200 });
    else setTimeout(resolve, 0);
  });
}

/** The entry a selection names, if it names one. */
function entryForSelection(text: string): string | undefined {
  const matcher = matcherForGlossary();
  const trimmed = text.trim();
  return matcher.entryFor(trimmed) ?? matcher.find(trimmed)[0]?.entryId;
}

/** Shows the entry for the current selection in a popover beside it; false if it names no term. */
function lookUp(lens: Lens, text: string): boolean {
  const entryId = entryForSelection(text);
  if (!entryId) return false;
  const selection = window.getSelection();
  const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
  if (!range) return false;
  void lens.popover.openAt({ getBoundingClientRect: () => range.getBoundingClientRect() }, entryId);
  return true;
}

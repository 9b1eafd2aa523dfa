/**
 * Page-level helpers shared by the browser tests and the demo. Everything here works the same over
 * CDP (Chromium) and WebDriver BiDi (Firefox): page functions are plain, self-contained functions
 * (they are serialised into the page), and pointer input goes through page.mouse.
 */
import type { ConsoleMessage, Page } from 'puppeteer-core';

/** One `glossary:annotated` event, as the content script reports it. */
export interface AnnotatedEvent {
  terms: number;
  occurrences: number;
  ms: number;
}

export interface Highlight {
  /** The entry id (data-glossary-term). */
  id: string;
  text: string;
  /** data-glens-occ: shared by the pieces of one occurrence split across inline tags. */
  occ: string | null;
}

export interface PopoverCard {
  id: string | null;
  /** The card's own role attribute. */
  role: string | null;
  /** The card, or an element around it inside the shadow root, has role="dialog". */
  inDialog: boolean;
  term: string;
  excerpt: string;
  section: string;
  /** The card has a layout box and is not hidden. */
  visible: boolean;
  /** The card's texts have arrived from the background (no section marked busy). */
  loaded: boolean;
  /** The <glens-popover> host is a child of document.documentElement, as the contract says. */
  onDocumentElement: boolean;
}

/** Elements in which nothing may ever be highlighted. */
export const EXCLUDED_SELECTOR =
  'textarea, input, select, [contenteditable], code, pre, script, style, noscript, template, kbd, samp';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Records every `glossary:annotated` event into `window.__glensEvents` from before any page script
 * runs. Call before page.goto(). Applies to every later navigation of this page.
 */
export async function installRecorder(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __glensEvents?: unknown[]; __glensBadEvents?: unknown[] };
    if (w.__glensEvents) return;
    w.__glensEvents = [];
    w.__glensBadEvents = [];
    document.addEventListener('glossary:annotated', (ev) => {
      const detail: unknown = (ev as CustomEvent<unknown>).detail;
      try {
        const parsed: unknown = JSON.parse(String(detail));
        w.__glensEvents!.push(parsed);
      } catch {
        w.__glensBadEvents!.push(detail);
      }
    });
  });
}

/** Every annotated event recorded so far on the current document. */
export async function annotatedEvents(page: Page): Promise<AnnotatedEvent[]> {
  return page.evaluate(() => (window as unknown as { __glensEvents?: AnnotatedEvent[] }).__glensEvents ?? []);
}

export interface WaitForAnnotatedOptions {
  /** Which event counts; the first event matching it (from `since` on) is returned. */
  predicate?: (ev: AnnotatedEvent, index: number) => boolean;
  /** Only consider events at this index or later (e.g. the count before clicking a button). */
  since?: number;
  timeout?: number;
  /** Poll interval in ms. */
  interval?: number;
}

/**
 * Polls window.__glensEvents until an event matches. Accepts a predicate directly or options.
 * Throws with the events seen so far when the timeout passes, and with a clear message when the
 * recorder was never installed (installRecorder must run before navigation).
 */
export async function waitForAnnotated(
  page: Page,
  opts: WaitForAnnotatedOptions | WaitForAnnotatedOptions['predicate'] = {},
): Promise<AnnotatedEvent & { index: number }> {
  const o: WaitForAnnotatedOptions = typeof opts === 'function' ? { predicate: opts } : opts;
  const { predicate = () => true, since = 0, timeout = 15_000, interval = 50 } = o;
  const deadline = Date.now() + timeout;
  let seen: AnnotatedEvent[] = [];
  let installed = false;
  for (;;) {
    const state = await page.evaluate(() => {
      const w = window as unknown as { __glensEvents?: unknown[]; __glensBadEvents?: unknown[] };
      return { events: w.__glensEvents ?? null, bad: w.__glensBadEvents ?? [] };
    });
    if (state.events) {
      installed = true;
      seen = state.events as AnnotatedEvent[];
      for (let i = since; i < seen.length; i++) {
        if (predicate(seen[i]!, i)) return { ...seen[i]!, index: i };
      }
    }
    if (state.bad.length) {
      throw new Error(`glossary:annotated had a detail that is not JSON: ${JSON.stringify(state.bad[0])}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        installed
          ? `no matching glossary:annotated event within ${timeout} ms; events seen: ${JSON.stringify(seen)}`
          : `window.__glensEvents is missing: call installRecorder(page) before page.goto()`,
      );
    }
    await sleep(interval);
  }
}

/** Every highlighted piece on the page, in document order. */
export async function highlights(page: Page): Promise<Highlight[]> {
  return page.$$eval('glens-term', (els) =>
    els.map((el) => ({
      id: el.getAttribute('data-glossary-term') ?? '',
      text: el.textContent ?? '',
      occ: el.getAttribute('data-glens-occ'),
    })),
  );
}

/**
 * Highlights grouped into occurrences: pieces sharing data-glens-occ are joined in document order
 * (a term split across inline tags counts once, with its whole text).
 */
export async function occurrences(page: Page): Promise<Highlight[]> {
  const out: Highlight[] = [];
  const byOcc = new Map<string, Highlight>();
  for (const h of await highlights(page)) {
    const prev = h.occ !== null ? byOcc.get(h.occ) : undefined;
    if (prev && prev.id === h.id) {
      prev.text += h.text;
      continue;
    }
    const copy = { ...h };
    out.push(copy);
    if (h.occ !== null) byOcc.set(h.occ, copy);
  }
  return out;
}

/** Highlights inside `selector`'s matches (e.g. a paragraph appended by the page). */
export async function highlightsWithin(page: Page, selector: string): Promise<Highlight[]> {
  return page.$$eval(
    'glens-term',
    (els, sel) =>
      els
        .filter((el) => el.parentElement?.closest(sel))
        .map((el) => ({
          id: el.getAttribute('data-glossary-term') ?? '',
          text: el.textContent ?? '',
          occ: el.getAttribute('data-glens-occ'),
        })),
    selector,
  );
}

/**
 * Highlights that sit where none may be: inside EXCLUDED_SELECTOR elements (and any element child
 * put into a textarea or input, which hold only text).
 */
export async function forbiddenHighlights(page: Page): Promise<Array<Highlight & { inside: string }>> {
  return page.evaluate((excluded) => {
    const out: Array<{ id: string; text: string; occ: string | null; inside: string }> = [];
    for (const el of Array.from(document.querySelectorAll('glens-term'))) {
      const host = el.parentElement?.closest(excluded);
      if (host) {
        out.push({
          id: el.getAttribute('data-glossary-term') ?? '',
          text: el.textContent ?? '',
          occ: el.getAttribute('data-glens-occ'),
          inside: host.tagName.toLowerCase() + (host.id ? `#${host.id}` : ''),
        });
      }
    }
    for (const f of Array.from(document.querySelectorAll('textarea, input'))) {
      if (f.children.length) {
        out.push({ id: '?', text: f.innerHTML, occ: null, inside: f.tagName.toLowerCase() + (f.id ? `#${f.id}` : '') });
      }
    }
    return out;
  }, EXCLUDED_SELECTOR);
}

/** Centre of the first line box of the index-th highlight of `id`, after scrolling it into view. */
async function termPoint(
  page: Page,
  id: string,
  index: number,
  within: string,
  at: number,
): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    async (termId, i, scope, fraction) => {
      const el = document.querySelectorAll(`${scope} glens-term[data-glossary-term="${CSS.escape(termId)}"]`)[i];
      if (!el) return null;
      el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
      if (fraction !== 0.5) {
        const top = el.getBoundingClientRect().top;
        window.scrollBy({ top: top - window.innerHeight * fraction, behavior: 'instant' as ScrollBehavior });
      }
      // Let layout and any scroll listeners settle.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      // A term wrapped across lines has several boxes; the centre of the union may be off the text.
      const rect = el.getClientRects()[0] ?? el.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, w: rect.width, h: rect.height };
    },
    id,
    index,
    within,
    at,
  );
  if (!point) throw new Error(`no <glens-term data-glossary-term="${id}"> at index ${index} within ${within}`);
  if (point.w === 0 || point.h === 0) throw new Error(`<glens-term data-glossary-term="${id}"> #${index} has no box`);
  return { x: Math.round(point.x), y: Math.round(point.y) };
}

export interface HoverOptions {
  /** Which highlight of that id (document order, counting within `within`). */
  index?: number;
  /** A CSS selector to look inside (default: the whole page). */
  within?: string;
  /** Where to scroll the term to, as a fraction of the viewport height from the top (default 0.5). */
  at?: number;
  /** Wait until a popover card for `id` is open (default true). */
  waitForCard?: boolean;
  timeout?: number;
}

/**
 * Moves the real mouse onto a highlight: scrolls it into view, parks the pointer in a corner first
 * (so a fresh mouseover fires), then moves in steps to the term's centre and stays there. By default
 * it then waits for the popover card of that entry and returns it.
 */
export async function hoverTerm(page: Page, id: string, opts: HoverOptions = {}): Promise<PopoverCard | null> {
  const { index = 0, within = ':root', at = 0.5, waitForCard = true, timeout = 5_000 } = opts;
  const { x, y } = await termPoint(page, id, index, within, at);
  await page.mouse.move(2, 2);
  await page.mouse.move(x, y, { steps: 8 });
  if (!waitForCard) return null;
  return waitForPopoverCard(page, (card) => card.id === id && card.visible && card.loaded, timeout);
}

/** Moves the mouse away from everything (top-left corner). */
export async function unhover(page: Page): Promise<void> {
  await page.mouse.move(2, 2, { steps: 4 });
}

/** Reads the open popover card from <glens-popover>'s open shadow root, or null when none is open. */
export async function popoverCard(page: Page): Promise<PopoverCard | null> {
  return page.evaluate(() => {
    const hosts = Array.from(document.querySelectorAll('glens-popover'));
    for (const host of hosts) {
      const root = host.shadowRoot;
      if (!root) continue;
      const card = root.querySelector('[data-glens-card]');
      if (!card) continue;
      const text = (sel: string) => (card.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const style = getComputedStyle(card);
      const box = card.getBoundingClientRect();
      const visible =
        !card.hasAttribute('hidden') &&
        style.display !== 'none' &&
        style.visibility !== 'hidden' &&
        Number(style.opacity) !== 0 &&
        box.width > 0 &&
        box.height > 0;
      if (!visible) continue;
      return {
        id: card.getAttribute('data-entry-id'),
        role: card.getAttribute('role'),
        inDialog: card.closest('[role="dialog"]') !== null,
        term: text('.glens-card-term'),
        excerpt: text('blockquote.glens-card-excerpt'),
        section: text('.glens-card-section'),
        visible,
        loaded: card.querySelector('[aria-busy="true"]') === null,
        onDocumentElement: host.parentNode === document.documentElement,
      };
    }
    return null;
  });
}

/** Polls popoverCard() until it matches; throws with the last card seen on timeout. */
export async function waitForPopoverCard(
  page: Page,
  predicate: (card: PopoverCard) => boolean = () => true,
  timeout = 5_000,
): Promise<PopoverCard> {
  const deadline = Date.now() + timeout;
  let last: PopoverCard | null = null;
  for (;;) {
    last = await popoverCard(page);
    if (last && predicate(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `popover card did not appear as expected within ${timeout} ms; last seen: ${JSON.stringify(last)}`,
      );
    }
    await sleep(50);
  }
}

/** Polls until no popover card is open. */
export async function waitForPopoverClosed(page: Page, timeout = 3_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const card = await popoverCard(page);
    if (!card) return;
    if (Date.now() > deadline) throw new Error(`popover still open after ${timeout} ms: ${JSON.stringify(card)}`);
    await sleep(50);
  }
}

export interface PageErrors {
  /** Console errors and uncaught exceptions, as readable lines, in order. */
  readonly errors: string[];
  /** Stops listening. */
  stop(): void;
}

/**
 * Collects console errors and uncaught page errors from now on. `ignore` drops matching lines
 * (e.g. a known browser message unrelated to the extension).
 */
export function collectPageErrors(page: Page, ignore: RegExp[] = []): PageErrors {
  const errors: string[] = [];
  const keep = (line: string) => {
    if (!ignore.some((re) => re.test(line))) errors.push(line);
  };
  const onConsole = (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    keep(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber ?? '?'})` : ''}`);
  };
  const onPageError = (err: unknown) => {
    keep(`pageerror: ${err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err)}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  return {
    errors,
    stop() {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
    },
  };
}

/** The id of the tab whose content script reports this site, asked from an extension page. */
export async function tabIdOfSite(ext: Page, site: string): Promise<number> {
  return ext.evaluate(async (wanted) => {
    const me = await browser.tabs.getCurrent();
    for (const tab of await browser.tabs.query({})) {
      if (tab.id === undefined || tab.id === me?.id) continue;
      try {
        const reply = await browser.tabs.sendMessage<unknown, { site?: string } | undefined>(
          tab.id,
          { type: 'glens:page-state' },
          { frameId: 0 },
        );
        if (reply?.site === wanted) return tab.id;
      } catch {
        // No content script in that tab.
      }
    }
    throw new Error(`no tab reports ${wanted}`);
  }, site);
}

import type { JSX } from 'preact';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { entryById, GLOSSARY, REPORT } from '../lib/glossary';
import type { GlossaryEntry } from '../lib/glossary-schema';
import { parseMessage, type Message, type PageState, type Replies } from '../lib/messages';
import type { PageExplanation } from '../lib/page-context';
import {
  escapeEffect,
  INITIAL_VIEW,
  pageTermsForDisplay,
  plural,
  popupReducer,
  POPUP_READY_MARK,
  siteLabel,
  type PageTerm,
} from '../lib/popup-model';
import { createGlossarySearch, type GlossarySearch } from '../lib/search';
import type { Settings } from '../lib/settings';
import { isSiteEnabled, withSiteEnabled } from '../lib/site-rules';
import { EntryCard } from './EntryCard';
import { SaveErrorBanner, SettingsNoticeBanner } from './SettingsNoticeBanner';
import { Switch } from './Switch';
import { useSettings } from './use-settings';
import { OpenInReader, usePdfTab } from './OpenInReader';
import { isPageExplanation, WhyTerms } from './WhyTerms';

/** More results than fit the popup are never read; the full glossary page lists everything. */
const MAX_RESULTS = 30;
/** After the page reports new totals, wait for the rest of a burst before asking again. */
const REFRESH_DELAY_MS = 150;

let index: GlossarySearch | undefined;
/** The search index, built on first use: opening the popup to flip a switch need not build it. */
function glossarySearch(): GlossarySearch {
  index ??= createGlossarySearch(GLOSSARY);
  return index;
}

/** What the popup knows of the active tab's page. */
type PageInfo =
  | { status: 'loading' }
  /** No content script answers: a browser page, a store, the PDF viewer, a page opened before install. */
  | { status: 'unavailable' }
  | { status: 'ready'; tabId: number; page: PageState };

function isPageState(value: unknown): value is PageState {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<PageState>;
  return typeof v.site === 'string' && typeof v.state === 'string' && Array.isArray(v.terms);
}

/** Sends a typed message to a tab's top frame, where the content script runs. */
async function sendToTab<T extends Message>(tabId: number, message: T): Promise<Replies[T['type']] | undefined> {
  let failure: Error | null = null;
  try {
    const reply = await browser.tabs.sendMessage<T, Replies[T['type']] | undefined>(tabId, message, { frameId: 0 });
    if (reply !== undefined) return reply;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  // The PDF reader is an extension page, which tabs.sendMessage does not reach (Firefox throws,
  // Chrome answers undefined): it answers runtime messages that name its tab instead.
  const envelope: Message = { type: 'glens:to-reader', tabId, message };
  const reply = (await browser.runtime.sendMessage(envelope).catch(() => undefined)) as Replies[T['type']] | undefined;
  if (reply === undefined && failure) throw failure;
  return reply;
}

/** Asks a tab's content script about its page; unavailable when none answers. */
async function askTab(tabId: number): Promise<PageInfo> {
  try {
    const reply = await sendToTab(tabId, { type: 'glens:page-state' });
    return isPageState(reply) ? { status: 'ready', tabId, page: reply } : { status: 'unavailable' };
  } catch {
    // "Receiving end does not exist": nothing of ours runs in this tab.
    return { status: 'unavailable' };
  }
}

/**
 * The tab the popup speaks for: the active tab, or the one named by `?tab=<id>` when the popup
 * is opened as a page of its own (from the keyboard, or by the browser tests, where a page
 * cannot be the active tab and the popup at once).
 */
export function targetTabFromSearch(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tab');
  return raw !== null && /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
}

async function askActiveTab(): Promise<PageInfo> {
  try {
    const named = targetTabFromSearch(location.search);
    if (named !== undefined) return await askTab(named);
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id === undefined ? { status: 'unavailable' } : await askTab(tab.id);
  } catch {
    return { status: 'unavailable' };
  }
}

/** Asks a tab's content script why its context-dependent terms were or were not highlighted. */
async function askWhy(tabId: number): Promise<PageExplanation | null> {
  try {
    const reply = await sendToTab(tabId, { type: 'glens:explain' });
    return isPageExplanation(reply) ? reply : null;
  } catch {
    return null;
  }
}

const glossaryUrl = (entryId?: string) =>
  browser.runtime.getURL('/glossary.html') + (entryId ? `#${encodeURIComponent(entryId)}` : '');

/** Opens an extension page in a new tab instead of inside the popup. */
function openInTab(event: JSX.TargetedMouseEvent<HTMLAnchorElement>, url: string): void {
  event.preventDefault();
  void browser.tabs.create({ url });
}

/** The toolbar popup: search the glossary, read an entry, see the page's terms, switch the site on or off. */
export function PopupApp() {
  const [view, dispatch] = useReducer(popupReducer, INITIAL_VIEW);
  const { settings, save, saveError, dismissSaveError } = useSettings();
  const [page, setPage] = useState<PageInfo>({ status: 'loading' });
  const pdfTab = usePdfTab(targetTabFromSearch(location.search));
  const [revealNote, setRevealNote] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const viewRef = useRef(view);
  viewRef.current = view;

  const hits = useMemo<GlossaryEntry[]>(
    () =>
      view.query.trim()
        ? glossarySearch()
            .search(view.query, MAX_RESULTS)
            .map((hit) => entryById(hit.id))
            .filter((e): e is GlossaryEntry => e !== undefined)
        : [],
    [view.query],
  );
  const openId = view.trail[view.trail.length - 1];
  const openEntry = openId ? entryById(openId) : undefined;

  // Once the settings and the page's state are both shown (an effect runs after the paint).
  const ready = settings !== null && page.status !== 'loading';
  useEffect(() => {
    if (ready && !performance.getEntriesByName(POPUP_READY_MARK).length) performance.mark(POPUP_READY_MARK);
  }, [ready]);

  useEffect(() => {
    inputRef.current?.focus();
    let live = true;
    void askActiveTab().then((info) => {
      if (live) setPage(info);
    });
    return () => {
      live = false;
    };
  }, []);

  // The content script reports new totals to the extension (for the badge) after every pass and
  // every settings change; listening for its tab's report keeps "On this page" current.
  const tabId = page.status === 'ready' ? page.tabId : undefined;
  useEffect(() => {
    if (tabId === undefined) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const onMessage = (raw: unknown, sender: { tab?: { id?: number } }) => {
      if (parseMessage(raw)?.type !== 'glens:stats' || sender.tab?.id !== tabId) return undefined;
      clearTimeout(timer);
      timer = setTimeout(() => {
        void askTab(tabId).then((info) => {
          if (live) setPage(info);
        });
      }, REFRESH_DELAY_MS);
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => {
      live = false;
      clearTimeout(timer);
      browser.runtime.onMessage.removeListener(onMessage);
    };
  }, [tabId]);

  // Escape goes back a step wherever focus is; with nothing left to undo it is left to the
  // browser, which closes the popup.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (escapeEffect(viewRef.current) === 'none') return;
      // Also keeps a search field from clearing itself a second time.
      event.preventDefault();
      dispatch({ type: 'escape' });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // Opening an entry moves focus to its card, so a screen reader reads it; closing the last one
  // returns focus to the search box.
  const hadCard = useRef(false);
  useEffect(() => {
    if (openEntry) {
      // Without preventScroll the card scrolls to the top edge and hides the Back button above it.
      cardRef.current?.querySelector<HTMLElement>('[data-glens-card]')?.focus({ preventScroll: true });
      mainRef.current?.scrollTo?.({ top: 0 });
    } else if (hadCard.current) inputRef.current?.focus();
    hadCard.current = openEntry !== undefined;
  }, [openEntry]);

  // Keep the active result in sight as the arrows move through a long list.
  useEffect(() => {
    const id = hits[view.active]?.id;
    if (id) document.getElementById(resultId(id))?.scrollIntoView?.({ block: 'nearest' });
  }, [view.active, hits]);

  const open = useCallback((id: string) => dispatch({ type: 'open', id }), []);

  const onSearchKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
    if (openEntry || !view.query) return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        dispatch({ type: 'move', key: event.key, count: hits.length });
        break;
      case 'Enter': {
        // Enter with no result picked opens the best one: typing "scc" and Enter is the quick path.
        const hit = hits[view.active] ?? hits[0];
        if (hit) {
          event.preventDefault();
          open(hit.id);
        }
        break;
      }
    }
  };

  const reveal = async (term: PageTerm) => {
    if (page.status !== 'ready') return;
    setRevealNote('');
    try {
      const reply = await sendToTab(page.tabId, { type: 'glens:reveal', entryId: term.entryId });
      if (!reply?.found) setRevealNote(`“${term.term}” is no longer highlighted on the page.`);
    } catch {
      setPage({ status: 'unavailable' });
    }
  };

  const showingResults = !openEntry && view.query.trim() !== '';
  const activeHit = showingResults ? hits[view.active] : undefined;

  return (
    <div class="glens-popup">
      <header class="glens-popup-header">
        <h1 class="glens-popup-title">Glossary Lens</h1>
        <p class="glens-popup-tagline">
          Terms of the U.S.-Japan alliance, as <cite>{REPORT.title}</cite> explains them
        </p>
      </header>

      <SettingsNoticeBanner />
      <SaveErrorBanner message={saveError} onDismiss={dismissSaveError} />

      <div class="glens-search">
        <label class="glens-visually-hidden" for="glens-search-input">
          Search the glossary
        </label>
        <input
          ref={inputRef}
          id="glens-search-input"
          class="glens-search-input"
          type="search"
          role="combobox"
          placeholder="Search terms, acronyms, 日本語…"
          autocomplete="off"
          spellcheck={false}
          aria-autocomplete="list"
          aria-controls="glens-results"
          aria-expanded={showingResults && hits.length > 0}
          aria-activedescendant={activeHit ? resultId(activeHit.id) : undefined}
          value={view.query}
          onInput={(e) => dispatch({ type: 'query', query: e.currentTarget.value })}
          onKeyDown={onSearchKeyDown}
        />
      </div>

      <main ref={mainRef} class="glens-popup-main">
        {openEntry ? (
          <div class="glens-entry-view" ref={cardRef}>
            <div class="glens-entry-toolbar">
              <button
                type="button"
                class="glens-button glens-back"
                aria-label={backLabel(view.trail, view.query)}
                onClick={() => dispatch({ type: 'back' })}
              >
                <span aria-hidden="true">← </span>Back
              </button>
              <a
                class="glens-link"
                href={glossaryUrl(openEntry.id)}
                onClick={(e) => openInTab(e, glossaryUrl(openEntry.id))}
              >
                Open in full glossary
              </a>
            </div>
            <EntryCard
              key={openEntry.id}
              entry={openEntry}
              card={openEntry}
              report={REPORT}
              headingLevel={2}
              onOpenEntry={open}
              rootProps={{ tabIndex: -1 }}
            />
          </div>
        ) : showingResults ? (
          <ResultList hits={hits} active={view.active} query={view.query} onOpen={open} />
        ) : (
          <>
            {pdfTab && <OpenInReader tab={pdfTab} />}
            <PageSection
              page={page}
              settings={settings}
              revealNote={revealNote}
              onReveal={(t) => void reveal(t)}
              onExplain={open}
              onSiteChange={(site, on) => settings && void save('sites', withSiteEnabled(settings, site, on))}
              onPauseChange={(paused) => void save('paused', paused)}
            />
          </>
        )}
      </main>

      <footer class="glens-popup-footer">
        <a class="glens-link" href={glossaryUrl()} onClick={(e) => openInTab(e, glossaryUrl())}>
          Full glossary
        </a>
        <a
          class="glens-link"
          href={browser.runtime.getURL('/options.html')}
          onClick={(e) => {
            e.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          Options
        </a>
      </footer>
    </div>
  );
}

const resultId = (entryId: string) => `glens-result-${entryId}`;

function backLabel(trail: readonly string[], query: string): string {
  const previous = trail.length > 1 ? entryById(trail[trail.length - 2] ?? '') : undefined;
  if (previous) return `Back to ${previous.term}`;
  return query.trim() ? 'Back to results' : 'Back';
}

interface ResultListProps {
  hits: readonly GlossaryEntry[];
  active: number;
  query: string;
  onOpen: (id: string) => void;
}

/** The search results: a list box driven from the search box (focus stays there; aria-activedescendant). */
function ResultList({ hits, active, query, onOpen }: ResultListProps) {
  return (
    <>
      <p class="glens-visually-hidden" role="status">
        {hits.length ? plural(hits.length, 'result') : ''}
      </p>
      {hits.length === 0 ? (
        <p class="glens-empty">No terms match “{query.trim()}”.</p>
      ) : (
        <ul id="glens-results" class="glens-results" role="listbox" aria-label="Glossary terms">
          {hits.map((entry, i) => (
            // The search box owns the keyboard (arrows, Enter); a click or tap opens the entry directly.
            <li
              key={entry.id}
              id={resultId(entry.id)}
              class="glens-result"
              role="option"
              aria-selected={i === active}
              data-entry-id={entry.id}
              onClick={() => onOpen(entry.id)}
            >
              <span class="glens-result-term">{entry.term}</span>
              {(entry.acronym || entry.japanese) && (
                <span class="glens-result-aka">
                  {entry.acronym && <span class="glens-result-acronym">{entry.acronym}</span>}
                  {entry.acronym && entry.japanese && <span aria-hidden="true"> · </span>}
                  {entry.japanese && <span lang="ja">{entry.japanese}</span>}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface PageSectionProps {
  page: PageInfo;
  settings: Settings | null;
  revealNote: string;
  onReveal: (term: PageTerm) => void;
  onExplain: (entryId: string) => void;
  onSiteChange: (site: string, on: boolean) => void;
  onPauseChange: (paused: boolean) => void;
}

/** The home view: the switches and the terms the active tab's page mentions. */
function PageSection({
  page,
  settings,
  revealNote,
  onReveal,
  onExplain,
  onSiteChange,
  onPauseChange,
}: PageSectionProps) {
  const site = page.status === 'ready' ? page.page.site : undefined;
  // The settings are the truth for what the switches show; the page catches up a moment later.
  const state: PageState['state'] | undefined =
    page.status !== 'ready'
      ? undefined
      : !settings
        ? page.page.state
        : settings.paused
          ? 'paused'
          : isSiteEnabled(settings, page.page.site)
            ? 'on'
            : 'site-off';

  return (
    <section class="glens-page" aria-labelledby="glens-page-heading">
      <h2 id="glens-page-heading" class="glens-section-heading">
        On this page
      </h2>

      {page.status === 'loading' && <p class="glens-muted">Checking this page…</p>}

      {page.status === 'unavailable' && (
        <div class="glens-cant-run" data-glens-cant-run="">
          <p class="glens-cant-run-title">Glossary Lens can't run on this page.</p>
          <p class="glens-muted">
            Browsers keep extensions off their own pages, extension stores and the PDF viewer. If this is an ordinary
            web page that was open before Glossary Lens was installed or updated, reload it.
          </p>
        </div>
      )}

      {site !== undefined && settings && (
        <Switch
          checked={isSiteEnabled({ ...settings, paused: false }, site)}
          onChange={(on) => onSiteChange(site, on)}
          label={`Annotate ${siteLabel(site)}`}
          description={
            settings.paused ? 'Glossary Lens is paused everywhere; this takes effect when it resumes.' : undefined
          }
        />
      )}
      {settings && <Switch checked={settings.paused} onChange={onPauseChange} label="Pause everywhere" />}

      {page.status === 'ready' && state === 'paused' && (
        <p class="glens-page-status" data-glens-page-status="paused">
          Glossary Lens is paused: no page is annotated until you resume it.
        </p>
      )}
      {page.status === 'ready' && state === 'site-off' && (
        <p class="glens-page-status" data-glens-page-status="site-off">
          Glossary Lens is switched off for {siteLabel(page.page.site)}.
        </p>
      )}
      {page.status === 'ready' && state === 'on' && (
        <PageTerms page={page.page} settlingIn={page.page.state !== 'on'} onReveal={onReveal} onExplain={onExplain} />
      )}
      {page.status === 'ready' && state === 'on' && page.page.state === 'on' && (
        <WhyTerms key={page.tabId} ask={() => askWhy(page.tabId)} />
      )}
      <p class="glens-reveal-note" role="status">
        {revealNote}
      </p>
    </section>
  );
}

interface PageTermsProps {
  page: PageState;
  /** Just switched on: the content script has not reported its first pass yet. */
  settlingIn: boolean;
  onReveal: (term: PageTerm) => void;
  onExplain: (entryId: string) => void;
}

function PageTerms({ page, settlingIn, onReveal, onExplain }: PageTermsProps) {
  const terms = pageTermsForDisplay(page.terms, (id) => entryById(id)?.term);
  if (settlingIn) return <p class="glens-muted">Looking for terms…</p>;
  if (terms.length === 0) {
    return (
      <p class="glens-page-status" data-glens-page-status="none">
        No glossary terms on this page.
      </p>
    );
  }
  const mentions = terms.reduce((n, t) => n + t.count, 0);
  return (
    <>
      <p class="glens-muted">
        {plural(terms.length, 'term')}, {plural(mentions, 'mention')}. Select one to show it on the page.
      </p>
      <ul class="glens-page-terms" aria-label="Terms on this page">
        {terms.map((t) => (
          <li key={t.entryId} class="glens-page-term" data-entry-id={t.entryId}>
            <button type="button" class="glens-page-term-reveal" onClick={() => onReveal(t)}>
              <span class="glens-page-term-name">{t.term}</span>
              <span class="glens-count">
                {t.count}
                <span class="glens-visually-hidden">{t.count === 1 ? ' mention' : ' mentions'}</span>
              </span>
            </button>
            <button
              type="button"
              class="glens-icon-button glens-page-term-explain"
              aria-label={`About ${t.term}`}
              title="Read the entry"
              onClick={() => onExplain(t.entryId)}
            >
              <span aria-hidden="true">ⓘ</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

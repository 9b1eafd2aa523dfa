import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CATEGORIES, CATEGORY_LABELS } from '../lib/glossary-constants';
import { GLOSSARY, REPORT } from '../lib/glossary';
import type { GlossaryEntry, ReportMeta } from '../lib/glossary-schema';
import { createGlossarySearch } from '../lib/search';
import { timelineEvents } from '../lib/timeline';
import { EntryCard } from './EntryCard';
import { Timeline } from './Timeline';

export interface GlossaryAppProps {
  entries?: readonly GlossaryEntry[];
  report?: ReportMeta;
  /** What the filter box holds when the page opens (from `?q=`). */
  defaultQuery?: string;
}

type Arrangement = 'category' | 'az';

interface Group {
  /** Anchor id of the group's heading. */
  id: string;
  /** Label in the heading. */
  title: string;
  /** Label in the contents nav. */
  short: string;
  entries: GlossaryEntry[];
}

/** How long a revealed entry stays highlighted. */
const FLASH_MS = 2400;
/** A query longer than this is not a glossary term; the filter keeps its start. */
const MAX_QUERY = 200;

/** The filter's starting text from a page URL's query string: `?q=scc` → "scc". */
export function initialQuery(search: string): string {
  const q = new URLSearchParams(search).get('q') ?? '';
  return q.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY);
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byTerm = (a: GlossaryEntry, b: GlossaryEntry) => collator.compare(a.term, b.term);

/** The heading letter an entry is filed under: "A"…"Z", or "0–9" for "1978 Guidelines". */
function initialOf(entry: GlossaryEntry): string {
  const c = entry.term.charAt(0).toUpperCase();
  return /[A-Z]/.test(c) ? c : '0–9';
}

/** Every entry grouped by category, in the categories' order, A–Z within each. */
export function groupByCategory(entries: readonly GlossaryEntry[]): Group[] {
  return CATEGORIES.map((category) => ({
    id: `gl-category-${category}`,
    title: CATEGORY_LABELS[category],
    short: CATEGORY_LABELS[category],
    entries: entries.filter((e) => e.category === category).sort(byTerm),
  })).filter((g) => g.entries.length > 0);
}

/** Every entry A–Z, under letter headings. */
export function groupByInitial(entries: readonly GlossaryEntry[]): Group[] {
  const groups = new Map<string, GlossaryEntry[]>();
  for (const entry of [...entries].sort(byTerm)) {
    const letter = initialOf(entry);
    groups.set(letter, [...(groups.get(letter) ?? []), entry]);
  }
  return [...groups].map(([letter, list]) => ({
    id: `gl-letter-${letter === '0–9' ? 'digits' : letter}`,
    title: letter,
    short: letter,
    entries: list,
  }));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A count badge that reads as "(5 entries)" to a screen reader. */
function Count({ n }: { n: number }) {
  return (
    <>
      <span class="gl-count" aria-hidden="true">
        {n}
      </span>
      <span class="gl-visually-hidden"> ({plural(n, 'entry', 'entries')})</span>
    </>
  );
}

/** The entry id a location hash names, if it names one. */
function hashId(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    return '';
  }
}

/** The whole glossary on one page: citation, filter, contents, timeline and every entry card. */
export function GlossaryApp({ entries = GLOSSARY, report = REPORT, defaultQuery = '' }: GlossaryAppProps) {
  const [query, setQuery] = useState(defaultQuery);
  const [arrangement, setArrangement] = useState<Arrangement>('category');
  // `seq` makes revealing the same entry twice in a row still scroll and flash.
  const [target, setTarget] = useState<{ id: string; seq: number } | null>(null);
  const [flashId, setFlashId] = useState<string | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);

  const search = useMemo(() => createGlossarySearch(entries), [entries]);
  const byId = useMemo(() => new Map(entries.map((e) => [e.id, e])), [entries]);
  const events = useMemo(() => timelineEvents(entries), [entries]);
  const trimmed = query.trim();
  const results = useMemo(
    () =>
      trimmed
        ? search
            .search(trimmed)
            .map((hit) => byId.get(hit.id))
            .filter((e): e is GlossaryEntry => e !== undefined)
        : null,
    [search, byId, trimmed],
  );
  const groups = useMemo(
    () => (arrangement === 'category' ? groupByCategory(entries) : groupByInitial(entries)),
    [entries, arrangement],
  );

  // Shown entries, so that a hash naming a filtered-out entry clears the filter first.
  const shown = useRef<ReadonlySet<string>>(new Set());
  shown.current = new Set((results ?? entries).map((e) => e.id));

  const reveal = useCallback(
    (id: string) => {
      if (!byId.has(id)) return;
      if (!shown.current.has(id)) setQuery('');
      setTarget((t) => ({ id, seq: (t?.seq ?? 0) + 1 }));
    },
    [byId],
  );

  // `glossary.html#collective-self-defense` opens on that entry; so do timeline links and the
  // Back button, which all change the hash.
  useEffect(() => {
    const onHash = () => reveal(hashId(location.hash));
    onHash();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [reveal]);

  useEffect(() => {
    if (!target) return;
    const el = document.getElementById(target.id);
    if (!el) return;
    // Smoothness comes from CSS `scroll-behavior`, which the page turns off for reduced motion.
    el.scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
    setFlashId(target.id);
    const timer = setTimeout(() => setFlashId(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [target]);

  // Keep `?q=` in step with the filter, so a reload or a shared link shows the same results.
  useEffect(() => {
    const url = new URL(location.href);
    if (trimmed) url.searchParams.set('q', trimmed);
    else url.searchParams.delete('q');
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }, [trimmed]);

  // "/" jumps to the filter, as on many reference sites.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      filterRef.current?.focus();
      filterRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  /** Opens an entry from a related-term button: through the hash, so Back returns. */
  const openEntry = useCallback(
    (id: string) => {
      if (hashId(location.hash) === id) reveal(id);
      else location.hash = id;
    },
    [reveal],
  );

  const renderEntry = (entry: GlossaryEntry) => (
    <li
      key={entry.id}
      id={entry.id}
      class={flashId === entry.id ? 'gl-entry gl-entry-flash' : 'gl-entry'}
      tabIndex={-1}
    >
      <EntryCard entry={entry} card={entry} report={report} headingLevel={3} onOpenEntry={openEntry} />
    </li>
  );

  const status = results
    ? results.length
      ? `${plural(results.length, 'entry matches', 'entries match')} “${trimmed}”`
      : `No entry matches “${trimmed}”`
    : `${plural(entries.length, 'entry', 'entries')}`;

  return (
    <div class="gl-page">
      <header class="gl-masthead">
        <h1 class="gl-title">
          <span class="gl-brand">Glossary Lens</span>
          <span class="gl-visually-hidden"> — </span>
          <span class="gl-title-main">Glossary of the U.S.-Japan alliance</span>
        </h1>
        <p class="gl-source">
          Terms explained as in {report.author}, {report.authorRole}, “<cite>{report.title}</cite>,” {report.series},{' '}
          {report.publisher}, <time dateTime={report.date}>{report.dateLabel}</time>.
        </p>
        <p class="gl-source-note">
          Entries marked <span class="gl-badge">Background</span> give context the report does not.
        </p>
      </header>

      <div class="gl-layout">
        <div class="gl-sidebar">
          <div class="gl-filter" role="search" aria-label="Filter the glossary">
            <label class="gl-filter-label" for="gl-filter">
              Filter terms
            </label>
            <div class="gl-filter-field">
              <svg class="gl-filter-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
                <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
                <path d="M13 13l4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
              </svg>
              <input
                ref={filterRef}
                id="gl-filter"
                class="gl-filter-input"
                type="search"
                value={query}
                placeholder="SCC, 2+2, 自衛隊…"
                autocomplete="off"
                spellcheck={false}
                aria-describedby="gl-filter-hint"
                aria-controls="gl-entries"
                onInput={(e) => setQuery(e.currentTarget.value)}
                onKeyDown={(e) => {
                  // Firefox does not clear a search field on Escape; do it everywhere.
                  if (e.key === 'Escape' && query) {
                    e.preventDefault();
                    setQuery('');
                  }
                }}
              />
            </div>
            <p id="gl-filter-hint" class="gl-filter-hint">
              Term, acronym or Japanese name. Press <kbd>/</kbd> to filter, <kbd>Esc</kbd> to clear.
            </p>
            <p class="gl-status" role="status">
              {status}
            </p>
          </div>

          {!results && (
            <>
              <fieldset class="gl-arrange">
                <legend>Arrange</legend>
                <div class="gl-segmented">
                  {(
                    [
                      ['category', 'By category'],
                      ['az', 'A–Z'],
                    ] as const
                  ).map(([value, label]) => (
                    <label key={value} class="gl-segmented-option">
                      <input
                        type="radio"
                        name="gl-arrange"
                        value={value}
                        checked={arrangement === value}
                        onChange={() => setArrangement(value)}
                      />
                      <span>{label}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <nav class="gl-contents" aria-label="Contents">
                <ul class={arrangement === 'az' ? 'gl-contents-letters' : undefined}>
                  {arrangement === 'category' && (
                    <li>
                      <a href="#gl-timeline">Timeline</a>
                    </li>
                  )}
                  {groups.map((g) => (
                    <li key={g.id}>
                      <a href={`#${g.id}`}>
                        {g.short}
                        {arrangement === 'category' && <Count n={g.entries.length} />}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </>
          )}
        </div>

        <main class="gl-main" id="gl-entries">
          {results ? (
            <section class="gl-group" aria-labelledby="gl-results-heading">
              <h2 class="gl-group-heading" id="gl-results-heading">
                Results <Count n={results.length} />
              </h2>
              {results.length ? (
                <ol class="gl-entries">{results.map(renderEntry)}</ol>
              ) : (
                <div class="gl-empty">
                  <p>No entry matches “{trimmed}”.</p>
                  <p>
                    Try an acronym such as <kbd>SCC</kbd>, a Japanese name such as <span lang="ja">集団的自衛権</span>,
                    or fewer words.{' '}
                    <button type="button" class="gl-link-button" onClick={() => setQuery('')}>
                      Show every entry
                    </button>
                  </p>
                </div>
              )}
            </section>
          ) : (
            <>
              <section class="gl-timeline" id="gl-timeline" aria-labelledby="gl-timeline-heading">
                <h2 class="gl-group-heading" id="gl-timeline-heading">
                  Timeline
                </h2>
                <p class="gl-timeline-note">
                  Dated events in the glossary; each opens its entry. The dashed line marks the report (
                  {report.dateLabel}); hollow dots came after it.
                </p>
                <Timeline events={events} reportDate={report.date} labelledBy="gl-timeline-heading" />
              </section>
              {groups.map((g) => (
                <section key={g.id} class="gl-group" aria-labelledby={g.id}>
                  <h2 class="gl-group-heading" id={g.id}>
                    {g.title} <Count n={g.entries.length} />
                  </h2>
                  <ul class="gl-entries">{g.entries.map(renderEntry)}</ul>
                </section>
              ))}
            </>
          )}
        </main>
      </div>
    </div>
  );
}

import type { Matcher } from './matcher';

/** One entry's mentions in a document. */
export interface TermCount {
  entryId: string;
  count: number;
}

/** One match in a document. */
export interface PageMatch {
  entryId: string;
  /** The surface form, as the glossary writes it. */
  form: string;
  /** The text as it stands on the page. */
  text: string;
  /** The page (1-based). */
  page: number;
}

export interface DocumentTerms {
  /** Entries in order of first appearance, with their counts. */
  terms: TermCount[];
  /** The first page (1-based) on which each entry appears. */
  firstPage: Map<string, number>;
  occurrences: number;
}

export interface PageMatchOptions {
  /** Each page's text (index 0 is page 1); `undefined` for a page not read yet. */
  pages: readonly (string | undefined)[];
  matcher: Matcher;
  includeEntry?: (entryId: string) => boolean;
}

/** Every match of the glossary in the pages read so far, in reading order. */
export function matchesInPages({ pages, matcher, includeEntry = () => true }: PageMatchOptions): PageMatch[] {
  const out: PageMatch[] = [];
  pages.forEach((pageText, i) => {
    if (!pageText) return;
    for (const m of matcher.find(pageText)) {
      if (!includeEntry(m.entryId)) continue;
      const text = pageText.slice(m.start, m.end);
      out.push({ entryId: m.entryId, form: matcher.formFor(text) ?? text, text, page: i + 1 });
    }
  });
  return out;
}

export interface CountOptions extends PageMatchOptions {
  /** Per-match decision, as the annotator's `acceptMatch` makes it on a page (context gating). */
  acceptMatch?: (match: PageMatch) => boolean;
  /** Count only the first occurrence of each entry in the document. */
  firstOnly?: boolean;
}

/**
 * The glossary terms of a whole document, page by page, with the same matcher and filters as the
 * highlights: what the popup lists as "On this page" for a PDF, including pages not yet shown.
 */
export function countTermsInPages(options: CountOptions): DocumentTerms {
  const { acceptMatch, firstOnly = false } = options;
  const counts = new Map<string, number>();
  const firstPage = new Map<string, number>();
  let occurrences = 0;
  for (const m of matchesInPages(options)) {
    if (firstOnly && counts.has(m.entryId)) continue;
    if (acceptMatch && !acceptMatch(m)) continue;
    counts.set(m.entryId, (counts.get(m.entryId) ?? 0) + 1);
    if (!firstPage.has(m.entryId)) firstPage.set(m.entryId, m.page);
    occurrences++;
  }
  return { terms: [...counts].map(([entryId, count]) => ({ entryId, count })), firstPage, occurrences };
}

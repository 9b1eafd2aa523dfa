/**
 * The toolbar popup's state, without the DOM or `browser.*`: what is typed, which result is
 * active, which entries are open, and what the page reported, so the keyboard rules are
 * unit-tested as plain functions.
 */
import type { PageState } from './messages';
import { FILE_SITE } from './site-rules';

/** Performance marks the benchmark reads (bench/run.ts): the popup's first render, and its state shown. */
export const POPUP_RENDERED_MARK = 'glens:popup-rendered';
export const POPUP_READY_MARK = 'glens:popup-ready';

/** What the popup shows: the query, the active result (-1 for none) and the trail of open entries. */
export interface PopupView {
  query: string;
  active: number;
  /** Entries opened in place, oldest first; the last one is shown. Empty: the search or home view. */
  trail: string[];
}

export const INITIAL_VIEW: PopupView = { query: '', active: -1, trail: [] };

export type PopupAction =
  | { type: 'query'; query: string }
  | { type: 'move'; key: 'ArrowDown' | 'ArrowUp' | 'Home' | 'End'; count: number }
  | { type: 'open'; id: string }
  | { type: 'back' }
  | { type: 'escape' };

/** The next active index in a list of `count` results; arrows wrap round, as in a native list box. */
export function moveActive(active: number, count: number, key: 'ArrowDown' | 'ArrowUp' | 'Home' | 'End'): number {
  if (count <= 0) return -1;
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'ArrowDown':
      return active < 0 || active >= count - 1 ? 0 : active + 1;
    case 'ArrowUp':
      return active <= 0 ? count - 1 : active - 1;
  }
}

/**
 * What Escape does in this view: go back from the open entry (as the Back button does), else clear the query, else nothing
 * (the browser then closes the popup, as it does for any Escape the page leaves alone).
 */
export function escapeEffect(view: PopupView): 'back' | 'clear' | 'none' {
  if (view.trail.length > 0) return 'back';
  if (view.query) return 'clear';
  return 'none';
}

/** The popup's view after an action. */
export function popupReducer(view: PopupView, action: PopupAction): PopupView {
  switch (action.type) {
    case 'query':
      // A new query starts a new list: no result is active until the arrows pick one.
      return { query: action.query, active: -1, trail: [] };
    case 'move':
      return { ...view, active: moveActive(view.active, action.count, action.key) };
    case 'open':
      if (view.trail[view.trail.length - 1] === action.id) return view;
      return { ...view, trail: [...view.trail, action.id] };
    case 'back':
      return { ...view, trail: view.trail.slice(0, -1) };
    case 'escape': {
      const effect = escapeEffect(view);
      if (effect === 'back') return { ...view, trail: view.trail.slice(0, -1) };
      if (effect === 'clear') return INITIAL_VIEW;
      return view;
    }
  }
}

/** A term found on the page, ready to list. */
export interface PageTerm {
  entryId: string;
  term: string;
  count: number;
}

/**
 * The page's terms to list: those the glossary knows, most mentioned first, then by name.
 * Unknown ids (a content script from an older glossary) are left out.
 */
export function pageTermsForDisplay(
  terms: PageState['terms'],
  termOf: (entryId: string) => string | undefined,
): PageTerm[] {
  const out: PageTerm[] = [];
  for (const { entryId, count } of terms) {
    const term = termOf(entryId);
    if (term !== undefined && count > 0) out.push({ entryId, term, count });
  }
  return out.sort((a, b) => b.count - a.count || a.term.localeCompare(b.term, 'en'));
}

/** How a site is named in the popup: "nytimes.com", or "local files" for `file://`. */
export function siteLabel(site: string): string {
  return site === FILE_SITE ? 'local files' : site;
}

/** "1 term", "3 terms": counts in words. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

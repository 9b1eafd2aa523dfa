/**
 * Find in document for the PDF reader: a query over every page's text, as the person types it.
 * Case is ignored and any run of spaces in the query matches any run of spaces (or a line's end)
 * in the text.
 */

/** One match: its page (1-based) and its place in that page's text (`end` exclusive). */
export interface FindHit {
  page: number;
  start: number;
  end: number;
}

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Every match of `query` in the pages, in reading order, at most `limit` of them. */
export function findInPages(pages: readonly (string | undefined)[], query: string, limit = 5000): FindHit[] {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const re = new RegExp(words.map(escapeRe).join('\\s*'), 'giu');
  const hits: FindHit[] = [];
  for (let i = 0; i < pages.length && hits.length < limit; i++) {
    const text = pages[i];
    if (!text) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null && hits.length < limit) {
      if (!m[0].length) {
        re.lastIndex++;
        continue;
      }
      hits.push({ page: i + 1, start: m.index, end: m.index + m[0].length });
    }
  }
  return hits;
}

/** The next (or previous) hit's index from `current`, wrapping round; -1 when there are none. */
export function stepHit(count: number, current: number, direction: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

/** The first hit at or after a page, for a search started where the person is reading. */
export function firstHitFrom(hits: readonly FindHit[], page: number): number {
  if (!hits.length) return -1;
  const at = hits.findIndex((h) => h.page >= page);
  return at < 0 ? 0 : at;
}

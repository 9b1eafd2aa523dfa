import { describe, expect, it } from 'vitest';
import { findInPages, firstHitFrom, stepHit } from '../../lib/pdf-find';

const pages = ['The SCC met in Tokyo.', undefined, 'Typhoon season\nbrings the  SCC back; the scc agreed.'];

describe('findInPages', () => {
  it('finds every match in reading order, ignoring case, across pages not yet read', () => {
    expect(findInPages(pages, 'scc')).toEqual([
      { page: 1, start: 4, end: 7 },
      { page: 3, start: 27, end: 30 },
      { page: 3, start: 41, end: 44 },
    ]);
  });

  it('lets a space in the query match any run of spaces or a line break', () => {
    expect(findInPages(pages, 'season brings')).toEqual([{ page: 3, start: 8, end: 21 }]);
    expect(findInPages(pages, 'the SCC')).toHaveLength(3);
  });

  it('treats the query as text, not a pattern, and finds nothing for blanks', () => {
    expect(findInPages(['a (b) c.*'], '(b) c.*')).toEqual([{ page: 1, start: 2, end: 9 }]);
    expect(findInPages(pages, '   ')).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(findInPages(['a a a a'], 'a', 2)).toHaveLength(2);
  });
});

describe('stepping through hits', () => {
  it('wraps round both ways', () => {
    expect(stepHit(3, 2, 1)).toBe(0);
    expect(stepHit(3, 0, -1)).toBe(2);
    expect(stepHit(3, -1, 1)).toBe(0);
    expect(stepHit(3, -1, -1)).toBe(2);
    expect(stepHit(0, 0, 1)).toBe(-1);
  });

  it('starts from the page being read', () => {
    const hits = findInPages(pages, 'scc');
    expect(firstHitFrom(hits, 2)).toBe(1);
    expect(firstHitFrom(hits, 9)).toBe(0);
    expect(firstHitFrom([], 1)).toBe(-1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  clampZoom,
  currentPageFrom,
  fitWidthScale,
  MAX_ZOOM,
  MIN_ZOOM,
  pageAtLine,
  parsePageNumber,
  renderPlan,
  stepZoom,
  zoomLabel,
} from '../../lib/pdf-layout';

describe('zoom', () => {
  it('steps from wherever fit-width left it to the next step', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1.37, 1)).toBe(1.5);
    expect(stepZoom(1.37, -1)).toBe(1.25);
    expect(stepZoom(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(stepZoom(MIN_ZOOM, -1)).toBe(MIN_ZOOM);
  });

  it('fits a page to the width, within the zoom range', () => {
    expect(fitWidthScale({ available: 1280, pageWidth: 816, margin: 24 })).toBeCloseTo((1280 - 48) / 816);
    expect(fitWidthScale({ available: 100_000, pageWidth: 816 })).toBe(MAX_ZOOM);
    expect(fitWidthScale({ available: 0, pageWidth: 816 })).toBe(1);
    expect(clampZoom(Number.NaN)).toBe(1);
    expect(zoomLabel(1.254)).toBe('125%');
  });
});

describe('renderPlan', () => {
  it('draws the pages near the reader first, then one ahead and one behind', () => {
    const plan = renderPlan({ count: 300, near: new Set([10, 11]), rendered: new Set(), keep: 10 });
    expect(plan.render).toEqual([10, 11, 9, 12]);
    expect(plan.evict).toEqual([]);
  });

  it('skips pages already drawn and pages beyond the document', () => {
    const plan = renderPlan({ count: 3, near: new Set([3]), rendered: new Set([3]), keep: 10 });
    expect(plan.render).toEqual([2]);
  });

  it('lets go of the canvases farthest from the reader when there are too many', () => {
    const plan = renderPlan({ count: 300, near: new Set([50]), rendered: new Set([1, 2, 3, 49, 50, 51]), keep: 4 });
    expect(plan.render).toEqual([]);
    expect(plan.evict).toEqual([1, 2]);
  });

  it('does nothing with nothing in view', () => {
    expect(renderPlan({ count: 3, near: new Set(), rendered: new Set([1]), keep: 1 })).toEqual({
      render: [],
      evict: [],
    });
  });
});

describe('currentPageFrom', () => {
  it('is the page across the line a third of the way down, or the nearest', () => {
    const boxes = [
      { page: 4, top: -900, bottom: 100 },
      { page: 5, top: 112, bottom: 1112 },
    ];
    expect(currentPageFrom(boxes, 900)).toBe(5);
    expect(
      currentPageFrom(
        [
          { page: 4, top: -700, bottom: 350 },
          { page: 5, top: 362, bottom: 1362 },
        ],
        900,
      ),
    ).toBe(4);
    expect(currentPageFrom([{ page: 7, top: 500, bottom: 800 }], 900)).toBe(7);
    expect(currentPageFrom([], 900)).toBeNull();
  });
});

describe('pageAtLine', () => {
  // 300 pages of 1000 px with 12 px gaps, scrolled so that page 137 starts 100 px above the top.
  const boxOf = (scrolled: number) => (page: number) => {
    const top = (page - 1) * 1012 - scrolled;
    return { page, top, bottom: top + 1000 };
  };

  it('finds the page across the line by reading a handful of boxes', () => {
    let reads = 0;
    const counted = (page: number) => {
      reads++;
      return boxOf(136 * 1012 + 100)(page);
    };
    expect(pageAtLine(300, counted, 900)).toBe(137);
    expect(reads).toBeLessThan(12);
  });

  it('takes the nearer page when the line falls in a gap, and the ends of the document', () => {
    // The line (300 px) falls in the gap between pages 1 and 2 (1000 to 1012): page 2 is nearer.
    expect(pageAtLine(300, boxOf(707), 900)).toBe(2);
    expect(pageAtLine(300, boxOf(-500), 900)).toBe(1);
    expect(pageAtLine(300, boxOf(400_000), 900)).toBe(300);
    expect(pageAtLine(0, boxOf(0), 900)).toBeNull();
  });
});

describe('parsePageNumber', () => {
  it('reads a page of the document, nothing else', () => {
    expect(parsePageNumber(' 12 ', 300)).toBe(12);
    expect(parsePageNumber('0', 300)).toBeNull();
    expect(parsePageNumber('301', 300)).toBeNull();
    expect(parsePageNumber('1e2', 300)).toBeNull();
  });
});

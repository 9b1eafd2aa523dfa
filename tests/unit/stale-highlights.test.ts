import { describe, expect, it } from 'vitest';
import { mayHoldStaleHighlights } from '../../lib/stale-highlights';

/** A document as a page would have it, with `head` and `html` extras added to <head> and <html>. */
function page({ head = '', html = '' }: { head?: string; html?: string } = {}): Document {
  const doc = document.implementation.createHTMLDocument('A page');
  doc.head.insertAdjacentHTML('beforeend', `<meta charset="utf-8"><style>p { color: red }</style>${head}`);
  doc.body.innerHTML = '<p>The SCC met.</p><glens-term>not ours to judge: in the body</glens-term>';
  doc.documentElement.insertAdjacentHTML('beforeend', html);
  return doc;
}

describe('mayHoldStaleHighlights', () => {
  it('says no for a page with nothing of ours in <head> or under <html>, whatever its body holds', () => {
    // The body is never walked: that is the query this test spares every page.
    expect(mayHoldStaleHighlights(page())).toBe(false);
  });

  it('says yes for our stylesheet, WXT’s document styles or our popover', () => {
    expect(mayHoldStaleHighlights(page({ head: '<style data-glens-style></style>' }))).toBe(true);
    expect(mayHoldStaleHighlights(page({ head: '<style wxt-shadow-root-document-styles="x"></style>' }))).toBe(true);
    expect(mayHoldStaleHighlights(page({ html: '<glens-popover></glens-popover>' }))).toBe(true);
    expect(mayHoldStaleHighlights(page({ html: '<style data-glens-style></style>' }))).toBe(true);
  });

  it('says yes when there is no <head> to ask', () => {
    const doc = page();
    doc.head.remove();
    expect(mayHoldStaleHighlights(doc)).toBe(true);
  });
});

import { OWN_UI_TAGS, TERM_TAG } from './dom-text';

/**
 * Takes out what an earlier copy of the content script left on the page when it died without
 * cleaning up. Firefox unloads an extension's content scripts on reload or update without running
 * any of their code, then injects the new version into the open tabs, which would otherwise find
 * the old highlights, popover and stylesheet still there, beside its own and counted by no one.
 *
 * The annotator leaves a split text node as: the page's node (its text before the highlight),
 * the highlight, and one text node of ours after it. Each highlight and the text after it go back
 * into the node before it, so the page's own text nodes hold their whole text again. Call before
 * annotating: every highlight found is taken to belong to no one. Returns how many there were.
 */
export function removeStaleHighlights(doc: Document): number {
  const terms = [...doc.querySelectorAll(TERM_TAG)];
  for (const el of terms) {
    const parent = el.parentNode;
    if (!parent) continue;
    const prev = el.previousSibling;
    const into = prev?.nodeType === Node.TEXT_NODE ? (prev as Text) : parent.insertBefore(doc.createTextNode(''), el);
    into.appendData(el.textContent ?? '');
    const next = el.nextSibling;
    el.remove();
    if (next?.nodeType === Node.TEXT_NODE) {
      into.appendData((next as Text).data);
      next.remove();
    }
  }
  const ours = [...OWN_UI_TAGS, 'style[data-glens-style]', 'style[wxt-shadow-root-document-styles]'];
  for (const el of doc.querySelectorAll(ours.join(', '))) el.remove();
  return terms.length;
}

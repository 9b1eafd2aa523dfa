import { OWN_UI_TAGS, TERM_TAG } from './dom-text';
import { HIGHLIGHT_STYLE_ATTR } from './highlight-style';

/** Our stylesheets, as removeStaleHighlights finds them. */
const OUR_STYLES = `style[${HIGHLIGHT_STYLE_ATTR}], style[wxt-shadow-root-document-styles]`;

/**
 * Whether an earlier copy of the content script may have left something: its highlights come with
 * its stylesheet (added to <head> with the first of them), its popover hangs off <html>. Asking
 * <head> and the children of <html> costs next to nothing; removeStaleHighlights's queries walk the
 * whole page, at every page's start (1 ms on a 1 MB page, 6-8 ms on a 7 MB one).
 */
export function mayHoldStaleHighlights(doc: Document): boolean {
  if (!doc.head || doc.head.querySelector(OUR_STYLES)) return true;
  for (let el = doc.documentElement.firstElementChild; el; el = el.nextElementSibling) {
    if ((OWN_UI_TAGS as readonly string[]).includes(el.localName) || el.matches(OUR_STYLES)) return true;
  }
  return false;
}

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
  for (const el of doc.querySelectorAll(`${OWN_UI_TAGS.join(', ')}, ${OUR_STYLES}`)) el.remove();
  return terms.length;
}

/**
 * A PDF page's text as the reader annotates it. pdf.js gives a page's text as runs ("items"), and
 * marks the end of each line with a `<br>` in its text layer. The annotator reads a `<br>` as a
 * block boundary, and the runs carry no space at a line's end, so "collective" / "self-defense"
 * on two lines would read "collectiveself-defense" or not at all. The reader therefore turns each
 * line break into the separator a reader would hear: a space between words, nothing after a
 * hyphen or between Japanese characters. One rule serves both the text layer (the DOM) and the
 * document's term index (strings), so the popup's counts are the highlights' counts.
 */

/** A run of text, or `null` for a line break. */
export type TextToken = string | null;

const SPACE = /\s/u;
// A line ending in a hyphen continues the word: "U.S.-" / "Japan", "self-" / "defense".
const JOINING_END = /[-\u00AD\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFF0D]$/u;
// Japanese (and Chinese) text takes no spaces between words.
const CJK = /[\u2E80-\u2FDF\u3000-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/u;

/** What a line break between `before` and `after` reads as: a space, or nothing. */
export function lineJoiner(before: string, after: string): '' | ' ' {
  const last = before.slice(-1);
  const first = after.slice(0, 1);
  if (!last || !first || SPACE.test(last) || SPACE.test(first)) return '';
  if (JOINING_END.test(before)) return '';
  if (CJK.test(last) || CJK.test(first)) return '';
  return ' ';
}

/**
 * For each line break in `tokens` (by index), the text it reads as. A break with no text before
 * or after it reads as nothing; consecutive breaks (blank lines) give one separator at most.
 */
export function breakJoiners(tokens: readonly TextToken[]): Map<number, '' | ' '> {
  const out = new Map<number, '' | ' '>();
  let before = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token !== null && token !== undefined) {
      before = token ? before.slice(-1) + token : before;
      continue;
    }
    let after = '';
    for (let j = i + 1; j < tokens.length && !after; j++) after = tokens[j] ?? '';
    const joiner = lineJoiner(before, after);
    out.set(i, joiner);
    if (joiner) before += joiner;
  }
  return out;
}

/** A page's text from pdf.js text items (`{ str, hasEOL }`; marked-content items have no `str`). */
export function pageTextFromItems(items: readonly object[]): string {
  const tokens: TextToken[] = [];
  for (const item of items) {
    const { str, hasEOL } = item as { str?: unknown; hasEOL?: unknown };
    if (typeof str !== 'string') continue;
    tokens.push(str);
    if (hasEOL === true) tokens.push(null);
  }
  const joiners = breakJoiners(tokens);
  return tokens.map((t, i) => (t === null ? (joiners.get(i) ?? '') : t)).join('');
}

/**
 * Rewrites a pdf.js text layer so that its text reads as `pageTextFromItems` reads the items: each
 * `<br>` goes, and where it stood for a space, the line's last run ends with one. The space goes
 * inside that run's span, after its text, so no glyph moves (the span's width was fitted to its
 * text before); the `<br>`s only ever carried line breaks for copying.
 */
export function normalizeTextLayer(container: Element): void {
  const nodes = [...container.querySelectorAll('span:not(.markedContent), br')];
  const tokens: TextToken[] = nodes.map((n) => (n.localName === 'br' ? null : (n.textContent ?? '')));
  const joiners = breakJoiners(tokens);
  let lastRun: Element | null = null;
  nodes.forEach((node, i) => {
    if (node.localName !== 'br') {
      if (node.textContent) lastRun = node;
      return;
    }
    if (joiners.get(i) && lastRun) lastRun.append(' ');
    node.remove();
  });
}

/**
 * A DOM range over the text from `start` to `end` (offsets into the concatenated text of every
 * text node under `root`), or null when the text is shorter. Highlights and the annotator's
 * wrapping leave that text as it was, so a page's offsets stay valid after annotation.
 */
export function textRangeAt(root: Node, start: number, end: number): Range | null {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = doc.createRange();
  let pos = 0;
  let started = false;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const len = n.data.length;
    if (!started && start < pos + len) {
      range.setStart(n, start - pos);
      started = true;
    }
    if (started && end <= pos + len) {
      range.setEnd(n, end - pos);
      return range;
    }
    pos += len;
  }
  return null;
}

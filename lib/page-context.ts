/**
 * The context decisions for one page: which text lib/context.ts reads (the page, capped, or for
 * a long page the section around a match), one decision per scope and form, and the tally the
 * popup's "Why these terms?" shows. It reads the DOM but calls no `browser.*`, so the unit tests
 * and the corpus test run it exactly as the content script does.
 */
import type { ContextModel, FormDecision, ScopeEvidence, TopicVerdict } from './context';
import {
  BLOCK_TAGS,
  ELEMENT_NODE,
  EXCLUDED_TAGS,
  hasOwnText,
  isBlockElement,
  isExcludedElement,
  isExcludedTag,
  type LeafReading,
  nextPast,
  SHOW_ELEMENTS_AND_TEXT,
  TERM_TAG,
  TEXT_NODE,
  xpathFits,
} from './dom-text';

/** What the annotator asks of each match before wrapping it (its `acceptMatch` option). */
export interface MatchQuery {
  entryId: string;
  /** The surface form, as the glossary writes it. */
  form: string;
  /** The page's own text. */
  text: string;
  /** The block the match stands in. */
  block: Element;
}

/** How one ambiguous form fared on this page. */
export interface FormTally {
  entryId: string;
  form: string;
  kept: number;
  dropped: number;
  /** The decision for the whole page, or for a long page the latest section's. */
  decision: FormDecision;
}

/** Everything the popup shows about this page's context. */
export interface PageExplanation {
  /** "page": one decision for the page; "sections": a long page, decided section by section. */
  scope: 'page' | 'sections';
  /** Characters of the page read, and whether that was all of it. */
  chars: number;
  truncated: boolean;
  topic: TopicVerdict;
  forms: FormTally[];
}

export interface PageContext {
  /** Whether to highlight a match: always for forms that need no context, else as decided. */
  accept(match: MatchQuery): boolean;
  /** Why the page's ambiguous terms were kept or dropped. */
  explain(): PageExplanation;
  /**
   * Reads the page again and tells whether its decisions would change (a page that filled itself
   * in after load, say), so that the caller can start afresh. Cheap when nothing changed.
   */
  stale(): boolean;
  /**
   * For the annotator's reading of the whole page (its `readingOfRoot`): the leaves it hands on
   * spare each section it passes a read of its own, until the reading is closed.
   */
  reading(): LeafReading;
  /**
   * Milliseconds spent so far reading the page's text for context and judging it (the page, each
   * section), the costly part of `accept`: reported with each pass for the benchmark.
   */
  costMs(): number;
}

export interface PageContextOptions {
  root: Element;
  model: ContextModel;
  /** The document's title, which says what a page is about better than most of its text. */
  title?: string;
  /** Characters of the page read for its evidence; a 7 MB page is judged by its beginning. */
  maxPageChars?: number;
  /** Above this many characters a page is long: each section is judged on its own. */
  longPageChars?: number;
  /** The most characters read from one section. */
  maxSectionChars?: number;
  /** Milliseconds from some fixed point, for `costMs` (performance.now by default). */
  now?: () => number;
}

/** Elements that hold one piece of writing on a page of many. */
const SECTION_SELECTOR = 'article, section, [role="article"], [role="region"], main, [role="main"]';
/** Headings that start a new section where the markup has no section elements. */
const HEADING_SELECTOR = 'h1, h2';

/** Inside an element holding none of these, its `textContent` is its text as read here. */
const NOT_PLAIN_SELECTOR = `${[...BLOCK_TAGS, ...EXCLUDED_TAGS].filter((t) => t !== TERM_TAG).join(',')},[contenteditable]`;
/** Whether an element's `textContent` is its text as read here: it holds no block and nothing excluded. */
// firstElementChild, not childElementCount: Gecko counts the children, through an Xray.
const isPlain = (el: Element): boolean => !el.firstElementChild || !el.querySelector(NOT_PLAIN_SELECTOR);
/** Past this depth a subtree is walked node by node rather than element by element. */
const MAX_DEPTH = 200;
/**
 * What stands between two blocks' texts in the text the context reads: the record separator, a
 * control character no form holds and the fold keeps (it is not whitespace), so that no form and no
 * cue is found across two blocks, as the annotator never finds one.
 */
export const BLOCK_BREAK = '\u001E';
const LEADING_SPACE = /^\s+/;
const TRAILING_SPACE = /\s+$/;
const SPACE = /\s/;

/**
 * A piece of text without its trailing whitespace, which is `trailing`, and without its leading
 * whitespace too when it starts at a block's edge (`edge`). Whitespace as the fold reads it: a
 * no-break space is whitespace.
 */
function edgeTrimmed(data: string, edge: boolean): { text: string; trailing: string } {
  let text = edge && SPACE.test(data[0]!) ? data.replace(LEADING_SPACE, '') : data;
  let trailing = '';
  if (text && SPACE.test(text[text.length - 1]!)) {
    const kept = text.replace(TRAILING_SPACE, '');
    trailing = text.slice(kept.length);
    text = kept;
  }
  return { text, trailing };
}

/**
 * Reads the text under `root` that the annotator reads, and the text of our own highlights too
 * (a section read after some of it was annotated must still see its terms), its blocks' texts
 * parted by BLOCK_BREAK. Whitespace at a block's edge is left out: it says nothing (the source's
 * indentation between paragraphs, a line break after a `<p>`), and whitespace between two texts of
 * one block is kept.
 * Starts after `from` when given; stops at an element `stopAt` picks, or after `max` characters.
 *
 * Without `from` and `stopAt` (a section, or the page) it takes an element holding no block and
 * nothing excluded in one `textContent` call instead of node by node (a V8 wrapper per node, an
 * Xray call in Firefox): the same text, exactly, as the walk (a property test checks it).
 */
export function readText(
  root: Node,
  { max, from, stopAt }: { max: number; from?: Node; stopAt?: (el: Element) => boolean },
): { text: string; complete: boolean } {
  const parts: string[] = [];
  let chars = 0;
  let boundary = false;
  let full = false;
  /** Whitespace read since the last text, kept if more text of the same block follows. */
  let space = '';
  /** Adds one text node's text (or a plain element's: its text nodes, nothing between them). */
  const push = (data: string): boolean => {
    // An empty text node (a script's leftover) adds nothing, not even a block break.
    if (!data) return false;
    const edge = boundary || chars === 0;
    const { text, trailing } = edgeTrimmed(data, edge);
    if (!text) {
      if (!edge) space += trailing;
      return false;
    }
    if (chars >= max) return (full = true);
    if (boundary && chars > 0) {
      parts.push(BLOCK_BREAK);
      chars++;
    } else if (space) {
      parts.push(space);
      chars += space.length;
    }
    space = trailing;
    boundary = false;
    parts.push(text);
    chars += text.length;
    return false;
  };
  /** Excluded from reading, but for our own highlights, whose text the page's is. */
  const skipped = (el: Element) => el.localName !== TERM_TAG && isExcludedElement(el);
  // In the element-by-element read below, each element's name is asked once and its editors come
  // from one query: every DOM call is a V8 wrapper's, and in Firefox an Xray call (profiled).
  let editors: Set<Element> | null = null;
  const isEditor = (el: Element) =>
    (editors ??= new Set((root as ParentNode).querySelectorAll('[contenteditable]'))).has(el);
  /** Walks what is under `under` node by node, from `start`; true when it stopped early. */
  const walk = (under: Node, start?: Node): boolean => {
    const doc = under.ownerDocument ?? (under as Document);
    // No NodeFilter callback: calling into script for every node is what makes a walk slow (see
    // lib/dom-text.ts); excluded elements are skipped by moving the walker past them.
    const walker = doc.createTreeWalker(under, SHOW_ELEMENTS_AND_TEXT);
    if (start) walker.currentNode = start;
    for (let n = walker.nextNode(); n;) {
      if (n.nodeType === ELEMENT_NODE) {
        const el = n as Element;
        if (stopAt?.(el)) return true;
        if (skipped(el)) {
          boundary = true;
          n = nextPast(walker, el);
          continue;
        }
        if (isBlockElement(el)) boundary = true;
      } else if (n.nodeType === TEXT_NODE && push((n as Text).data)) return true;
      n = walker.nextNode();
    }
    return false;
  };
  /** Reads what is under `node` element by element, taking plain elements whole. */
  const read = (node: Node, depth: number): boolean => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      const type = child.nodeType;
      if (type === TEXT_NODE) {
        if (push((child as Text).data)) return true;
        continue;
      }
      if (type !== ELEMENT_NODE) continue;
      const el = child as Element;
      const name = el.localName;
      if (name !== TERM_TAG && (isExcludedTag(name) || isEditor(el))) {
        boundary = true;
        continue;
      }
      if (BLOCK_TAGS.has(name)) boundary = true;
      const whole = isPlain(el) ? el.textContent : null;
      const stopped = whole !== null ? push(whole) : depth < MAX_DEPTH ? read(el, depth + 1) : walk(el);
      if (stopped) return true;
    }
    return false;
  };
  if (from || stopAt) walk(root, from);
  else read(root, 0);
  const text = parts.join('').slice(0, max);
  return { text, complete: !full && chars <= max };
}

/** The element's blocks, if it holds nothing else (nothing excluded counts), else null. */
function blocksOf(el: Element, byXPath: boolean): Element[] | null {
  const out: Element[] = [];
  for (let child = el.firstElementChild; child; child = child.nextElementSibling) {
    const name = child.localName;
    if (name !== TERM_TAG && isExcludedTag(name)) continue;
    if (!BLOCK_TAGS.has(name)) return null;
    out.push(child);
  }
  return out.length && !hasOwnText(el, byXPath) ? out : null;
}

/**
 * A leaf's text as `readText(leaf, { max })` reads it. For a leaf the reading took up whole without
 * splitting it into its blocks (a table or a list with no term in it, see lib/dom-text.ts), split as
 * the reading splits a container, each block taken whole where it is plain, as a leaf is: the
 * calls the reading saved are made here, only for a section a term needs judged, and `readText`
 * would make more (a query for what is not plain in each element). `byXPath`: see `hasOwnText`.
 */
function leafText(leaf: Element, max: number, byXPath: boolean): string {
  const top = blocksOf(leaf, byXPath);
  // An editor is left out as readText leaves it out; rare enough to take the slow way.
  if (!top || leaf.querySelector('[contenteditable]')) return readText(leaf, { max }).text;
  const parts: string[] = [];
  let chars = 0;
  /** Adds the element's text; true once past `max`. */
  const visit = (el: Element, depth: number): boolean => {
    const blocks = depth < MAX_DEPTH ? blocksOf(el, byXPath) : null;
    if (blocks) return blocks.some((block) => visit(block, depth + 1));
    const text = isPlain(el) ? (el.textContent ?? '').trim() : readText(el, { max: max - chars + 1 }).text;
    if (!text) return false;
    if (chars > 0) {
      parts.push(BLOCK_BREAK);
      chars++;
    }
    parts.push(text);
    chars += text.length;
    return chars > max;
  };
  top.some((block) => visit(block, 1));
  return parts.join('').slice(0, max);
}

/** The leaves one reading of the root handed on (lib/dom-text.ts, `onLeaf`), in document order. */
export interface LeafNotes {
  leaves: Element[];
  /** Each leaf's `textContent`, as the reading read it. */
  texts: string[];
  /** Whether each leaf's text may hold a form (`mayContain` said so): the others hold none. */
  mayHold: boolean[];
  /** Whether the reading has handed on every leaf. */
  done: boolean;
  /** Each leaf's place in `leaves`, as far as it was asked for (none on most pages). */
  index?: Map<Element, number>;
}

/**
 * A section's text as `readText(section, { max })` reads it, made from the leaves a reading of the
 * root handed on instead of reading the section again (in Firefox, a call through an Xray for each
 * element): each leaf's text, parted by BLOCK_BREAK, a leaf holding a block or anything excluded
 * read as `readText` reads it: the same text, exactly (a property test checks it). With it,
 * `formsText`: the texts of the leaves that may hold a form, where all the section's forms are.
 * `undefined` when the notes cannot tell: `block` is in no leaf they hold, or the reading has not
 * passed the section's end and its text so far is within `max`.
 */
export function sectionTextFromLeaves(
  notes: LeafNotes,
  section: Element,
  block: Element,
  max: number,
): { text: string; complete: boolean; formsText: string } | undefined {
  const { leaves, texts, mayHold } = notes;
  const index = (notes.index ??= new Map<Element, number>());
  for (let i = index.size; i < leaves.length; i++) index.set(leaves[i]!, i);
  let at: number | undefined;
  for (let el: Element | null = block; el && at === undefined; el = el === section ? null : el.parentElement) {
    at = index.get(el);
  }
  if (at === undefined) return undefined;
  // The section's leaves stand together: its edges are found by doubling steps, then halving.
  const inside = (i: number) => section.contains(leaves[i]!);
  const edge = (step: 1 | -1): number => {
    const end = step > 0 ? leaves.length : -1;
    let last = at;
    let out = at + step;
    for (let jump = 1; out !== end && inside(out); jump *= 2) {
      last = out;
      out = step > 0 ? Math.min(end, at + 2 * jump * step) : Math.max(end, at + 2 * jump * step);
    }
    while (Math.abs(out - last) > 1) {
      const mid = (out + last) >> 1;
      if (inside(mid)) last = mid;
      else out = mid;
    }
    return out;
  };
  const from = edge(-1) + 1;
  const to = edge(1);
  const parts: string[] = [];
  const forms: string[] = [];
  let chars = 0;
  let byXPath: boolean | undefined;
  for (let i = from; i < to; i++) {
    const leaf = leaves[i]!;
    // As readText reads it: whitespace beside a block's edge says nothing.
    const text = isPlain(leaf)
      ? texts[i]!.trim()
      : leafText(leaf, max - chars + 1, (byXPath ??= xpathFits(leaf.ownerDocument)));
    if (!text) continue;
    if (chars > 0) {
      parts.push(BLOCK_BREAK);
      chars++;
    }
    parts.push(text);
    if (mayHold[i]) forms.push(text);
    chars += text.length;
    if (chars > max) return { text: parts.join('').slice(0, max), complete: false, formsText: '' };
  }
  // The reading may not have reached the section's end yet.
  if (to === leaves.length && !notes.done) return undefined;
  return { text: parts.join(''), complete: true, formsText: forms.join(BLOCK_BREAK) };
}

/**
 * Steps from `start` (by `step`) to the first element `find` answers for, or to one `memo` already
 * knows, and remembers the answer for every element passed: a page's blocks share a few parents
 * and siblings, so each element is asked about once.
 */
function memoisedWalk(
  memo: WeakMap<Element, Element | null>,
  start: Element | null,
  step: (el: Element) => Element | null,
  find: (el: Element) => Element | null,
): Element | null {
  const seen: Element[] = [];
  let found: Element | null = null;
  for (let el = start; el; el = step(el)) {
    const known = memo.get(el);
    if (known !== undefined) {
      found = known;
      break;
    }
    seen.push(el);
    found = find(el);
    if (found) break;
  }
  for (const el of seen) memo.set(el, found);
  return found;
}

/**
 * Creates the page's context. It reads the page's text (capped) and judges it, and each section of
 * a long page, when first asked about a term that needs context: a page without one (most pages)
 * is never read for it.
 */
export function createPageContext(options: PageContextOptions): PageContext {
  const { root, model, title = '', maxPageChars = 60_000, longPageChars = 40_000, maxSectionChars = 20_000 } = options;
  // The clock object looked up once: in Firefox each read of a global goes through an Xray.
  const clock = performance;
  const now = options.now ?? (() => clock.now());
  let cost = 0;
  /** Runs a read or a judgement of the page's text, adding its time to `cost`. */
  const costly = <T>(work: () => T): T => {
    const t0 = now();
    try {
      return work();
    } finally {
      cost += now() - t0;
    }
  };

  const readPage = () => {
    const { text, complete } = readText(root, { max: maxPageChars });
    return { text: title ? `${title}${BLOCK_BREAK}${text}` : text, complete };
  };
  let read: { text: string; complete: boolean } | null = null;
  /** Whether the page is judged section by section, set when the page is first read. */
  let long = false;
  const page = () => {
    if (!read) {
      read = costly(readPage);
      long = !read.complete || read.text.length > longPageChars;
    }
    return read;
  };
  let evidenceOfPage: ScopeEvidence | null = null;
  const pageEvidence = (): ScopeEvidence => {
    if (!evidenceOfPage) {
      const { text } = page();
      evidenceOfPage = costly(() => model.evidence(text));
    }
    return evidenceOfPage;
  };

  /** A scope of a long page (a section, or the stretch under a heading): its evidence, read once. */
  interface Scope {
    evidence: ScopeEvidence;
    decisions: Map<string, FormDecision>;
  }
  const judge = (text: string, formsText?: string): Scope => ({
    evidence: model.evidence(text, formsText),
    decisions: new Map(),
  });
  /** The scope each block was found in, so that its many matches look it up once. */
  const scopes = new WeakMap<Element, Scope>();
  /** Each section element's scope; null for one too long to judge alone. */
  const sectionScopes = new WeakMap<Element, Scope | null>();
  /** The scope under each heading (under the root: before the first). */
  const headingScopes = new WeakMap<Element, Scope>();

  const decisions = new Map<string, FormDecision>();
  const tallies = new Map<string, FormTally>();

  /** What the annotator's reading of the whole page has handed on, while it lasts. */
  let notes: LeafNotes | null = null;
  const reading = (): LeafReading => {
    const mine: LeafNotes = { leaves: [], texts: [], mayHold: [], done: false };
    notes = mine;
    return {
      leaf(el, text, mayHold) {
        mine.leaves.push(el);
        mine.texts.push(text);
        mine.mayHold.push(mayHold);
      },
      done() {
        mine.done = true;
      },
      close() {
        if (notes === mine) notes = null;
      },
    };
  };

  /** The nearest section element at or above each element asked about. */
  const sectionAbove = new WeakMap<Element, Element | null>();
  /** The nearest section element under the root, if any. */
  const sectionElement = (block: Element): Element | null => {
    const el = memoisedWalk(
      sectionAbove,
      block,
      (e) => e.parentElement,
      (e) => (e.matches(SECTION_SELECTOR) ? e : null),
    );
    return el && el !== root && root.contains(el) ? el : null;
  };

  /** The last h1/h2 in an element or before it among its siblings, for each element asked about. */
  const headingThrough = new WeakMap<Element, Element | null>();
  const lastHeadingThrough = (start: Element | null): Element | null =>
    memoisedWalk(
      headingThrough,
      start,
      (e) => e.previousElementSibling,
      (e) => {
        const inside = e.matches(HEADING_SELECTOR) ? [e] : e.querySelectorAll(HEADING_SELECTOR);
        return inside[inside.length - 1] ?? null;
      },
    );

  /** The h1/h2 that starts the block's region, or null before the first. */
  const headingBefore = (block: Element): Element | null => {
    if (block.matches(HEADING_SELECTOR)) return block;
    for (let el: Element | null = block; el && el !== root; el = el.parentElement) {
      const heading = lastHeadingThrough(el.previousElementSibling);
      if (heading) return heading;
    }
    return null;
  };

  // HEADING_SELECTOR by name: asked of every element a section read passes.
  const isHeading = (el: Element) => el.localName === 'h1' || el.localName === 'h2';

  /**
   * The block's scope: its section element, if that is short enough to be one piece of writing
   * (whether it is, and its evidence, come from one read that stops past `maxSectionChars`: a
   * section as long as the page is not read whole), else the stretch under its heading.
   */
  const scopeOf = (block: Element): Scope => {
    const section = sectionElement(block);
    if (section) {
      let scope = sectionScopes.get(section);
      if (scope === undefined) {
        scope = costly(() => {
          const fromLeaves = notes && sectionTextFromLeaves(notes, section, block, maxSectionChars);
          if (fromLeaves) return fromLeaves.complete ? judge(fromLeaves.text, fromLeaves.formsText) : null;
          const { text, complete } = readText(section, { max: maxSectionChars });
          return complete ? judge(text) : null;
        });
        sectionScopes.set(section, scope);
      }
      if (scope) return scope;
    }
    const heading = headingBefore(block);
    const key = heading ?? root;
    let scope = headingScopes.get(key);
    if (!scope) {
      scope = costly(() =>
        judge(readText(root, { max: maxSectionChars, from: heading ?? undefined, stopAt: isHeading }).text),
      );
      headingScopes.set(key, scope);
    }
    return scope;
  };

  const decide = (block: Element, entryId: string, form: string): FormDecision => {
    page();
    if (!long) {
      const key = `page\u0000${entryId}\u0000${form}`;
      let decision = decisions.get(key);
      if (!decision) {
        decision = model.decide({ evidence: pageEvidence(), entryId, form });
        decisions.set(key, decision);
      }
      return decision;
    }
    let scope = scopes.get(block);
    if (!scope) {
      scope = scopeOf(block);
      scopes.set(block, scope);
    }
    const key = `${entryId}\u0000${form}`;
    let decision = scope.decisions.get(key);
    if (!decision) {
      decision = model.decide({ evidence: scope.evidence, entryId, form, page: pageEvidence() });
      scope.decisions.set(key, decision);
    }
    return decision;
  };

  const accept = ({ entryId, form, block }: MatchQuery): boolean => {
    if (!model.isAmbiguous(entryId, form)) return true;
    const decision = decide(block, entryId, form);
    const key = `${entryId}\u0000${decision.form}`;
    const tally = tallies.get(key) ?? { entryId, form: decision.form, kept: 0, dropped: 0, decision };
    if (decision.keep) tally.kept++;
    else tally.dropped++;
    tally.decision = decision;
    tallies.set(key, tally);
    return decision.keep;
  };

  const explain = (): PageExplanation => {
    const { text, complete } = page();
    return {
      scope: long ? 'sections' : 'page',
      chars: text.length,
      truncated: !complete,
      topic: model.topic(pageEvidence()),
      forms: [...tallies.values()].map((t) => ({ ...t })),
    };
  };

  const stale = (): boolean => {
    // Nothing judged yet: the first term that needs context will read the page as it is then.
    if (!read) return false;
    // A long page is judged section by section, and new sections are judged as they come.
    if (long) return false;
    const next = costly(readPage);
    if (Math.abs(next.text.length - read.text.length) < Math.max(200, read.text.length / 4)) return false;
    const evidence = costly(() => model.evidence(next.text));
    const changed =
      model.topic(evidence).about !== model.topic(pageEvidence()).about ||
      [...tallies.values()].some(
        (t) => model.decide({ evidence, entryId: t.entryId, form: t.form }).keep !== t.decision.keep,
      );
    read = next;
    evidenceOfPage = evidence;
    decisions.clear();
    return changed;
  };

  return { accept, explain, stale, reading, costMs: () => cost };
}

/**
 * Reading a page's text the way the annotator sees it: which elements are never touched, which
 * elements break text into separate runs, and the runs ("segments") a term can span.
 */
import { canonicalText } from './text-normalize';

/** The custom element wrapping each highlighted occurrence. */
export const TERM_TAG = 'glens-term';
/** Host elements of our own UI: never scanned. */
export const OWN_UI_TAGS = ['glens-popover'] as const;

/**
 * Node types and walker filters as numbers: `Node.TEXT_NODE` or `NodeFilter.SHOW_TEXT` reads a
 * global, which in a Firefox content script goes through the page window's Xray wrapper at every
 * use (profiled: most of the context's section read's own time, before these).
 */
export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
/** Node.DOCUMENT_POSITION_PRECEDING. */
const DOCUMENT_POSITION_PRECEDING = 2;
/** NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT. */
export const SHOW_ELEMENTS_AND_TEXT = 0x1 | 0x4;

/** Elements whose text is never annotated, with everything inside them. */
export const EXCLUDED_TAGS: readonly string[] = [
  ...'script style noscript template textarea input select option button code pre kbd samp svg math iframe title head object embed canvas video audio'.split(
    ' ',
  ),
  TERM_TAG,
  ...OWN_UI_TAGS,
];

const excludedSet = new Set<string>(EXCLUDED_TAGS);

/** Elements that end a run of text: a term never spans two of them. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set(
  (
    'address article aside blockquote body br caption dd details dialog div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu ' +
    'nav ol p section summary table tbody td tfoot th thead tr ul img'
  ).split(' '),
);

/** True when elements of this (local) name are never annotated, with everything inside them. */
export function isExcludedTag(name: string): boolean {
  return excludedSet.has(name);
}

/** True when the element and everything inside it must never be annotated. */
export function isExcludedElement(el: Element): boolean {
  return excludedSet.has(el.localName) || el.hasAttribute('contenteditable');
}

/** True when the element separates runs of text. */
export function isBlockElement(el: Element): boolean {
  return BLOCK_TAGS.has(el.localName);
}

/** True when the node is inside (or is) an excluded element, looking up to the document. */
export function isInExcludedRegion(node: Node): boolean {
  for (let el = node.nodeType === ELEMENT_NODE ? (node as Element) : parentAcross(node); el; el = parentAcross(el)) {
    if (isExcludedElement(el)) return true;
  }
  return false;
}

/** The nearest ancestor element that is a block: a term never crosses its edge. */
export function nearestBlock(node: Node): Element | null {
  const host = hostOf(node);
  if (host) return nearestBlock(host);
  let el = node.nodeType === ELEMENT_NODE ? (node as Element) : parentAcross(node);
  while (el && !isBlockElement(el)) el = parentAcross(el);
  return el ?? node.ownerDocument?.body ?? null;
}

/** The host of a shadow root; null for any other node. */
function hostOf(node: Node): Element | null {
  return node.nodeType === 11 && 'host' in node ? (node as ShadowRoot).host : null;
}

/** The element above a node, from the top of a shadow tree to its host. */
function parentAcross(node: Node): Element | null {
  return node.parentElement ?? (node.parentNode ? hostOf(node.parentNode) : null);
}

/** `ancestor.contains(node)`, looking through the shadow roots between them. */
export function containsComposed(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode ?? hostOf(n)) {
    if (n === ancestor) return true;
  }
  return false;
}

/** A run of adjacent text nodes in one block, with no block boundary or highlight between them. */
export interface Segment {
  block: Element;
  nodes: Text[];
  /** Each node's text as read, to detect a change before wrapping. */
  values: string[];
  text: string;
}

/** The node a walker reaches after `node` and everything inside it; null past the walker's root. */
export function nextPast(walker: TreeWalker, node: Node): Node | null {
  walker.currentNode = node;
  for (;;) {
    const sibling = walker.nextSibling();
    if (sibling) return sibling;
    if (!walker.parentNode()) return null;
  }
}

/**
 * Walks the annotatable text under `root` in document order, calling `onText` for each text node
 * and `onBoundary` whenever the walk passes a block element or skips an excluded one. Returns
 * a `next(budget)` that walks at most `budget` text nodes and says whether the walk has ended.
 *
 * No NodeFilter callback: calling into script for every node makes a walk about ten times slower
 * than the browser's own iteration (measured in Chromium 156 on a 1.5 MB page: 320 ms vs 30 ms),
 * so excluded subtrees are skipped by moving the walker past them.
 */
function createWalk(
  root: Node,
  onText: (text: Text) => void,
  onBoundary: () => void,
  /** Called with each open shadow root met; without it, shadow roots are not looked for. */
  onShadowRoot?: (shadow: ShadowRoot) => void,
): (budget: number) => boolean {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, SHOW_ELEMENTS_AND_TEXT);
  let node: Node | null = walker.nextNode();
  return (budget: number) => {
    let seen = 0;
    while (node && seen < budget) {
      if (node.nodeType === TEXT_NODE) {
        onText(node as Text);
        seen++;
        node = walker.nextNode();
      } else if (node.nodeType === ELEMENT_NODE && isExcludedElement(node as Element)) {
        onBoundary();
        node = nextPast(walker, node);
      } else {
        if (node.nodeType === ELEMENT_NODE) {
          if (BLOCK_TAGS.has((node as Element).localName)) onBoundary();
          // An open shadow root is walked after this tree (a closed one is the page's secret).
          const shadow = onShadowRoot && (node as Element).shadowRoot;
          if (shadow) onShadowRoot(shadow);
        }
        node = walker.nextNode();
      }
    }
    return node === null;
  };
}

/** Reads segments a budget at a time. */
export interface SegmentReader {
  /** Reads at most about `budget` text nodes' worth and returns the segments completed so far. */
  next(budget: number): Segment[];
  readonly done: boolean;
}

/**
 * Reads the segments under `root` incrementally: `next(budget)` reads at most `budget` text nodes
 * and returns the segments completed so far; `done` is true once the walk has ended.
 */
export function createSegmentReader(
  root: Node,
  onShadowRoot: (shadow: ShadowRoot) => void = () => undefined,
  /** false: open shadow roots are neither looked for nor read (the caller has found them). */
  { shadowRoots = true }: { shadowRoots?: boolean } = {},
): SegmentReader {
  const blockCache = new Map<Element, Element | null>();
  const blockOf = (text: Text): Element | null => {
    const parent = text.parentElement;
    // Text straight under a shadow root belongs to the block around its host.
    if (!parent) return text.parentNode && hostOf(text.parentNode) ? nearestBlock(text) : null;
    let block = blockCache.get(parent);
    if (block === undefined) {
      block = nearestBlock(parent);
      blockCache.set(parent, block);
    }
    return block;
  };
  let current: Segment | null = null;
  let out: Segment[] = [];
  let done = false;
  const close = () => {
    if (current && /\S/.test(current.text)) out.push(current);
    current = null;
  };
  // Something excluded (a highlight, a code span) or a block between two text nodes ends the
  // run: joining the text around it could invent a term that is not on the page.
  const onText = (text: Text) => {
    const block = blockOf(text);
    if (current !== null && current.block !== block) close();
    if (!block) return;
    const value = text.data;
    if (current === null) current = { block, nodes: [], values: [], text: '' };
    current.nodes.push(text);
    current.values.push(value);
    current.text += value;
  };
  // Open shadow roots met on the way are walked after the tree they are in, each after the last.
  const shadows: ShadowRoot[] = [];
  const found = shadowRoots
    ? (shadow: ShadowRoot) => {
        shadows.push(shadow);
        onShadowRoot(shadow);
      }
    : undefined;
  let walk = createWalk(root, onText, close, found);
  // The walk visits what is under the root, not the root: its own shadow root is queued here.
  if (found && root instanceof Element && root.shadowRoot) found(root.shadowRoot);
  return {
    get done() {
      return done;
    },
    next(budget: number): Segment[] {
      out = [];
      for (;;) {
        done = walk(budget);
        if (!done) break;
        close();
        const shadow = shadows.shift();
        if (!shadow) break;
        walk = createWalk(shadow, onText, close, found);
      }
      return out;
    },
  };
}

/**
 * HTML's elements that `attachShadow` refuses (it accepts div, p, span, section… and custom
 * elements), with our own: what a leaf's query for hosts and the reader without XPath exclude.
 * A whole tree's query lists the accepted ones instead (`HTML_HOST_SELECTOR`, below): a tag
 * `attachShadow` comes to accept goes there, and out of this list.
 */
const NON_HOST_TAGS: ReadonlySet<string> = new Set([
  ...(
    'a abbr address area audio b base bdi bdo br button canvas caption cite code col colgroup data datalist dd ' +
    'del details dfn dialog dl dt em embed fieldset figcaption figure form head hgroup hr html i iframe img input ' +
    'ins kbd label legend li link map mark menu meta meter noscript object ol optgroup option output param picture ' +
    'pre progress q rp rt ruby s samp script search select slot small source strong style sub summary sup table ' +
    'tbody td template textarea tfoot th thead time title tr track u ul var video wbr svg math'
  ).split(' '),
  TERM_TAG,
  ...OWN_UI_TAGS,
]);
/**
 * Every element that can host a shadow root: any but those, and SVG's and MathML's. One query
 * finds them, natively; walking every element to ask it made a V8 wrapper for each.
 */
const SHADOW_HOST_SELECTOR = `:not(${[...NON_HOST_TAGS, 'svg *', 'math *'].join(',')})`;

/**
 * The HTML elements `attachShadow` accepts besides custom elements, as a selector: listing what
 * can host is cheaper than excluding what cannot (`SHADOW_HOST_SELECTOR` compares each element
 * with some eighty names; on the 1 MB page without terms, 14 vs 4 ms in Chromium, 12 vs 3 ms in
 * Firefox). Custom elements, any name with a hyphen, no selector can name.
 */
const HTML_HOST_SELECTOR = 'article,aside,blockquote,body,div,footer,h1,h2,h3,h4,h5,h6,header,main,nav,p,section,span';
/** Custom elements (a hyphen in the name), but for our own, which host nothing to read. */
const CUSTOM_HOST_XPATH = `descendant::*[contains(local-name(), '-')][not(${[TERM_TAG, ...OWN_UI_TAGS]
  .map((t) => `self::${t}`)
  .join(' or ')})]`;
/**
 * Whether script reaches `doc` through Xray wrappers, as a Firefox content script does: each DOM
 * call then crosses a wrapper, and one query answering for many nodes beats a call per node.
 */
function behindXrays(doc: Document): boolean {
  const view = doc.defaultView as (Window & { wrappedJSObject?: unknown }) | null;
  return view?.wrappedJSObject !== undefined;
}

/** Whether one XPath query beats visiting nodes in this document: behind Xrays, where there is XPath. */
export function xpathFits(doc: Document): boolean {
  return behindXrays(doc) && typeof doc.evaluate === 'function';
}

/** XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, as a number (see ELEMENT_NODE). */
const ORDERED_SNAPSHOT = 7;
/** XPathResult.FIRST_ORDERED_NODE_TYPE. */
const FIRST_ORDERED = 9;
/** A child text node with more than whitespace in it. */
const OWN_TEXT_XPATH = 'text()[normalize-space()]';

/**
 * Whether a node has a child text node with more than whitespace: by one XPath query where each DOM
 * call crosses an Xray wrapper (`byXPath`, see `xpathFits`; an element only), else by visiting its
 * child nodes. XPath's whitespace is only space, tab and line breaks: a no-break space is text to
 * it, and only to it, so the query may answer yes where the visit says no, never the other way.
 */
export function hasOwnText(node: Node, byXPath: boolean): boolean {
  if (byXPath)
    return node.ownerDocument!.evaluate(OWN_TEXT_XPATH, node, null, FIRST_ORDERED, null).singleNodeValue !== null;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE && /\S/.test((child as Text).data)) return true;
  }
  return false;
}

/**
 * The elements under `root` that can host a shadow root, in document order: those the HTML
 * selector finds, and custom elements found by one XPath query. Under a shadow root, or where
 * there is no XPath (the unit tests' DOM), by `SHADOW_HOST_SELECTOR`, which also finds elements no
 * shadow root can be attached to (unknown ones, such as <center>): asking those costs a little,
 * and finds nothing.
 */
export function shadowHostsUnder(root: Element | ShadowRoot): ArrayLike<Element> {
  const doc = root.ownerDocument;
  if (root.nodeType !== ELEMENT_NODE || typeof doc.evaluate !== 'function') {
    return root.querySelectorAll(SHADOW_HOST_SELECTOR);
  }
  const html = root.querySelectorAll(HTML_HOST_SELECTOR);
  const custom = doc.evaluate(CUSTOM_HOST_XPATH, root, null, ORDERED_SNAPSHOT, null);
  const n = custom.snapshotLength;
  if (!n) return html;
  // Both lists in document order: merged, so that shadow roots are read in the order they stand.
  const out: Element[] = [];
  let i = 0;
  for (let k = 0; k < n; k++) {
    const el = custom.snapshotItem(k) as Element;
    while (i < html.length && el.compareDocumentPosition(html[i]!) & DOCUMENT_POSITION_PRECEDING) out.push(html[i++]!);
    out.push(el);
  }
  while (i < html.length) out.push(html[i++]!);
  return out;
}

/**
 * What hears of a reading of a whole tree, leaf by leaf (`createFilteredSegmentReader`'s `onLeaf`):
 * lib/page-context.ts judges a section by its leaves' texts rather than reading it again.
 */
export interface LeafReading {
  /**
   * A leaf block the reading took up, in document order, with its `textContent`, and whether that
   * may hold a term (false: it holds none).
   */
  leaf(el: Element, text: string, mayHold: boolean): void;
  /** The reading has taken up every leaf. */
  done(): void;
  /** The pass is over: what was heard may be dropped. */
  close(): void;
}

/**
 * Containers of blocks whose whole text is tested before they are split into their blocks (see
 * createFilteredSegmentReader): tables and lists, whose cells and items hold a few words each, so
 * that splitting them costs more DOM calls for less text than any other block. A/B, 8 loads: the 7 MB
 * archive's work 252 -> 234 ms in Chromium (its reading 188 -> 162), 490 -> 414 ms in Firefox (400 ->
 * 298); the long read 50 -> 45 and 77 -> 72 ms.
 */
const WHOLE_FIRST_TAGS: ReadonlySet<string> = new Set(['table', 'ul', 'ol', 'dl']);

/** Text longer than this is walked node by node rather than tested whole first. */
const LEAF_TEST_MAX_CHARS = 64_000;
/**
 * A tree of at most this many elements has its whole text tested first, and its possible shadow
 * hosts found by one query. Its `textContent` is one call, but one that takes 13 ms per megabyte of
 * text in Chromium (200 ms for a 7 MB page, in one task), and on a page whose terms are sparse and
 * out of view the text tested is read again leaf by leaf: at 19,400 elements (a 1.5 MB archive) that cost
 * 208 -> 301 ms and a task of 58 ms (A/B), at 13,000 (the 1 MB page without terms) it saves a third.
 */
const TREE_TEST_MAX_ELEMENTS = 15_000;
/** A tree's whole text is tested this many characters at a time. */
const TREE_TEST_CHUNK_CHARS = 64_000;
/**
 * Characters, once folded, that each chunk of a tree's text reaches into the next: more than any
 * term can span, so that a term that starts in one chunk ends in it (a unit test checks the
 * glossary's forms against it).
 */
export const TREE_TEST_OVERLAP_CHARS = 512;

/**
 * Reads the same segments as `createSegmentReader`, less those of elements whose whole text cannot
 * hold a term: most of any page. Reading text node by node is the costly part of a pass (a V8
 * wrapper made for each node, each a call through Firefox's Xray wrappers), while one element's
 * `textContent` comes from the browser in one piece. So the tree is split along its blocks: an
 * element whose children are blocks (and whitespace) is split into them (a table or a list only
 * if its whole text may hold a term, else it is a leaf); any other element is a leaf, whose
 * `textContent` goes through `mayContain` and is walked only when that says yes.
 * A leaf's text joins its inner blocks with nothing between them, hence a test without word
 * boundaries (lib/matcher.ts). Before any of that, the tree's whole text is tested the same way
 * (in chunks): a page without terms is then read in one call. Open shadow roots in skipped leaves
 * are still found, by one query for the elements that can host one (in a big tree, by asking
 * what the reading takes up, see askAsRead), and read like the root, after it.
 */
export function createFilteredSegmentReader(
  root: Node,
  mayContain: (text: string) => boolean,
  onShadowRoot: (shadow: ShadowRoot) => void = () => undefined,
  {
    wholeFirst = true,
    onLeaf,
  }: {
    /** false: the root's text is not tested whole first (the caller knows it holds terms). */
    wholeFirst?: boolean;
    /**
     * Hears of every leaf of the root's own tree the reading takes up (not those of shadow trees),
     * in document order, with its `textContent`, read for the test anyway: lib/page-context.ts
     * judges a section from them rather than reading it again.
     */
    onLeaf?: (leaf: Element, text: string, mayHold: boolean) => void;
  } = {},
): SegmentReader {
  /** Containers of the current tree still to look at, the next on top. */
  let stack: Node[];
  /** The local name of each element on `stack` that its parent's look found ('' where unknown). */
  let stackNames: string[];
  /**
   * The current tree's whole text while it is tested, a chunk at a time, before anything in it is
   * read: one `textContent` call, where a page without terms would otherwise cost one per leaf.
   * The first chunk that may hold a term ends the test (on a page with terms, its first one).
   * `text` is read on the reader's first step, not when it is made.
   */
  let whole: { text: string | null; at: number } | null;
  const shadows: ShadowRoot[] = [];
  const seenShadows = new WeakSet<ShadowRoot>();
  const found = (shadow: ShadowRoot) => {
    if (seenShadows.has(shadow)) return;
    seenShadows.add(shadow);
    shadows.push(shadow);
    onShadowRoot(shadow);
  };
  // In each tree (the root's, then each open shadow root's), its shadow roots are found by asking
  // each element that can host one (a skipped leaf may hold a host); they are read after it.
  // Set by enter(), for the root now and for each shadow root in turn.
  let tree: Node;
  /** A tree's possible hosts from one query, and how many have been asked for a shadow root. */
  let hostList: ArrayLike<Element>;
  let hostsAsked: number;
  /**
   * For a big tree, whose query would take 20 ms in one call and a wrapper per possible host, the
   * reading asks instead: every block it takes up, and inside each leaf the elements one query
   * finds (in text, most leaves hold only links and emphasis, which host nothing). A walk over
   * every element did this before, three calls per element (Firefox profile: a quarter of the
   * 7 MB page's time, each call through an Xray).
   */
  let askAsRead: boolean;
  /** The tree's editors, found in one query rather than by asking every element. */
  let editable: Set<Element>;
  const enter = (next: Node) => {
    tree = next;
    editable = new Set((next as ParentNode).querySelectorAll('[contenteditable]'));
    // A live collection counts only as far as the element asked for.
    const small =
      next.nodeType !== ELEMENT_NODE || !(next as Element).getElementsByTagName('*')[TREE_TEST_MAX_ELEMENTS];
    hostList = small ? shadowHostsUnder(next as Element | ShadowRoot) : [];
    hostsAsked = 0;
    askAsRead = !small;
    // Both look under the root, not at it: its own shadow root is queued here.
    if (next.nodeType === ELEMENT_NODE && (next as Element).shadowRoot) found((next as Element).shadowRoot!);
    stack = [next];
    stackNames = [''];
    // Only the root: shadow trees, mostly small, are read leaf by leaf.
    whole = wholeFirst && next.nodeType === ELEMENT_NODE && small ? { text: null, at: 0 } : null;
  };
  enter(root);
  let walking: SegmentReader | null = null;
  let done = false;

  /** True when the element is, or is inside, one the reading skips (below the tree's top). */
  const skipped = (el: Element): boolean => {
    for (let e: Element | null = el; e && e !== tree; e = e.parentElement) {
      if (excludedSet.has(e.localName) || editable.has(e)) return true;
    }
    return false;
  };

  /** Asks one element that can host a shadow root for its open one, unless the reading skips it. */
  const askHost = (el: Element) => {
    const shadow = el.shadowRoot;
    if (shadow && !skipped(el)) found(shadow);
  };

  /** Asks up to `budget` elements for a shadow root; returns how many it took. */
  const scanShadows = (budget: number): number => {
    let seen = 0;
    for (; hostsAsked < hostList.length && seen < budget; hostsAsked++, seen++) askHost(hostList[hostsAsked]!);
    return seen;
  };

  /**
   * Tests the next chunk of the tree's whole text; when none may hold a term, nothing in the tree
   * is read (its shadow roots still are). Returns the budget spent, as for a leaf's text.
   */
  const testWhole = (test: { text: string | null; at: number }): number => {
    if (test.text === null) {
      test.text = tree.textContent ?? '';
      return test.text.length / 1000;
    }
    const { text, at } = test;
    const end = Math.min(text.length, at + TREE_TEST_CHUNK_CHARS);
    let stop = end;
    if (end < text.length) {
      // Past the chunk by enough folded text: whitespace the fold drops does not count.
      let reach = TREE_TEST_OVERLAP_CHARS;
      while (
        end + reach < text.length &&
        canonicalText(text.slice(end, end + reach)).length < TREE_TEST_OVERLAP_CHARS
      ) {
        reach *= 2;
      }
      stop = Math.min(text.length, end + reach);
    }
    if (mayContain(text.slice(at, stop))) whole = null;
    else if (end === text.length) {
      whole = null;
      stack = [];
      stackNames = [];
    } else test.at = end;
    return (stop - at) / 1000;
  };

  const doc = root.ownerDocument ?? (root as Document);
  /**
   * Whether a container of blocks has text of its own is asked by one XPath query where each DOM
   * call crosses an Xray wrapper (Firefox), rather than by visiting its child nodes, three calls
   * each. A/B, 6 loads: Firefox's 7 MB archive 596 -> 532 and 634 -> 543 ms of work in two runs
   * (its reading 459 -> 394, 481 -> 395), the long read even; in Chromium the query is the slower
   * (archive 298 -> 324 ms), so it keeps the loop.
   * XPath's whitespace is only space, tab and line breaks: a container whose text is a no-break
   * space is then a leaf, read whole, which finds what splitting it finds.
   */
  const ownTextByXPath = xpathFits(doc);
  /** Whether the container blockChildren last answered null for has elements in it. */
  let leafHasElements = false;
  /**
   * Asks the elements in a leaf that can host a shadow root for one (in a big tree, see askAsRead);
   * returns the budget spent.
   */
  const askInside = (leaf: Element): number => {
    if (!leaf.querySelector(SHADOW_HOST_SELECTOR)) return 0;
    const hosts = leaf.querySelectorAll(SHADOW_HOST_SELECTOR);
    for (const el of hosts) askHost(el);
    return hosts.length / 4;
  };

  /** The names of the elements blockChildren last returned, in their order. */
  let childNames: string[] = [];
  /**
   * The block children to look at one by one, or null when the container is a leaf. Its elements
   * are asked first: the scan made their wrappers, and an inline one decides at once (a paragraph
   * with a link). Only a container of blocks has its text nodes checked for words of its own, a
   * wrapper made for each (XPath's `text()[normalize-space()]` answers in one call, but slower in
   * Chromium; behind Xrays it is asked, below).
   */
  const blockChildren = (container: Node): Element[] | null => {
    const out: Element[] = [];
    const names: string[] = [];
    const first = (container as ParentNode).firstElementChild;
    leafHasElements = first !== null;
    for (let child = first; child; child = child.nextElementSibling) {
      const name = child.localName;
      // Our own highlight is text of the container's own, as it was before we wrapped it (and as
      // lib/page-context.ts reads it): the container stays a leaf.
      if (excludedSet.has(name) && name !== TERM_TAG) continue;
      if (!BLOCK_TAGS.has(name)) return null;
      if (!editable.has(child)) {
        out.push(child);
        names.push(name);
      }
    }
    if (!out.length) return null;
    childNames = names;
    // Not with a shadow root as the query's context, which Firefox refuses (NotSupportedError; the
    // shadow tree then went unread): a shadow root's own children are asked by the loop.
    return hasOwnText(container, ownTextByXPath && container.nodeType === ELEMENT_NODE) ? null : out;
  };

  return {
    get done() {
      return done;
    },
    next(budget: number): Segment[] {
      const out: Segment[] = [];
      let spent = 0;
      while (spent < budget) {
        if (whole) {
          spent += testWhole(whole);
          continue;
        }
        if (hostsAsked < hostList.length) {
          spent += scanShadows((budget - spent) * 4) / 4;
          continue;
        }
        if (walking) {
          out.push(...walking.next(budget - spent));
          spent = budget;
          if (walking.done) walking = null;
          continue;
        }
        const container = stack.pop();
        const name = stackNames.pop();
        if (!container) {
          const shadow = shadows.shift();
          if (!shadow) {
            done = true;
            break;
          }
          enter(shadow);
          continue;
        }
        spent++;
        if (askAsRead) {
          // The tree's own root was asked when entered (and a shadow root hosts none).
          const shadow = container !== tree && (container as Element).shadowRoot;
          if (shadow) found(shadow);
        }
        // A paragraph is a leaf by its name, known from its parent's look at it: the parser puts no
        // block in one (a script may; read whole, it gives the segments splitting it would).
        const paragraph = name === 'p';
        if (WHOLE_FIRST_TAGS.has(name!)) {
          // A table or a list, most often cells or items of a few words none of which holds a
          // term: its text tested whole first, it is left as one leaf if that finds none.
          const text = container.textContent ?? '';
          spent += text.length / 1000;
          if (text.length <= LEAF_TEST_MAX_CHARS && !mayContain(text)) {
            if (askAsRead) spent += askInside(container as Element);
            if (onLeaf && tree === root) onLeaf(container as Element, text, false);
            continue;
          }
        }
        const children = paragraph ? null : blockChildren(container);
        if (askAsRead && !children && (paragraph || leafHasElements)) spent += askInside(container as Element);
        if (children) {
          for (let i = children.length - 1; i >= 0; i--) {
            stack.push(children[i]!);
            stackNames.push(childNames[i]!);
          }
          spent += children.length / 8;
          continue;
        }
        const text = container.textContent ?? '';
        spent += text.length / 1000;
        const mayHold = text.length > LEAF_TEST_MAX_CHARS || mayContain(text);
        if (onLeaf && tree === root && container.nodeType === ELEMENT_NODE) onLeaf(container as Element, text, mayHold);
        if (mayHold) {
          // Editors were looked up when the tree was entered: one made since is still skipped.
          if (container !== tree && isExcludedElement(container as Element)) continue;
          // Its shadow roots were all found by the scan.
          walking = createSegmentReader(container, undefined, { shadowRoots: false });
        }
      }
      return out;
    },
  };
}

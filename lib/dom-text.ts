/**
 * Reading a page's text the way the annotator sees it: which elements are never touched, which
 * elements break text into separate runs, and the runs ("segments") a term can span.
 */

/** The custom element wrapping each highlighted occurrence. */
export const TERM_TAG = 'glens-term';
/** Host elements of our own UI: never scanned. */
export const OWN_UI_TAGS = ['glens-popover'] as const;

/** Elements whose text is never annotated, with everything inside them. */
export const EXCLUDED_TAGS = [
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'button',
  'code',
  'pre',
  'kbd',
  'samp',
  'svg',
  'math',
  'iframe',
  'title',
  'head',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  TERM_TAG,
  ...OWN_UI_TAGS,
] as const;

const excludedSet = new Set<string>(EXCLUDED_TAGS);

/**
 * The same exclusion as CSS selectors, for mark.js: it tests only a text node's parent, so each
 * tag is listed together with its descendants.
 */
export const EXCLUDE_SELECTORS: string[] = [
  ...EXCLUDED_TAGS.flatMap((t) => [t, `${t} *`]),
  '[contenteditable]',
  '[contenteditable] *',
];

/** Elements that end a run of text: a term never spans two of them. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'img',
]);

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
  for (let el = node instanceof Element ? node : node.parentElement; el; el = el.parentElement) {
    if (isExcludedElement(el)) return true;
  }
  return false;
}

/** The nearest ancestor element that is a block (the context mark.js wraps within). */
export function nearestBlock(node: Node): Element | null {
  let el = node instanceof Element ? node : node.parentElement;
  while (el && !isBlockElement(el)) el = el.parentElement;
  return el ?? node.ownerDocument?.body ?? null;
}

/** A run of adjacent text nodes in one block, with no block boundary or highlight between them. */
export interface Segment {
  block: Element;
  nodes: Text[];
  /** Each node's text as read, to detect a change before wrapping. */
  values: string[];
  text: string;
}

/**
 * A TreeWalker over the annotatable text under `root`: excluded subtrees are skipped whole,
 * elements are visited so that block boundaries can be seen.
 */
export function createTextWalker(root: Node): TreeWalker {
  const doc = root.ownerDocument ?? (root as Document);
  return doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        return isExcludedElement(node as Element) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
}

/**
 * Reads the segments under `root` incrementally: `next(budget)` reads at most `budget` text nodes
 * and returns the segments completed so far; `done` is true once the walk has ended.
 */
export function createSegmentReader(root: Node): {
  next(budget: number): Segment[];
  readonly done: boolean;
} {
  // The filter sees every element the walk passes, including the excluded ones it skips whole:
  // either kind ends the current run. Joining the text around a highlight or a code span could
  // invent a term that is not on the page.
  let broken = false;
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType !== Node.ELEMENT_NODE) return NodeFilter.FILTER_ACCEPT;
      const el = node as Element;
      if (isExcludedElement(el)) {
        broken = true;
        return NodeFilter.FILTER_REJECT;
      }
      if (isBlockElement(el)) broken = true;
      return NodeFilter.FILTER_SKIP;
    },
  });
  const blockCache = new Map<Element, Element | null>();
  const blockOf = (text: Text): Element | null => {
    const parent = text.parentElement;
    if (!parent) return null;
    let block = blockCache.get(parent);
    if (block === undefined) {
      block = nearestBlock(parent);
      blockCache.set(parent, block);
    }
    return block;
  };
  let current: Segment | null = null;
  let done = false;

  const close = (out: Segment[]) => {
    if (current && /\S/.test(current.text)) out.push(current);
    current = null;
  };

  return {
    get done() {
      return done;
    },
    next(budget: number): Segment[] {
      const out: Segment[] = [];
      for (let seen = 0; seen < budget; seen++) {
        const text = walker.nextNode() as Text | null;
        if (!text) {
          close(out);
          done = true;
          break;
        }
        const block = blockOf(text);
        if (broken || (current !== null && current.block !== block)) close(out);
        broken = false;
        if (!block) continue;
        const value = text.data;
        if (current === null) current = { block, nodes: [], values: [], text: '' };
        current.nodes.push(text);
        current.values.push(value);
        current.text += value;
      }
      return out;
    },
  };
}

/** Every annotatable text node under `root`, in the order mark.js reads them. */
export function textNodesIn(root: Node): Text[] {
  const walker = createTextWalker(root);
  const out: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
  return out;
}

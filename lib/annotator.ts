import type { Matcher, TermMatch } from './matcher';
import {
  ELEMENT_NODE,
  TERM_TAG,
  TEXT_NODE,
  containsComposed,
  createFilteredSegmentReader,
  createSegmentReader,
  isBlockElement,
  isInExcludedRegion,
  nearestBlock,
  type LeafReading,
  type Segment,
} from './dom-text';

/** What a pass reports, also sent with the `glossary:annotated` event. */
export interface AnnotationStats {
  /** Distinct entries highlighted on the page now. */
  terms: number;
  /** Occurrences highlighted on the page now. */
  occurrences: number;
  /** Duration of the pass that just ended, in milliseconds, from its start to its end. */
  ms: number;
  /** Of that, the time the annotator itself worked (the rest the page had, between chunks). */
  workMs: number;
  /** Of the work: walking the page's text, matching it (context checks included), writing highlights. */
  phases: { walkMs: number; matchMs: number; writeMs: number };
}

export interface AnnotatorOptions {
  /** The element whose text is annotated and watched (normally `document.body`). */
  root: Element;
  matcher: Matcher;
  /** Entries to highlight; others are skipped. Defaults to all. */
  includeEntry?: (entryId: string) => boolean;
  /**
   * Decides, match by match, whether to highlight: `text` is the page's text, `form` the surface
   * form it matched, `block` where it stands (for context-sensitive terms). Defaults to yes.
   */
  acceptMatch?: (match: { entryId: string; form: string; text: string; block: Element }) => boolean;
  /**
   * Called when a pass starts reading the whole root: what it returns hears of each leaf block the
   * reading takes up, with its text (lib/page-context.ts judges sections from them). Matches are
   * put to `acceptMatch` when they are about to be written, by when the reading has mostly passed
   * their sections.
   */
  readingOfRoot?: () => LeafReading;
  /** Highlight only the first occurrence of each entry on the page. */
  firstOnly?: boolean;
  /** Called on each new highlight element (attributes for accessibility, say). */
  decorate?: (el: HTMLElement, info: { entryId: string; firstOfEntry: boolean }) => void;
  /**
   * Called before each write that puts highlights in the page, before the first of them is
   * inserted: the lens adds its stylesheet then, so that a page without terms never gets one.
   */
  beforeWrite?: () => void;
  /** Called after every pass, with totals for the page. */
  onPass?: (stats: AnnotationStats) => void;
  /** Timers: the content script passes its context's, so they die with it. */
  setTimeout?: (fn: () => void, ms: number) => number;
  clearTimeout?: (id: number) => void;
  /** Gives the page a turn between chunks of work. */
  yieldToPage?: () => Promise<void>;
  /** Reports an internal error without throwing into the page. */
  onError?: (error: unknown) => void;
  /**
   * Called once for each open shadow root whose text the annotator reads (and from then on
   * watches): styles in the document do not reach inside one.
   */
  onShadowRoot?: (shadow: ShadowRoot) => void;
  /**
   * Skip, unread, elements whose whole text holds no term (lib/dom-text.ts,
   * createFilteredSegmentReader). Defaults to true; false reads every text node.
   */
  prefilter?: boolean;
  /** Milliseconds of work before yielding to the page. */
  chunkMs?: number;
  /**
   * Milliseconds of reading before a pass first writes what it found to the page; each later
   * write waits twice as long as the one before (see runPass).
   */
  writeEveryMs?: number;
  /**
   * Delay before page changes are annotated while they keep coming, batching a burst of
   * mutations into one pass. A change after a quiet spell this long is annotated at once.
   */
  mutationDelayMs?: number;
}

/** One text node of the page we split to wrap matches, and what we split it into. */
interface Split {
  original: Text;
  /** The node's text before we split it. */
  value: string;
  /** What we left in the original node (its text before the first highlight). */
  left: string;
  /** The nodes we added after it: highlights and the text between them. */
  pieces: Node[];
  occurrences: Set<number>;
}

interface Occurrence {
  entryId: string;
  elements: HTMLElement[];
  splits: Set<Split>;
}

interface RangeSpec {
  start: number;
  length: number;
  entryId: string;
  occ: number;
}

export interface Annotator {
  /** Annotates everything under the root now, and keeps annotating what the page adds. */
  start(): Promise<void>;
  /** Removes every highlight, restoring the page's text nodes exactly, and stops watching. */
  stop(): void;
  /** Distinct entries on the page with their counts, in order of first appearance. */
  summary(): { entryId: string; count: number }[];
  /** The first highlight element of an entry in document order. */
  firstElement(entryId: string): HTMLElement | null;
  /** Current totals. */
  stats(): Pick<AnnotationStats, 'terms' | 'occurrences'>;
  /** True while a pass is running or page changes are waiting to be annotated. */
  readonly busy: boolean;
}

/**
 * The clock, its object looked up once: in a Firefox content script every read of a global such as
 * `performance` goes through the page window's Xray wrapper (profile: 5-20 ms of a long read's pass).
 */
const clock = performance;
const now = () => clock.now();

const OBSERVE: MutationObserverInit = { childList: true, subtree: true, characterData: true };

/** The most arguments spread into one call (V8 throws past some 120,000). */
const MAX_ARGS = 30_000;

/** Below this many child elements, a changed element is read node by node without a prefilter. */
const PREFILTER_MIN_CHILDREN = 32;

/** A block in view with more text than this is left to the reading in document order. */
const VIEW_BLOCK_MAX_CHARS = 20_000;

/** Creates an annotator; nothing touches the page until `start()`. */
export function createAnnotator(options: AnnotatorOptions): Annotator {
  const {
    root,
    matcher,
    includeEntry = () => true,
    acceptMatch,
    readingOfRoot,
    firstOnly = false,
    decorate,
    beforeWrite,
    onPass,
    onError = (e: unknown) => console.error('[Glossary Lens]', e),
    chunkMs = 12,
    writeEveryMs = 200,
    mutationDelayMs = 60,
    prefilter = true,
  } = options;
  const setTimer = options.setTimeout ?? ((fn: () => void, ms: number) => window.setTimeout(fn, ms));
  const clearTimer = options.clearTimeout ?? ((id: number) => window.clearTimeout(id));
  const yieldToPage = options.yieldToPage ?? (() => new Promise<void>((r) => setTimer(r, 0)));

  const splits = new Map<Text, Split>();
  const pieceOwner = new WeakMap<Node, Split>();
  const occurrences = new Map<number, Occurrence>();
  const countByEntry = new Map<string, number>();
  let nextOcc = 1;
  let running = false;
  let stopped = true;
  /** Watches the page's main tree; `shadowObserver`, the open shadow roots in it. */
  let observer: MutationObserver | null = null;
  let shadowObserver: MutationObserver | null = null;
  let flushTimer: number | null = null;
  /** When the observer last saw the page change; long ago before the first. */
  let lastChangeAt = -Infinity;
  /** Page mutations seen but not yet handled. */
  let pending: MutationRecord[] = [];
  /** Elements to scan in the next pass. */
  let dirty = new Set<Element>();
  let rerun = false;

  /** Keeps page records for handling: one by one, since one task may make any number of them. */
  const keep = (records: MutationRecord[]) => {
    for (const r of records) pending.push(r);
  };
  /** Depth of `own` calls: only the outermost one sets the records apart. */
  let owning = 0;
  /**
   * Runs our own DOM changes so that the observer never mistakes them for the page's: the page's
   * records so far are kept, and the page's main tree is not watched while we write, then is
   * again. Taking our writes' records afterwards instead had the browser make one for each piece
   * we inserted and each text we cut, and a wrapper for each when they were taken (A/B, the dense
   * page: its writes 7-11% faster). Shadow roots stay watched, by an observer of their own (a page
   * may have hundreds to watch again): our records there are taken and dropped.
   */
  const own = <T>(fn: () => T): T => {
    const watching = owning ? null : observer;
    if (watching) {
      keep(watching.takeRecords());
      keep(shadowObserver!.takeRecords());
      watching.disconnect();
    }
    owning++;
    try {
      return fn();
    } finally {
      owning--;
      // Unless a stop() in fn ended it.
      if (watching && observer === watching) {
        shadowObserver!.takeRecords();
        watching.observe(root.ownerDocument.documentElement, OBSERVE);
      }
    }
  };

  /** True when a sibling next to the node is text with something in it. */
  const besideText = (node: Node) =>
    [node.previousSibling, node.nextSibling].some((n) => n?.nodeType === TEXT_NODE && /\S/.test((n as Text).data));

  const stats = () => ({
    terms: [...countByEntry.values()].filter((n) => n > 0).length,
    occurrences: occurrences.size,
  });

  // ---- Wrapping -------------------------------------------------------------------------

  /** Of a segment's matches, those to highlight, respecting filters and first-only. */
  const wanted = (seg: Segment, found: TermMatch[], claimed: Set<string>): TermMatch[] => {
    const out: TermMatch[] = [];
    for (const m of found) {
      if (!includeEntry(m.entryId)) continue;
      if (acceptMatch) {
        const text = seg.text.slice(m.start, m.end);
        const form = matcher.formFor(text) ?? text;
        if (!acceptMatch({ entryId: m.entryId, form, text, block: seg.block })) continue;
      }
      if (firstOnly) {
        if ((countByEntry.get(m.entryId) ?? 0) > 0 || claimed.has(m.entryId)) continue;
        claimed.add(m.entryId);
      }
      out.push(m);
    }
    return out;
  };

  /** True when the segment's nodes are still on the page as they were read. */
  const unchanged = (seg: Segment) => seg.nodes.every((n, i) => n.isConnected && n.data === seg.values[i]);

  const restoreBlock = (block: Element) => {
    for (const split of [...splits.values()]) {
      if (splits.has(split.original) && containsComposed(block, split.original)) restoreSplit(split);
    }
  };

  /**
   * Wraps the matches of the given segments (in document order, as the reader yields them).
   *
   * Not through mark.js, though it was the first choice: mark.js splits a text node once per
   * match, copying the rest of the node each time, and rebuilds its copy of the whole context's
   * text per match too, so a node or block with many terms costs its length times their number
   * (a 10 MB page with one 2 MB text node: 10.3 s in Chromium, 21 s in Firefox, against 0.41 s
   * and 0.65 s for the one-fragment-per-node wrapping below). mark.js stays in the benchmark as
   * the baseline it is measured against.
   */
  const wrapSegments = (items: { seg: Segment; matches: TermMatch[] }[]) => {
    // Each text node's text as read, and its parts to wrap.
    const parts = new Map<Text, { value: string; list: { s: number; e: number; range: RangeSpec }[] }>();
    for (const { seg, matches } of items) {
      for (const m of matches) {
        const range: RangeSpec = { start: m.start, length: m.end - m.start, entryId: m.entryId, occ: nextOcc++ };
        let pos = 0;
        for (let k = 0; k < seg.nodes.length; k++) {
          // Lengths from the text as read (checked unchanged before writing): no DOM call per node.
          const n = seg.nodes[k]!;
          const end = pos + seg.values[k]!.length;
          const s = Math.max(m.start, pos) - pos;
          const e = Math.min(m.end, end) - pos;
          if (e > s) {
            let part = parts.get(n);
            if (!part) parts.set(n, (part = { value: seg.values[k]!, list: [] }));
            part.list.push({ s, e, range });
          }
          pos = end;
        }
      }
    }
    if (!parts.size) return;
    beforeWrite?.();
    // One truncation and one inserted fragment per node, not one split per term.
    const made: { el: HTMLElement; range: RangeSpec }[] = [];
    for (const [node, { value, list }] of parts) {
      const doc = node.ownerDocument;
      const data = node.data;
      // The node keeps its text before the first highlight; each highlight is followed by one
      // text node, empty or not (lib/stale-highlights.ts relies on that shape). All inserted by
      // one after() call: no fragment made and filled by script (a Firefox profile of the dense
      // page put a third of the writing in those calls, each through an Xray).
      const pieces: (Element | Text)[] = [];
      list.forEach(({ s, e, range }, i) => {
        const el = doc.createElement(TERM_TAG);
        // Attributes set before the element is inserted: a page observing attributes sees no
        // record of them, and the browser invalidates no style for them.
        el.setAttribute('data-glossary-term', range.entryId);
        el.setAttribute('data-glens-occ', String(range.occ));
        el.textContent = data.slice(s, e);
        pieces.push(el, doc.createTextNode(data.slice(e, list[i + 1]?.s ?? data.length)));
        made.push({ el, range });
      });
      // Inserted before the node is cut, so that nothing is lost if it fails; a node with tens of
      // thousands of terms in slices (a call takes some 120,000 arguments at most in V8).
      for (let i = 0; i < pieces.length; i += MAX_ARGS) {
        (i ? pieces[i - 1]! : node).after(...pieces.slice(i, i + MAX_ARGS));
      }
      const left = data.slice(0, list[0]!.s);
      node.data = left;
      // What the node became: it keeps the text before its first highlight, and the highlights
      // and the text between them follow it, as written (not walked again: in Firefox each
      // sibling is a call through an Xray).
      const split: Split = { original: node, value, left, pieces, occurrences: new Set(list.map((p) => p.range.occ)) };
      splits.set(node, split);
      for (const p of pieces) pieceOwner.set(p, split);
    }
    for (const { el, range } of made.sort((a, b) => a.range.occ - b.range.occ)) {
      let occ = occurrences.get(range.occ);
      let firstOfEntry = false;
      if (!occ) {
        occ = { entryId: range.entryId, elements: [], splits: new Set() };
        occurrences.set(range.occ, occ);
        const before = countByEntry.get(range.entryId) ?? 0;
        countByEntry.set(range.entryId, before + 1);
        firstOfEntry = before === 0;
      }
      occ.elements.push(el);
      const split = pieceOwner.get(el);
      if (split) occ.splits.add(split);
      decorate?.(el, { entryId: range.entryId, firstOfEntry });
    }
  };

  // ---- Unwrapping -----------------------------------------------------------------------

  const forgetSplit = (split: Split) => {
    splits.delete(split.original);
    for (const id of split.occurrences) {
      const occ = occurrences.get(id);
      if (!occ) continue;
      occurrences.delete(id);
      countByEntry.set(occ.entryId, (countByEntry.get(occ.entryId) ?? 1) - 1);
      // An occurrence spanning several text nodes lives or dies whole.
      for (const other of occ.splits) if (other !== split && splits.has(other.original)) restoreSplit(other);
    }
  };

  /** Puts a split text node back as it was: its pieces go, its text returns. */
  const restoreSplit = (split: Split) => {
    forgetSplit(split);
    for (const p of split.pieces) p.parentNode?.removeChild(p);
    if (split.original.data !== split.value) split.original.data = split.value;
  };

  /**
   * The page changed a node we split (a UI library setting `nodeValue` on the text node it
   * rendered, say): its new text is the truth, so drop our stale pieces and read it again.
   */
  const resyncSplit = (split: Split) => {
    forgetSplit(split);
    for (const p of split.pieces) p.parentNode?.removeChild(p);
    const block = split.original.isConnected ? nearestBlock(split.original) : null;
    if (block) dirty.add(block);
  };

  // ---- Page changes ---------------------------------------------------------------------

  /**
   * Our splits a page removal touches: a piece or a split node removed itself, or an element
   * removed with highlights inside. Cheap for the removals of the page's own content.
   */
  const splitsHitBy = (removed: NodeList, into: Set<Split>) => {
    for (const node of removed) {
      const own = splits.get(node as Text) ?? pieceOwner.get(node);
      if (own) into.add(own);
      else if (node.nodeType === ELEMENT_NODE) {
        for (const el of (node as Element).getElementsByTagName(TERM_TAG)) {
          const split = pieceOwner.get(el);
          if (split) into.add(split);
        }
      }
    }
  };

  const handleRecords = (records: MutationRecord[]) => {
    const hit = new Set<Split>();
    for (const r of records) {
      if (r.type === 'characterData') {
        const target = r.target as Text;
        const split = splits.get(target);
        if (split) {
          resyncSplit(split);
          continue;
        }
        const owner = pieceOwner.get(target) ?? (target.parentNode ? pieceOwner.get(target.parentNode) : undefined);
        if (owner) {
          if (!splits.has(owner.original)) continue;
          // Someone edited text inside our pieces: keep what is visible now, as one node again.
          const visible = owner.original.data + owner.pieces.map((p) => p.textContent ?? '').join('');
          owner.value = visible;
          restoreSplit(owner);
          const block = owner.original.isConnected ? nearestBlock(owner.original) : null;
          if (block) dirty.add(block);
          continue;
        }
        if (target.isConnected && containsComposed(root, target) && !isInExcludedRegion(target)) {
          const block = nearestBlock(target);
          if (block) dirty.add(block);
        }
      } else if (r.type === 'childList') {
        if (r.removedNodes.length) splitsHitBy(r.removedNodes, hit);
        if (!containsComposed(root, r.target)) continue;
        for (const added of r.addedNodes) {
          if (!added.isConnected || pieceOwner.has(added)) continue;
          if (added.nodeType !== ELEMENT_NODE && added.nodeType !== TEXT_NODE) continue;
          // A block added between blocks (a feed's new paragraph) is read alone; anything else
          // may join the text around it, so its whole block is read again.
          const target =
            added.nodeType === ELEMENT_NODE
              ? isBlockElement(added as Element) && !besideText(added)
                ? (added as Element)
                : nearestBlock(added.parentNode ?? added)
              : nearestBlock(added);
          if (target && !isInExcludedRegion(added)) dirty.add(target);
        }
      }
    }
    for (const split of hit) {
      if (!splits.has(split.original)) continue;
      const intact =
        split.original.isConnected && split.pieces.every((p) => p.parentNode === split.original.parentNode);
      if (intact) continue;
      if (split.original.isConnected) {
        // The page removed some of our pieces but kept its node: give it back its whole text.
        restoreSplit(split);
        const block = nearestBlock(split.original);
        if (block) dirty.add(block);
      } else {
        // The page removed its node; whatever of ours is left beside it must go too.
        forgetSplit(split);
        for (const p of split.pieces) p.parentNode?.removeChild(p);
      }
    }
  };

  let firstPass = true;
  /**
   * The blocks under a few points down the middle of the viewport, if the root is a document's
   * body on screen: at most a screenful of text, so that the first highlights a reader sees come
   * first on a long page opened scrolled down (a link to a fragment, a restored position).
   */
  const blocksInView = (): Element[] => {
    const doc = root.ownerDocument;
    const view = doc.defaultView;
    if (root !== doc.body || !view?.innerHeight || typeof doc.caretPositionFromPoint !== 'function') return [];
    const out = new Set<Element>();
    for (let i = 1; i < 12; i++) {
      // The text nearest the point: a point between two paragraphs still finds one of them.
      const el = doc.caretPositionFromPoint(view.innerWidth / 2, (view.innerHeight * i) / 12)?.offsetNode;
      if (!el || el === root || !root.contains(el) || isInExcludedRegion(el)) continue;
      const block = nearestBlock(el);
      if (block && block !== root && (block.textContent?.length ?? Infinity) <= VIEW_BLOCK_MAX_CHARS) out.add(block);
    }
    // Points from the top down meet the blocks in document order.
    return [...out];
  };

  /** Open shadow roots met so far: the page's changes inside them are watched too. */
  let watched = new WeakSet<ShadowRoot>();
  const watchShadow = (shadow: ShadowRoot) => {
    if (watched.has(shadow) || !shadowObserver) return;
    watched.add(shadow);
    shadowObserver.observe(shadow, OBSERVE);
    try {
      own(() => options.onShadowRoot?.(shadow));
    } catch (error) {
      onError(error);
    }
  };

  /**
   * Schedules a pass for the page's changes. One after a quiet spell (a feed's next batch, what a
   * click revealed) runs as soon as the page's task ends, so that its highlights come with the
   * frame that shows the new text; changes that keep coming wait `mutationDelayMs` and are read
   * together, not one pass each.
   */
  const scheduleFlush = (afterQuiet = false) => {
    if (flushTimer !== null || stopped) return;
    const quiet = afterQuiet && !running;
    flushTimer = setTimer(
      () => {
        flushTimer = null;
        void runPass();
      },
      quiet ? 0 : mutationDelayMs,
    );
  };

  // ---- Passes ---------------------------------------------------------------------------

  /**
   * Wraps what the reading found, in slices of `chunkMs` with the page's turn between them. Each
   * item is checked first: text the page changed since it was read is read again next pass.
   */
  const writeFound = async (found: { seg: Segment; matches: TermMatch[] }[]): Promise<number> => {
    let work = 0;
    let i = 0;
    const queued = new Set<Text>();
    while (i < found.length && !stopped) {
      const t = now();
      own(() => {
        // New matches in text we already split (the filters changed, say): put the block back
        // as the page had it and read it again whole.
        const slice: typeof found = [];
        const redo = new Set<Element>();
        // At least 64 items a slice, then as many as `chunkMs` allows.
        for (let n = 0; i < found.length && (n < 64 || now() - t < chunkMs); i++, n++) {
          const item = found[i]!;
          const { seg } = item;
          if (redo.has(seg.block)) continue;
          // Text read twice before it was written (by two readers of one pass) is written once:
          // twice would show it twice.
          if (seg.nodes.some((n) => queued.has(n))) continue;
          for (const n of seg.nodes) queued.add(n);
          if (seg.nodes.some((n) => splits.has(n) || pieceOwner.has(n))) {
            redo.add(seg.block);
            restoreBlock(seg.block);
            dirty.add(seg.block);
          } else if (!unchanged(seg)) {
            dirty.add(seg.block); // the page changed it after we read it: read it again
          } else {
            slice.push(item);
            if (slice.length % 64 === 0) {
              wrapSegments(slice.splice(0));
            }
          }
        }
        wrapSegments(slice);
      });
      work += now() - t;
      if (i < found.length) {
        await yieldToPage();
        if (!stopped) own(() => handleRecords(pending.splice(0)));
      }
    }
    return work;
  };

  /**
   * Scans the dirty elements (or the whole root on the first pass). Reading and matching go in
   * slices of `chunkMs`, yielding to the page between them; the page's DOM is written after
   * `writeEveryMs` of reading, then after twice that, and so on, and at the end. A write between
   * every slice would have the browser lay the page out again at each yield, which on a 7 MB page
   * costs more than all the reading (the first run of the benchmark spent most of the huge page's
   * 7 s there), and each write still costs a layout of the whole page (50-150 ms on the 7 MB pages
   * in Chromium): the first write shows what lies just past the blocks in view soon, later ones come
   * less often (A/B: huge 970 -> 865 ms, dense 8.6 -> 7.3 s, its longest task 152 -> 77 ms).
   */
  const runPass = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      // One pass at a time: the running pass schedules another when it ends.
      rerun = true;
      return;
    }
    running = true;
    const t0 = now();
    let work = 0;
    let walkMs = 0;
    let matchMs = 0;
    let writeMs = 0;
    /** The reading of the root this pass hands leaves to, told when the pass is over. */
    let rootReading: LeafReading | undefined;
    try {
      own(() => handleRecords(pending.splice(0)));
      const targets = [...dirty].filter((el) => el.isConnected);
      dirty = new Set();
      // Scanning an element scans everything inside it: drop targets inside other targets.
      const roots = targets.filter((el) => !targets.some((other) => other !== el && containsComposed(other, el)));
      let sliceStart = now();
      let lastWrite = sliceStart;
      let writeEvery = writeEveryMs;
      const claimed = new Set<string>();
      let found: { seg: Segment; matches: TermMatch[] }[] = [];
      /**
       * Writes what was found so far; its time is work, and writing, but for the choice of the
       * matches to write, made now rather than as they were found (see `readingOfRoot`): matching.
       */
      const flush = async () => {
        // Which matches to write is chosen first, in slices of its own: for a form that needs
        // context that may judge a section, and a slice that wrote before its turn would have the
        // page laid out again.
        const items = found;
        found = [];
        const chosen: typeof items = [];
        let t = now();
        /** Counts the choosing since `t` as matching (the same reading of the clock for both). */
        const choosing = () => {
          const ms = now() - t;
          matchMs += ms;
          work += ms;
        };
        for (const { seg, matches } of items) {
          const keep = wanted(seg, matches, claimed);
          if (keep.length) chosen.push({ seg, matches: keep });
          if (now() - t > chunkMs) {
            choosing();
            await yieldToPage();
            if (stopped) return;
            own(() => handleRecords(pending.splice(0)));
            t = now();
          }
        }
        choosing();
        const w = await writeFound(chosen);
        work += w;
        writeMs += w;
      };
      // On the first pass, what the reader sees first: the blocks in view are read and written
      // before the page from its top (first-only mode keeps document order: the first occurrence).
      const visible = firstPass && !firstOnly && roots.includes(root) ? blocksInView() : [];
      firstPass = false;
      const order = [...visible, ...roots];
      let termsSeen = false;
      for (let t = 0; t < order.length; t++) {
        const target = order[t]!;
        if (stopped) return;
        // What the blocks in view hold is written before the rest is read (which reads them again,
        // and must find them written: two writes of one segment would show its text twice).
        if (t === visible.length && t > 0 && found.length) {
          work += now() - sliceStart;
          await flush();
          sliceStart = now();
        }
        if (target !== root && isInExcludedRegion(target)) continue;
        // A block in view is read only if its text may hold a term: on a page without terms the
        // main expression is then never compiled (milliseconds at the page's start).
        if (prefilter && t < visible.length && !matcher.mayContain(target.textContent ?? '')) continue;
        // Skipping text pays on a page or a large part of one; a block the page just added, say
        // a feed's new paragraph, is read straight away.
        // A page with terms in view has terms: its whole text is not tested for them first.
        const filtered = prefilter && (target === root || target.childElementCount > PREFILTER_MIN_CHILDREN);
        const reading = filtered && target === root ? readingOfRoot?.() : undefined;
        if (reading) rootReading = reading;
        const reader = filtered
          ? createFilteredSegmentReader(target, (text) => matcher.mayContain(text), watchShadow, {
              wholeFirst: !termsSeen,
              onLeaf: reading && ((leaf, text, mayHold) => reading.leaf(leaf, text, mayHold)),
            })
          : createSegmentReader(target, watchShadow);
        while (!reader.done && !stopped) {
          const tWalk = now();
          const segs = reader.next(400);
          const tMatch = now();
          walkMs += tMatch - tWalk;
          for (const seg of segs) {
            const all = matcher.find(seg.text);
            if (all.length) {
              termsSeen = true;
              found.push({ seg, matches: all });
            }
          }
          if (reader.done) reading?.done();
          matchMs += now() - tMatch;
          if (now() - sliceStart > chunkMs) {
            work += now() - sliceStart;
            if (found.length && now() - lastWrite > writeEvery) {
              await flush();
              lastWrite = now();
              writeEvery *= 2;
            }
            await yieldToPage();
            if (stopped) return;
            own(() => handleRecords(pending.splice(0)));
            sliceStart = now();
          }
        }
      }
      work += now() - sliceStart;
      await flush();
    } catch (error) {
      onError(error);
    } finally {
      rootReading?.close();
      running = false;
    }
    if (stopped) return;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    onPass?.({
      ...stats(),
      ms: round(now() - t0),
      workMs: round(work),
      phases: { walkMs: round(walkMs), matchMs: round(matchMs), writeMs: round(writeMs) },
    });
    if (dirty.size || rerun || pending.length) {
      rerun = false;
      scheduleFlush();
    }
  };

  return {
    get busy() {
      return running || flushTimer !== null || dirty.size > 0;
    },
    async start() {
      if (!stopped) return;
      stopped = false;
      const onRecords = (records: MutationRecord[]) => {
        // A page write to a text node we split, or a removal, can leave our pieces beside the
        // page's new text: the records are handled now, before the page paints again, which
        // takes those pieces out. Finding new terms waits for the batched pass.
        keep(records);
        own(() => handleRecords(pending.splice(0)));
        // Quiet is the page's own pace, not ours: a pass that ended late (one the page waited
        // for) must not make the next change wait too, and the one after it, batch after batch.
        const t = now();
        const afterQuiet = t - lastChangeAt >= mutationDelayMs;
        lastChangeAt = t;
        scheduleFlush(afterQuiet);
      };
      observer = new MutationObserver(onRecords);
      shadowObserver = new MutationObserver(onRecords);
      watched = new WeakSet();
      observer.observe(root.ownerDocument.documentElement, OBSERVE);
      dirty.add(root);
      // The page gets a turn between the caller's setup (making the matcher, the lens) and the
      // first slice of reading, which together could make one long task. Watching and the root
      // marked dirty already: the annotator is busy meanwhile, and a stop() in between undoes both.
      await yieldToPage();
      if (stopped) return;
      await runPass();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (flushTimer !== null) clearTimer(flushTimer);
      flushTimer = null;
      own(() => {
        for (const split of [...splits.values()]) {
          if (splits.has(split.original)) restoreSplit(split);
        }
      });
      observer?.disconnect();
      shadowObserver?.disconnect();
      observer = shadowObserver = null;
      pending = [];
      dirty.clear();
      occurrences.clear();
      countByEntry.clear();
    },
    summary() {
      const out: { entryId: string; count: number }[] = [];
      for (const [entryId, count] of countByEntry) if (count > 0) out.push({ entryId, count });
      return out;
    },
    firstElement(entryId: string) {
      let best: HTMLElement | null = null;
      for (const occ of occurrences.values()) {
        if (occ.entryId !== entryId) continue;
        const el = occ.elements[0];
        if (!el?.isConnected) continue;
        if (!best || best.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) best = el;
      }
      return best;
    },
    stats,
  };
}

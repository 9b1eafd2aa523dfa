import Mark from 'mark.js';
import type { Matcher, TermMatch } from './matcher';
import {
  EXCLUDE_SELECTORS,
  TERM_TAG,
  createSegmentReader,
  isInExcludedRegion,
  nearestBlock,
  textNodesIn,
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
  /** Highlight only the first occurrence of each entry on the page. */
  firstOnly?: boolean;
  /** Called on each new highlight element (attributes for accessibility, say). */
  decorate?: (el: HTMLElement, info: { entryId: string; firstOfEntry: boolean }) => void;
  /** Called after every pass, with totals for the page. */
  onPass?: (stats: AnnotationStats) => void;
  /** Timers: the content script passes its context's, so they die with it. */
  setTimeout?: (fn: () => void, ms: number) => number;
  clearTimeout?: (id: number) => void;
  /** Gives the page a turn between chunks of work. */
  yieldToPage?: () => Promise<void>;
  /** Reports an internal error without throwing into the page. */
  onError?: (error: unknown) => void;
  /** Milliseconds of work before yielding to the page. */
  chunkMs?: number;
  /** Delay before page changes are annotated, batching bursts of mutations. */
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
  stats(): Omit<AnnotationStats, 'ms' | 'workMs'>;
  /** True while a pass is running or page changes are waiting to be annotated. */
  readonly busy: boolean;
}

const now = () => performance.now();

/** Creates an annotator; nothing touches the page until `start()`. */
export function createAnnotator(options: AnnotatorOptions): Annotator {
  const {
    root,
    matcher,
    includeEntry = () => true,
    acceptMatch,
    firstOnly = false,
    decorate,
    onPass,
    onError = (e: unknown) => console.error('[Glossary Lens]', e),
    chunkMs = 12,
    mutationDelayMs = 60,
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
  let observer: MutationObserver | null = null;
  let flushTimer: number | null = null;
  /** Page mutations seen but not yet handled. */
  let pending: MutationRecord[] = [];
  /** Elements to scan in the next pass. */
  let dirty = new Set<Element>();
  let rerun = false;

  /** Runs our own DOM changes so that the observer never mistakes them for the page's. */
  const own = <T>(fn: () => T): T => {
    if (observer) pending.push(...observer.takeRecords());
    try {
      return fn();
    } finally {
      observer?.takeRecords();
    }
  };

  const stats = () => ({
    terms: [...countByEntry.values()].filter((n) => n > 0).length,
    occurrences: occurrences.size,
  });

  // ---- Wrapping -------------------------------------------------------------------------

  /** Matches in a segment that should be highlighted, respecting filters and first-only. */
  const wanted = (seg: Segment, claimed: Set<string>): TermMatch[] => {
    const out: TermMatch[] = [];
    for (const m of matcher.find(seg.text)) {
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
      if (splits.has(split.original) && block.contains(split.original)) restoreSplit(split);
    }
  };

  /**
   * Wraps the matches of the given segments through mark.js, in one call for all their blocks:
   * a mark.js instance reads its whole context, so one per paragraph would cost far more than
   * the wrapping itself on a page with thousands of highlighted paragraphs.
   */
  const wrapBlocks = (groups: Map<Element, { seg: Segment; matches: TermMatch[] }[]>) => {
    // mark.js drops a context inside another one, so fold each block into an enclosing block
    // that also has matches: the outer block's numbering covers the inner block's text.
    const byContext = new Map<Element, { seg: Segment; matches: TermMatch[] }[]>();
    for (const [block, items] of groups) {
      let context = block;
      for (let up = block.parentElement; up; up = up.parentElement) if (groups.has(up)) context = up;
      const list = byContext.get(context) ?? [];
      list.push(...items);
      byContext.set(context, list);
    }
    const contexts = [...byContext.keys()];
    // mark.js numbers characters over every annotatable text node of its contexts, in order.
    const offsetOf = new Map<Text, number>();
    let total = 0;
    for (const context of contexts) {
      for (const n of textNodesIn(context)) {
        offsetOf.set(n, total);
        total += n.data.length;
      }
    }
    const ranges: RangeSpec[] = [];
    // Each text node a match covers, with its text and its next sibling before wrapping: what
    // mark.js inserts lands between the node and that sibling.
    const touched = new Map<Text, { value: string; next: Node | null }>();
    for (const items of byContext.values()) {
      for (const { seg, matches } of items) {
        const base = offsetOf.get(seg.nodes[0]!);
        if (base === undefined) continue;
        for (const m of matches) {
          ranges.push({ start: base + m.start, length: m.end - m.start, entryId: m.entryId, occ: nextOcc++ });
          let pos = 0;
          for (const n of seg.nodes) {
            const end = pos + n.data.length;
            if (end > m.start && pos < m.end) touched.set(n, { value: n.data, next: n.nextSibling });
            pos = end;
          }
        }
      }
    }
    if (!ranges.length) return;
    ranges.sort((x, y) => x.start - y.start);
    const created = new Map<HTMLElement, RangeSpec>();
    // mark.js hands `each` the very range objects it was given (see wrapRangeFromIndex).
    new Mark(contexts as HTMLElement[]).markRanges(ranges, {
      element: TERM_TAG,
      exclude: EXCLUDE_SELECTORS,
      iframes: false,
      each: (el, range) => created.set(el as HTMLElement, range as RangeSpec),
    });

    // Reconstruct what each touched node became: the node itself keeps the text before the
    // first highlight; the highlights and the remaining text follow it as siblings.
    for (const [original, { value, next }] of touched) {
      const pieces: Node[] = [];
      for (let sib = original.nextSibling; sib && sib !== next; sib = sib.nextSibling) pieces.push(sib);
      if (!pieces.length) continue;
      const split: Split = { original, value, left: original.data, pieces, occurrences: new Set() };
      splits.set(original, split);
      for (const p of pieces) pieceOwner.set(p, split);
      for (const p of pieces) {
        const range = created.get(p as HTMLElement);
        if (range) split.occurrences.add(range.occ);
      }
    }
    for (const [el, range] of created) {
      let occ = occurrences.get(range.occ);
      if (!occ) {
        occ = { entryId: range.entryId, elements: [], splits: new Set() };
        occurrences.set(range.occ, occ);
        const before = countByEntry.get(range.entryId) ?? 0;
        countByEntry.set(range.entryId, before + 1);
        el.dataset.glensFirst = before === 0 ? 'true' : 'false';
      }
      occ.elements.push(el);
      const split = pieceOwner.get(el);
      if (split) occ.splits.add(split);
      el.removeAttribute('data-markjs');
      el.setAttribute('data-glossary-term', range.entryId);
      el.setAttribute('data-glens-occ', String(range.occ));
      decorate?.(el, { entryId: range.entryId, firstOfEntry: el.dataset.glensFirst === 'true' });
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

  const handleRecords = (records: MutationRecord[]) => {
    let removals = false;
    for (const r of records) {
      if (r.type === 'characterData') {
        const target = r.target as Text;
        const split = splits.get(target);
        if (split) {
          if (target.data !== split.left) resyncSplit(split);
          continue;
        }
        const owner = pieceOwner.get(target) ?? (target.parentNode ? pieceOwner.get(target.parentNode) : undefined);
        if (owner) {
          // Someone edited text inside our pieces: keep what is visible now, as one node again.
          const visible = owner.original.data + owner.pieces.map((p) => p.textContent ?? '').join('');
          owner.value = visible;
          restoreSplit(owner);
          const block = owner.original.isConnected ? nearestBlock(owner.original) : null;
          if (block) dirty.add(block);
          continue;
        }
        if (target.isConnected && !isInExcludedRegion(target)) {
          const block = nearestBlock(target);
          if (block) dirty.add(block);
        }
      } else if (r.type === 'childList') {
        if (r.removedNodes.length) removals = true;
        for (const added of r.addedNodes) {
          if (!added.isConnected || pieceOwner.has(added)) continue;
          if (added.nodeType !== Node.ELEMENT_NODE && added.nodeType !== Node.TEXT_NODE) continue;
          const target =
            added.nodeType === Node.ELEMENT_NODE ? nearestBlock(added.parentNode ?? added) : nearestBlock(added);
          if (target && !isInExcludedRegion(added)) dirty.add(target);
        }
      }
    }
    if (removals) {
      for (const split of [...splits.values()]) {
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
    }
  };

  const scheduleFlush = () => {
    if (flushTimer !== null || stopped) return;
    flushTimer = setTimer(() => {
      flushTimer = null;
      void runPass();
    }, mutationDelayMs);
  };

  // ---- Passes ---------------------------------------------------------------------------

  /** Scans the dirty elements (or the whole root on the first pass), in chunks. */
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
    try {
      own(() => handleRecords(pending.splice(0)));
      const targets = [...dirty].filter((el) => el.isConnected);
      dirty = new Set();
      // Scanning an element scans everything inside it: drop targets inside other targets.
      const roots = targets.filter((el) => !targets.some((other) => other !== el && other.contains(el)));
      let sliceStart = now();
      const claimed = new Set<string>();
      for (const target of roots) {
        if (stopped) return;
        if (target !== root && isInExcludedRegion(target)) continue;
        const reader = createSegmentReader(target);
        while (!reader.done && !stopped) {
          const segs = reader.next(400);
          const byBlock = new Map<Element, { seg: Segment; matches: TermMatch[] }[]>();
          for (const seg of segs) {
            const matches = wanted(seg, claimed);
            if (!matches.length) continue;
            const list = byBlock.get(seg.block) ?? [];
            list.push({ seg, matches });
            byBlock.set(seg.block, list);
          }
          if (byBlock.size) {
            own(() => {
              const ready = new Map<Element, { seg: Segment; matches: TermMatch[] }[]>();
              for (const [block, items] of byBlock) {
                if (items.some((i) => i.seg.nodes.some((n) => splits.has(n) || pieceOwner.has(n)))) {
                  // New matches in text we already split (the filters changed, say): put the
                  // block back as the page had it and read it again whole.
                  restoreBlock(block);
                  dirty.add(block);
                  continue;
                }
                const fresh = items.filter((i) => unchanged(i.seg));
                if (fresh.length !== items.length) dirty.add(block);
                if (fresh.length) ready.set(block, fresh);
              }
              wrapBlocks(ready);
            });
          }
          if (now() - sliceStart > chunkMs) {
            work += now() - sliceStart;
            await yieldToPage();
            if (stopped) return;
            own(() => handleRecords(pending.splice(0)));
            sliceStart = now();
          }
        }
      }
      work += now() - sliceStart;
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
    if (stopped) return;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    onPass?.({ ...stats(), ms: round(now() - t0), workMs: round(work) });
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
      observer = new MutationObserver((records) => {
        pending.push(...records);
        scheduleFlush();
      });
      observer.observe(root.ownerDocument.documentElement, { childList: true, subtree: true, characterData: true });
      dirty.add(root);
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
      observer = null;
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

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAnnotator, type AnnotationStats } from '../../lib/annotator';
import {
  createFilteredSegmentReader,
  ELEMENT_NODE,
  SHOW_ELEMENTS_AND_TEXT,
  shadowHostsUnder,
  TEXT_NODE,
  type SegmentReader,
} from '../../lib/dom-text';
import { compileMatcher, type Matcher } from '../../lib/matcher';

const matcher = compileMatcher([
  { id: 'csd', forms: ['collective self-defense', '集団的自衛権'] },
  { id: 'scc', forms: ['SCC', '2+2', 'Security Consultative Committee'] },
  { id: 'isr', forms: ['ISR'] },
  { id: 'neo', forms: ['noncombatant evacuation operations'] },
]);

const flush = (ms = 120) => new Promise((r) => setTimeout(r, ms));

function setup(
  html: string,
  opts: {
    firstOnly?: boolean;
    acceptMatch?: Parameters<typeof createAnnotator>[0]['acceptMatch'];
    matcher?: Matcher;
  } = {},
) {
  document.body.innerHTML = html;
  const passes: AnnotationStats[] = [];
  const annotator = createAnnotator({
    root: document.body,
    matcher: opts.matcher ?? matcher,
    firstOnly: opts.firstOnly,
    acceptMatch: opts.acceptMatch,
    onPass: (s) => passes.push(s),
    mutationDelayMs: 10,
  });
  return { annotator, passes };
}

/** The highlights in `root` (the document, or a shadow root), as [text, entry id]. */
const marks = (root: ParentNode = document) =>
  [...root.querySelectorAll('glens-term')].map((el) => [el.textContent, el.getAttribute('data-glossary-term')]);

let current: ReturnType<typeof setup> | null = null;
afterEach(() => {
  current?.annotator.stop();
  current = null;
  document.body.innerHTML = '';
});

describe('annotator', () => {
  it('wraps each occurrence in a glens-term carrying its entry id', async () => {
    current = setup('<p>The SCC discussed collective self-defense and ISR.</p>');
    await current.annotator.start();
    expect(marks()).toEqual([
      ['SCC', 'scc'],
      ['collective self-defense', 'csd'],
      ['ISR', 'isr'],
    ]);
    expect(current.passes.at(-1)).toMatchObject({ terms: 3, occurrences: 3 });
  });

  it('inserts each highlight with its attributes set, so a page watching attributes sees none change', async () => {
    current = setup('<p>The SCC discussed collective self-defense.</p>');
    const seen: MutationRecord[] = [];
    const observer = new MutationObserver((records) => seen.push(...records));
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    await current.annotator.start();
    seen.push(...observer.takeRecords());
    observer.disconnect();
    expect(marks()).toEqual([
      ['SCC', 'scc'],
      ['collective self-defense', 'csd'],
    ]);
    expect(seen.some((r) => r.type === 'childList')).toBe(true);
    expect(seen.filter((r) => r.type === 'attributes').map((r) => r.attributeName)).toEqual([]);
  });

  it('calls beforeWrite before a write puts its first highlight in, and never on a page without terms', async () => {
    document.body.innerHTML = '<p>Nothing to see here.</p><p>Nor here.</p>';
    const calls: number[] = [];
    const annotator = createAnnotator({
      root: document.body,
      matcher,
      mutationDelayMs: 10,
      beforeWrite: () => calls.push(document.querySelectorAll('glens-term').length),
    });
    current = { annotator, passes: [] };
    await annotator.start();
    expect(calls).toEqual([]);
    // The page gains a term: one write, told before its highlight is in.
    const p = document.createElement('p');
    p.textContent = 'The SCC met.';
    document.body.append(p);
    await flush();
    expect(document.querySelectorAll('glens-term')).toHaveLength(1);
    expect(calls).toEqual([0]);
  });

  it('tells decorate each entry’s first occurrence, and of one split across elements only its first piece', async () => {
    document.body.innerHTML =
      '<p>The <em>collective</em> self-defense debate; the SCC met.</p><p>Collective self-defense and the SCC again.</p>';
    const decorated: [string | null, boolean][] = [];
    const annotator = createAnnotator({
      root: document.body,
      matcher,
      decorate: (el, { firstOfEntry }) => decorated.push([el.textContent, firstOfEntry]),
    });
    current = { annotator, passes: [] };
    await annotator.start();
    // The pieces of one occurrence share its number (the popover opens on the whole of it).
    const shown = [...document.querySelectorAll('glens-term')].map((el) => [
      el.textContent,
      el.getAttribute('data-glens-occ'),
    ]);
    expect(shown).toEqual([
      ['collective', '1'],
      [' self-defense', '1'],
      ['SCC', '2'],
      ['Collective self-defense', '3'],
      ['SCC', '4'],
    ]);
    expect(decorated).toEqual([
      ['collective', true],
      [' self-defense', false],
      ['SCC', true],
      ['Collective self-defense', false],
      ['SCC', false],
    ]);
  });

  it('is busy from start() until its first pass is done, though that pass waits a turn', async () => {
    current = setup('<p>The SCC met.</p>');
    const started = current.annotator.start();
    expect(current.annotator.busy).toBe(true);
    expect(marks()).toEqual([]);
    await started;
    expect(current.annotator.busy).toBe(false);
    expect(marks()).toEqual([['SCC', 'scc']]);
  });

  it('reports its work by phase, each part of the whole', async () => {
    current = setup('<p>The SCC discussed collective self-defense and ISR.</p>'.repeat(200));
    await current.annotator.start();
    const pass = current.passes.at(-1)!;
    const { walkMs, matchMs, writeMs } = pass.phases;
    for (const ms of [walkMs, matchMs, writeMs]) expect(ms).toBeGreaterThanOrEqual(0);
    expect(writeMs).toBeGreaterThan(0);
    // Rounded to 0.1 ms each: the sum may exceed the rounded whole by that much.
    expect(walkMs + matchMs + writeMs).toBeLessThanOrEqual(pass.workMs + 0.3);
  });

  it('restores the exact DOM, same text nodes, on stop', async () => {
    current = setup(
      '<p>Before <b>SCC</b> and ISR, then <em>collective</em> self-defense.</p><table><tr><td> 2+2 </td><td>  </td></tr></table>',
    );
    const before = document.body.innerHTML;
    const textNodes = [...document.body.querySelectorAll('*')].flatMap((el) => [...el.childNodes]);
    await current.annotator.start();
    expect(document.querySelectorAll('glens-term').length).toBeGreaterThan(3);
    current.annotator.stop();
    expect(document.body.innerHTML).toBe(before);
    const after = [...document.body.querySelectorAll('*')].flatMap((el) => [...el.childNodes]);
    expect(after).toEqual(textNodes);
  });

  it('finds a term split across inline tags and marks each part with one occurrence id', async () => {
    current = setup('<p>the <em>collective</em> self-defense debate</p>');
    await current.annotator.start();
    const parts = [...document.querySelectorAll('glens-term')];
    expect(parts.map((p) => p.textContent)).toEqual(['collective', ' self-defense']);
    expect(new Set(parts.map((p) => p.getAttribute('data-glens-occ'))).size).toBe(1);
    expect(current.passes.at(-1)).toMatchObject({ occurrences: 1 });
  });

  it('never touches excluded regions', async () => {
    current = setup(
      '<textarea>SCC</textarea><div contenteditable="true"><p>SCC <span>ISR</span></p></div><pre><code>ISR SCC</code></pre><input value="SCC"><button>SCC</button><p>ISR</p>',
    );
    await current.annotator.start();
    expect(marks()).toEqual([['ISR', 'isr']]);
  });

  it('does not join text across block boundaries', async () => {
    current = setup('<div>Security<p>Consultative</p> Committee</div><p>collective</p><p>self-defense</p>');
    await current.annotator.start();
    expect(marks()).toEqual([]);
  });

  it('annotates content the page adds later', async () => {
    current = setup('<p>nothing here</p>');
    await current.annotator.start();
    const p = document.createElement('p');
    p.textContent = 'New: noncombatant evacuation operations.';
    document.body.append(p);
    await flush();
    expect(marks()).toEqual([['noncombatant evacuation operations', 'neo']]);
  });

  it('re-syncs when the page sets nodeValue on a text node it owns', async () => {
    current = setup('<p id="x">The SCC met.</p>');
    const node = document.getElementById('x')!.firstChild as Text;
    await current.annotator.start();
    expect(marks()).toEqual([['SCC', 'scc']]);
    node.nodeValue = 'Updated: ISR only.';
    await flush();
    expect(document.getElementById('x')!.textContent).toBe('Updated: ISR only.');
    expect(marks()).toEqual([['ISR', 'isr']]);
  });

  it('removes its pieces when the page removes the text node it split', async () => {
    current = setup('<p id="x">The SCC met.</p>');
    const node = document.getElementById('x')!.firstChild as Text;
    await current.annotator.start();
    node.remove();
    await flush();
    expect(document.getElementById('x')!.textContent).toBe('');
  });

  it('does not loop on its own mutations', async () => {
    current = setup('<p>SCC ISR</p>');
    await current.annotator.start();
    await flush(200);
    expect(current.passes.length).toBe(1);
  });

  it('annotating twice equals annotating once', async () => {
    current = setup('<p>SCC and 集団的自衛権</p>');
    await current.annotator.start();
    const once = document.body.innerHTML;
    document.body.append(document.createTextNode(''));
    await flush();
    expect(document.body.innerHTML).toBe(once);
  });

  it('highlights only the first occurrence of each entry when asked', async () => {
    current = setup('<p>SCC, SCC and ISR.</p><p>SCC again.</p>', { firstOnly: true });
    await current.annotator.start();
    expect(marks()).toEqual([
      ['SCC', 'scc'],
      ['ISR', 'isr'],
    ]);
  });

  it('asks acceptMatch about each match with its page text, form and block', async () => {
    const asked: string[] = [];
    current = setup('<p id="p">The SCC and the 2+2 and SCC.</p>', {
      acceptMatch: ({ entryId, form, text, block }) => {
        asked.push(`${entryId}:${form}:${text}:${block.id}`);
        return form !== '2+2';
      },
    });
    await current.annotator.start();
    expect(asked).toEqual(['scc:SCC:SCC:p', 'scc:2+2:2+2:p', 'scc:SCC:SCC:p']);
    expect(marks()).toEqual([
      ['SCC', 'scc'],
      ['SCC', 'scc'],
    ]);
  });

  it('wraps matches in nested blocks and many paragraphs in one pass, and restores them', async () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `<p>Item ${i}: SCC, <b>ISR</b> and 2+2.</p>`).join('');
    current = setup(`<div id="outer">SCC before <p>ISR inside</p> and 2+2 after ${paragraphs}</div>`);
    const before = document.body.innerHTML;
    await current.annotator.start();
    expect(marks().length).toBe(3 + 30 * 3);
    expect(document.getElementById('outer')!.textContent).toContain('SCC before ISR inside and 2+2 after');
    current.annotator.stop();
    expect(document.body.innerHTML).toBe(before);
  });
});

describe('the DOM constants read without a global', () => {
  it('are the DOM’s own values', () => {
    expect([ELEMENT_NODE, TEXT_NODE]).toEqual([Node.ELEMENT_NODE, Node.TEXT_NODE]);
    expect(SHOW_ELEMENTS_AND_TEXT).toBe(NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  });
});

describe('the elements that can host a shadow root', () => {
  it('are the HTML ones that can and custom elements (not ours), merged in document order', () => {
    document.body.innerHTML =
      '<news-card id="c1"><p id="p1">a</p></news-card><div id="d1"><em>b</em><x-y id="c2"></x-y>' +
      '<glens-term>SCC</glens-term><glens-popover></glens-popover></div><center>c</center><span id="s1"></span>';
    // happy-dom has no XPath: the query answered as a browser would (the browser tests run the real one).
    const doc = document as unknown as { evaluate?: unknown };
    const queries: string[] = [];
    doc.evaluate = (xpath: string, root: Element) => {
      queries.push(xpath);
      const found = [...root.querySelectorAll('*')].filter(
        (el) => el.localName.includes('-') && el.localName !== 'glens-term' && el.localName !== 'glens-popover',
      );
      return { snapshotLength: found.length, snapshotItem: (i: number) => found[i] };
    };
    try {
      const ids = Array.from(shadowHostsUnder(document.body)).map((el) => el.id || el.localName);
      expect(ids).toEqual(['c1', 'p1', 'd1', 'c2', 's1']);
      expect(queries).toEqual([
        "descendant::*[contains(local-name(), '-')][not(self::glens-term or self::glens-popover)]",
      ]);
    } finally {
      delete doc.evaluate;
    }
    // Without XPath: every element but those that cannot host one, unknown ones included.
    const ids = Array.from(shadowHostsUnder(document.body)).map((el) => el.id || el.localName);
    expect(ids).toEqual(['c1', 'p1', 'd1', 'c2', 'center', 's1']);
  });
});

describe('a container of blocks behind Xray wrappers (a Firefox content script)', () => {
  it('is asked for text of its own by one XPath query, and read whole when it has some', () => {
    document.body.innerHTML =
      '<div id="mixed">The SCC met. <p>Nothing.</p></div><div id="split"> <p>The ISR.</p>\u00a0<p>More.</p> </div>';
    // happy-dom has neither Xrays nor XPath: both answered as Firefox would.
    const view = window as unknown as { wrappedJSObject?: unknown };
    const doc = document as unknown as { evaluate?: unknown };
    const asked: string[] = [];
    view.wrappedJSObject = {};
    doc.evaluate = (xpath: string, container: Element) => {
      // The query for custom elements that may host a shadow root finds none here.
      if (xpath !== 'text()[normalize-space()]') return { snapshotLength: 0, snapshotItem: () => null };
      asked.push(container.id || container.localName);
      const own = [...container.childNodes].find(
        (n) => n.nodeType === TEXT_NODE && (n as Text).data.replace(/[ \t\r\n]/g, ''),
      );
      return { singleNodeValue: own ?? null };
    };
    try {
      const reader = createFilteredSegmentReader(document.body, () => true, undefined, { wholeFirst: false });
      const texts: string[] = [];
      while (!reader.done) texts.push(...reader.next(1000).map((seg) => seg.text.trim()));
      expect(texts).toEqual(['The SCC met.', 'Nothing.', 'The ISR.', 'More.']);
      // Each container whose element children are all blocks is asked: #mixed has text of its own,
      // and #split's no-break space is text to XPath; both are read whole, the same segments.
      expect(asked).toEqual(['body', 'mixed', 'split']);
    } finally {
      delete view.wrappedJSObject;
      delete doc.evaluate;
    }
  });
});

describe('the blocks in view', () => {
  it('are written once, before the page is read, even when the last of them holds no term', async () => {
    current = setup('<p id="a">The SCC met.</p><p id="b">Nothing here.</p><p>And the ISR.</p>');
    const a = document.getElementById('a')!.firstChild!;
    const b = document.getElementById('b')!.firstChild!;
    // The top of the view shows the first paragraph, the rest of it the second.
    const doc = document as unknown as {
      caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number };
    };
    doc.caretPositionFromPoint = (_x: number, y: number) => ({ offsetNode: y < 100 ? a : b, offset: 0 });
    try {
      await current.annotator.start();
    } finally {
      delete doc.caretPositionFromPoint;
    }
    expect(marks()).toEqual([
      ['SCC', 'scc'],
      ['ISR', 'isr'],
    ]);
    expect(document.body.textContent).toBe('The SCC met.Nothing here.And the ISR.');
  });
});

describe('the whole-page test', () => {
  /** The glossary's matcher, recording the length of each text it is asked whether it may hold a term. */
  const counting = () => {
    const asked: number[] = [];
    return { asked, matcher: { ...matcher, mayContain: (t: string) => (asked.push(t.length), matcher.mayContain(t)) } };
  };

  it('reads a page without terms in one piece, not leaf by leaf', async () => {
    const { asked, matcher: m } = counting();
    current = setup(
      '<section><p>Nothing to see in <em>this</em> paragraph.</p><p>Nor here.</p></section>'.repeat(100),
      {
        matcher: m,
      },
    );
    await current.annotator.start();
    expect(marks()).toEqual([]);
    expect(asked).toEqual([document.body.textContent.length]);
  });

  it('tests a long page a chunk at a time and stops at the first that may hold a term', async () => {
    const { asked, matcher: m } = counting();
    const filler = '<p>Nothing to see in this paragraph at all, really.</p>'.repeat(3000);
    current = setup(`<p>The SCC met.</p>${filler}`, { matcher: m });
    await current.annotator.start();
    expect(marks()).toEqual([['SCC', 'scc']]);
    // The first chunk, then the leaves: the page's other 150,000 characters are read as leaves.
    expect(asked[0]).toBeGreaterThan(64_000);
    expect(asked[0]).toBeLessThan(document.body.textContent.length);
  });

  it('reads leaf by leaf when told the page holds terms, or when it is too big to test whole', () => {
    document.body.innerHTML = '<p>Nothing to see in <em>this</em> paragraph.</p><p>Nor here.</p>'.repeat(50);
    const whole = document.body.textContent.length;
    const readAll = (reader: SegmentReader) => {
      while (!reader.done) reader.next(400);
    };
    const asked: number[] = [];
    readAll(
      createFilteredSegmentReader(document.body, (t) => (asked.push(t.length), false), undefined, {
        wholeFirst: false,
      }),
    );
    expect(asked).toHaveLength(100);
    asked.length = 0;
    document.body.insertAdjacentHTML('beforeend', '<div></div>'.repeat(20_000));
    // Its shadow roots are still found, without one query: in a leaf, as a leaf, as a container of
    // blocks, nested in a leaf's inline elements; not inside what is never read (code, an editor).
    const host = document.querySelector('p')!.appendChild(document.createElement('my-card'));
    const shadow = host.attachShadow({ mode: 'open' });
    const leafHost = document.querySelectorAll('p')[3]!;
    const leafShadow = leafHost.attachShadow({ mode: 'open' });
    document.body.insertAdjacentHTML(
      'beforeend',
      '<section><p>One.</p><p>Two.</p></section><p><em>Deep <span>inside</span></em></p>' +
        '<pre><span>code</span></pre><div contenteditable="true"><p>edit <span>me</span></p></div>' +
        '<p>Run <code><span>this</span></code></p><table><tr><td>A <span>cell</span></td></tr></table>',
    );
    const sectionShadow = document.querySelector('section')!.attachShadow({ mode: 'open' });
    const deepShadow = document.querySelector('em > span')!.attachShadow({ mode: 'open' });
    document.querySelector('pre > span')!.attachShadow({ mode: 'open' });
    document.querySelector('[contenteditable] span')!.attachShadow({ mode: 'open' });
    document.querySelector('code > span')!.attachShadow({ mode: 'open' });
    // In a table its text let the reading take up whole.
    const cellShadow = document.querySelector('td > span')!.attachShadow({ mode: 'open' });
    const shadows: ShadowRoot[] = [];
    readAll(
      createFilteredSegmentReader(
        document.body,
        (t) => (asked.push(t.length), false),
        (s) => shadows.push(s),
      ),
    );
    expect(asked.length).toBeGreaterThan(1);
    expect(Math.max(...asked)).toBeLessThan(whole);
    expect(shadows).toEqual([shadow, leafShadow, sectionShadow, deepShadow, cellShadow]);
  });

  it('takes a table or a list whose text holds no term as one leaf, and splits one that may', () => {
    document.body.innerHTML =
      '<table><tr><td>One</td><td>Two</td></tr><tr><td>Three</td></tr></table>' +
      '<ul><li>Four</li><li>The SCC</li></ul><dl><dt>Five</dt><dd>Six</dd></dl><p>Seven</p>';
    const leaves: [string, string, boolean][] = [];
    const asked: string[] = [];
    const reader = createFilteredSegmentReader(document.body, (t) => (asked.push(t), t.includes('SCC')), undefined, {
      wholeFirst: false,
      onLeaf: (leaf, text, mayHold) => leaves.push([leaf.localName, text, mayHold]),
    });
    const segments: string[] = [];
    while (!reader.done) segments.push(...reader.next(400).map((s) => s.text));
    expect(leaves).toEqual([
      ['table', 'OneTwoThree', false],
      ['li', 'Four', false],
      ['li', 'The SCC', true],
      ['dl', 'FiveSix', false],
      ['p', 'Seven', false],
    ]);
    // The list's text was tested whole, then each item's: the table's cells never one by one.
    expect(asked).toEqual(['OneTwoThree', 'FourThe SCC', 'Four', 'The SCC', 'FiveSix', 'Seven']);
    expect(segments).toEqual(['The SCC']);
  });

  it('finds a term across two chunks, however much whitespace the page wraps it in', async () => {
    // The term starts just before the first chunk's end, and its spacing reaches far past it: the
    // chunk must reach past it too, or the next chunk starts inside it and the page is judged clean.
    const before = 'x'.repeat(64_000 - 'The collective'.length - 5);
    current = setup(`<p>${before} The collective${' \n'.repeat(1500)}self-defense debate.</p>`);
    await current.annotator.start();
    expect(marks().map(([, id]) => id)).toEqual(['csd']);
  });
});

describe('open shadow roots', () => {
  const shadowMarks = (host: Element) => marks(host.shadowRoot!).map(([, id]) => id);
  /** The page `html` with an open shadow root on #host, holding a paragraph "Their ISR plans". */
  const withShadow = (html: string) => {
    document.body.innerHTML = html;
    const host = document.getElementById('host')!;
    const shadow = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('p');
    inner.textContent = 'Their ISR plans';
    shadow.append(inner);
    return { host, shadow, inner };
  };

  it('annotates text in an open shadow root (nested ones too), watches it, and restores it on stop', async () => {
    const { host, shadow, inner } = withShadow('<p>The SCC met.</p><div id="host"></div><p>Outside</p>');
    const bare = document.createTextNode(' and collective self-defense.');
    const nestedHost = document.createElement('span');
    shadow.append(bare, nestedHost);
    nestedHost.attachShadow({ mode: 'open' }).append('A 2+2 meeting.');
    const closedHost = document.createElement('span');
    closedHost.attachShadow({ mode: 'closed' }).append('The SCC in a closed root.');
    shadow.append(closedHost);
    const before = [inner.firstChild, bare];
    const seen: ShadowRoot[] = [];
    const annotator = createAnnotator({
      root: document.body,
      matcher,
      mutationDelayMs: 10,
      onShadowRoot: (s) => seen.push(s),
    });
    await annotator.start();
    expect(shadowMarks(host)).toEqual(['isr', 'csd']);
    expect(shadowMarks(nestedHost)).toEqual(['scc']);
    expect(seen).toEqual([shadow, nestedHost.shadowRoot]);
    expect(annotator.summary().map((s) => s.entryId)).toEqual(['scc', 'isr', 'csd']);

    // The page's changes inside the shadow root are seen: new text annotated, edits re-synced.
    const added = document.createElement('p');
    added.textContent = 'A new NEO? No: noncombatant evacuation operations.';
    shadow.append(added);
    bare.data = ' and nothing else.';
    await flush();
    expect(shadowMarks(host)).toEqual(['isr', 'neo']);
    expect(shadow.textContent).toBe(
      'Their ISR plans and nothing else.A new NEO? No: noncombatant evacuation operations.',
    );

    annotator.stop();
    expect(shadow.querySelectorAll('glens-term')).toHaveLength(0);
    expect([inner.firstChild, bare]).toEqual(before);
    expect(inner.childNodes).toHaveLength(1);
  });

  it("keeps watching a shadow root through the annotator's writes, and once its host leaves and comes back", async () => {
    const { host, shadow, inner } = withShadow('<p>The SCC met.</p><div id="host"></div>');
    const text = inner.firstChild as Text;
    current = { annotator: createAnnotator({ root: document.body, matcher, mutationDelayMs: 10 }), passes: [] };
    await current.annotator.start();
    expect(shadowMarks(host)).toEqual(['isr']);

    // Out of the page while we write elsewhere, then back.
    host.remove();
    await flush();
    const more = document.createElement('p');
    more.textContent = 'Then collective self-defense.';
    document.body.append(more);
    await flush();
    expect(marks(more)).toEqual([['collective self-defense', 'csd']]);
    document.body.append(host);
    await flush();

    // The page's changes inside it are seen again: new text annotated, an edit re-synced.
    const added = document.createElement('p');
    added.textContent = 'A 2+2 meeting.';
    shadow.append(added);
    await flush();
    expect(shadowMarks(host)).toEqual(['isr', 'scc']);
    text.data = 'No plans';
    await flush();
    expect(shadow.textContent).toBe('No plansA 2+2 meeting.');
  });
});

describe('skipping text that holds no term', () => {
  it('reads node by node only the blocks whose text may hold a term', async () => {
    const filler = '<p>Nothing to see <em>here</em>, only <b>words</b>.</p>'.repeat(50);
    const read: string[] = [];
    const counting = { ...matcher, find: (text: string) => (read.push(text), matcher.find(text)) };
    current = setup(`<article><section>${filler}<p>The <em>SCC</em> met.</p>${filler}</section></article>`, {
      matcher: counting,
    });
    await current.annotator.start();
    expect(read).toEqual(['The SCC met.']);
    expect(marks()).toEqual([['SCC', 'scc']]);
  });

  it.each([
    ['on a span inside a block it skips', '<p>Nothing <span id="host"></span> here.</p>'],
    [
      'on a custom element inside a page it skips whole',
      '<p>Nothing <my-card id="host"></my-card> here.</p><div><x-y><b id="b"></b></x-y></div>',
    ],
  ])('still finds an open shadow root %s', async (_where, html) => {
    current = setup(html);
    const host = document.getElementById('host')!;
    host.attachShadow({ mode: 'open' }).append('The ISR plans');
    await current.annotator.start();
    expect(marks(host.shadowRoot!)).toEqual([['ISR', 'isr']]);
  });

  it('reads an open shadow root hosted inside a block it walks', async () => {
    current = setup('<p>The SCC met <span id="host"></span> today.</p>');
    const host = document.getElementById('host')!;
    host.attachShadow({ mode: 'open' }).append('about ISR');
    await current.annotator.start();
    expect(marks()).toEqual([['SCC', 'scc']]);
    expect(marks(host.shadowRoot!)).toEqual([['ISR', 'isr']]);
  });

  it('leaves alone a shadow root hosted inside an editor or other excluded element', async () => {
    current = setup(
      '<p>Nothing <span contenteditable="true"><span id="a"></span></span> <button><span id="b"></span></button></p>',
    );
    for (const id of ['a', 'b']) document.getElementById(id)!.attachShadow({ mode: 'open' }).append('The SCC met');
    await current.annotator.start();
    for (const id of ['a', 'b'])
      expect(document.getElementById(id)!.shadowRoot!.querySelector('glens-term')).toBe(null);
  });

  it('finds a shadow root nested in one whose own text it skips', async () => {
    current = setup('<p>Nothing <span id="host"></span> here.</p>');
    const outer = document.getElementById('host')!.attachShadow({ mode: 'open' });
    // A span: browsers attach shadow roots only to custom elements and a short list of tags.
    const inner = document.createElement('span');
    outer.append('No terms in here ', inner);
    inner.attachShadow({ mode: 'open' }).append('but the SCC in here');
    await current.annotator.start();
    expect(marks(inner.shadowRoot!)).toEqual([['SCC', 'scc']]);
  });

  it('finds a term at the edge of a block whose text runs into the next one unspaced', async () => {
    // The list item's textContent reads "SCCA": only a test without word boundaries keeps it.
    current = setup('<ul><li><p>The SCC</p>A<code>x</code></li></ul>');
    await current.annotator.start();
    expect(marks()).toEqual([['SCC', 'scc']]);
  });
});

describe('reading what the page adds', () => {
  it('reads a paragraph appended between blocks alone, not its whole container again', async () => {
    let read = 0;
    const counting = {
      ...matcher,
      find: (text: string) => {
        read += text.length;
        return matcher.find(text);
      },
    };
    current = setup(`<article>${'<p>The SCC met again and again in Tokyo.</p>'.repeat(200)}</article>`, {
      matcher: counting,
    });
    await current.annotator.start();
    expect(read).toBeGreaterThan(200 * 30);
    read = 0;
    const p = document.createElement('p');
    p.textContent = 'A new paragraph on ISR.';
    document.querySelector('article')!.append(p);
    await flush();
    expect(p.querySelector('glens-term')?.getAttribute('data-glossary-term')).toBe('isr');
    expect(read).toBe('A new paragraph on ISR.'.length);

    // Text added beside text may form a term with it: its block is read again.
    read = 0;
    p.append(' and collective');
    p.append(' self-defense');
    await flush();
    expect(new Set([...p.querySelectorAll('glens-term')].map((el) => el.getAttribute('data-glossary-term')))).toEqual(
      new Set(['isr', 'csd']),
    );
    expect(read).toBeLessThan(100);
  });

  /** An annotator of the body that records the delay of each timer it sets (passes and turns). */
  const timedAnnotator = (
    options: Omit<Parameters<typeof createAnnotator>[0], 'root' | 'matcher'> & { matcher?: Matcher },
  ) => {
    const delays: number[] = [];
    const annotator = createAnnotator({
      root: document.body,
      matcher,
      ...options,
      setTimeout: (fn, ms) => {
        delays.push(ms);
        return window.setTimeout(fn, ms);
      },
    });
    current = { annotator, passes: [] };
    return { annotator, delays };
  };

  it('writes what a long pass finds at growing intervals, and all of it at the end', async () => {
    document.body.innerHTML = Array.from({ length: 40 }, (_, i) => `<p>Item ${i}: the SCC met.</p>`).join('');
    // Each page write the annotator makes, as the time it was seen.
    const writes: number[] = [];
    const watch = new MutationObserver((records) => {
      if (records.some((r) => [...r.addedNodes].some((n) => n.nodeName === 'GLENS-TERM')))
        writes.push(performance.now());
    });
    watch.observe(document.body, { childList: true, subtree: true });
    const { annotator } = timedAnnotator({
      chunkMs: 4,
      writeEveryMs: 20,
      // Reading takes 8 ms per paragraph: 320 ms for the page.
      matcher: {
        ...matcher,
        find: (text: string) => {
          const end = performance.now() + 8;
          while (performance.now() < end);
          return matcher.find(text);
        },
      },
    });
    try {
      await annotator.start();
      // About half a second of reading; a loaded machine may take longer, which changes nothing here.
      for (let i = 0; i < 200 && (annotator.busy || marks().length < 40); i++) await flush(25);
    } finally {
      watch.disconnect();
    }
    expect(marks()).toHaveLength(40);
    // Written every 20 ms, that would be some 15 writes; doubling the wait, 20 + 40 + 80 + 160 ms
    // then the end: 5 (or 6, with timer slack).
    expect(writes.length).toBeGreaterThanOrEqual(3);
    expect(writes.length).toBeLessThanOrEqual(6);
    const gaps = writes.slice(1).map((t, i) => t - writes[i]!);
    // Each wait at least as long as the first one doubled, but the last (the pass's end).
    for (const gap of gaps.slice(0, -1)) expect(gap).toBeGreaterThanOrEqual(35);
  });

  it('reads a change at once when the page was quiet, even just after a pass of ours ended late', async () => {
    document.body.innerHTML = '<p>Nothing yet.</p>';
    const { annotator, delays } = timedAnnotator({
      mutationDelayMs: 100,
      // Each pass with a term takes 60 ms (a slow machine, a big batch).
      acceptMatch: () => {
        const end = performance.now() + 60;
        while (performance.now() < end);
        return true;
      },
    });
    await annotator.start();
    await flush(120);
    delays.length = 0;
    // A feed: an item every 130 ms. Each pass ends 60 ms after its item, 70 ms before the next:
    // the page was quiet for 130 ms all the same, and each item is read at once.
    for (const text of ['The SCC met.', 'The ISR grew.', 'The SCC again.']) {
      document.body.append(Object.assign(document.createElement('p'), { textContent: text }));
      await flush(130);
    }
    expect(marks().map(([, id]) => id)).toEqual(['scc', 'isr', 'scc']);
    expect(delays.filter((ms) => ms > 0)).toEqual([]);
  });

  it('annotates a change after a quiet spell at once, and batches changes that keep coming', async () => {
    document.body.innerHTML = '<p>The SCC met.</p>';
    let burst = false;
    const { annotator, delays } = timedAnnotator({
      mutationDelayMs: 30,
      onPass: () => {
        // Right as a pass ends, the page changes again: a burst, batched.
        if (!burst) return;
        burst = false;
        document.body.append(
          Object.assign(document.createElement('p'), { textContent: 'Then collective self-defense.' }),
        );
      },
    });
    await annotator.start();
    await flush(40);
    // Only the page's turn before the first pass so far.
    expect(delays).toEqual([0]);
    delays.length = 0;
    // After a quiet spell: a feed's next item is read as soon as the page's task ends.
    burst = true;
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'A new item on ISR.' }));
    await flush(10);
    expect(marks().map(([, id]) => id)).toEqual(['scc', 'isr']);
    expect(delays[0]).toBe(0);
    // The change made as that pass ended waits out the delay, with whatever else comes meanwhile.
    expect(delays[1]).toBe(30);
    await flush(60);
    expect(marks().map(([, id]) => id)).toEqual(['scc', 'isr', 'csd']);
  });
});

describe('pages past the size of one call', () => {
  // V8 takes some 120,000 arguments in one call, a spread of more throws: a text node with 70,000
  // terms is in tests/browser/hostile.test.ts (happy-dom takes 140,000 nodes out in seconds).
  it('cuts no text when the highlights cannot be inserted', async () => {
    const refused = vi.spyOn(Text.prototype, 'after').mockImplementation(() => {
      throw new Error('refused');
    });
    const errors: unknown[] = [];
    try {
      document.body.innerHTML = '<p>The SCC met.</p>';
      const annotator = createAnnotator({ root: document.body, matcher, onError: (e) => errors.push(e) });
      await annotator.start();
      annotator.stop();
    } finally {
      refused.mockRestore();
    }
    expect(errors.map(String)).toEqual(['Error: refused']);
    expect(document.body.innerHTML).toBe('<p>The SCC met.</p>');
  });

  it('keeps up with a page that makes more changes in one task than one call takes arguments', async () => {
    current = setup('<p>The SCC met.</p><div id="list"></div>');
    await current.annotator.start();
    const list = document.getElementById('list')!;
    for (let i = 0; i < 140_000; i++) list.append(document.createElement('i'));
    const added = document.createElement('p');
    added.textContent = 'Then the SCC again.';
    document.body.append(added);
    for (let i = 0; i < 100 && !added.querySelector('glens-term'); i++) await flush(50);
    expect(marks(added)).toEqual([['SCC', 'scc']]);
  }, 60_000);
});

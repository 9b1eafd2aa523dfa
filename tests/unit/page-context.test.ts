import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotator } from '../../lib/annotator';
import { compileContextModel } from '../../lib/context';
import { GLOSSARY } from '../../lib/glossary';
import { compileMatcher } from '../../lib/matcher';
import {
  BLOCK_BREAK,
  createPageContext,
  readText,
  sectionTextFromLeaves,
  type LeafNotes,
} from '../../lib/page-context';

const matcher = compileMatcher(GLOSSARY);
const model = compileContextModel(GLOSSARY, matcher);

const ALLIANCE = `<p>Japan and the United States agreed to revise the Guidelines for U.S.-Japan Defense Cooperation.
  The Security Consultative Committee said the Self-Defense Forces could exercise collective self-defense.</p>
  <p>The SCC also called for more ISR cooperation between the two militaries.</p>`;
const SKIN = `<p>Squamous cell carcinoma (SCC) is a common skin cancer. Most cases of SCC are cured by surgery, and
  dermatologists advise sunscreen and regular checks of any new or changing spot on the skin.</p>`;

const query = (block: Element, entryId: string, text: string) => ({
  entryId,
  text,
  form: matcher.formFor(text) ?? text,
  block,
});

afterEach(() => {
  document.body.innerHTML = '';
  document.title = '';
});

describe('createPageContext', () => {
  it('accepts SCC on a page about the alliance and tallies it', () => {
    document.body.innerHTML = ALLIANCE;
    const context = createPageContext({ root: document.body, model });
    const p = document.querySelectorAll('p')[1]!;
    expect(context.accept(query(p, 'security-consultative-committee', 'SCC'))).toBe(true);
    expect(context.accept(query(p, 'isr', 'ISR'))).toBe(true);
    const why = context.explain();
    expect(why).toMatchObject({ scope: 'page', truncated: false, topic: { about: true } });
    expect(why.forms).toContainEqual(
      expect.objectContaining({ entryId: 'security-consultative-committee', form: 'SCC', kept: 1, dropped: 0 }),
    );
  });

  it('drops SCC on a page about skin cancer and says why', () => {
    document.body.innerHTML = SKIN;
    const context = createPageContext({ root: document.body, model });
    const p = document.querySelector('p')!;
    expect(context.accept(query(p, 'security-consultative-committee', 'SCC'))).toBe(false);
    expect(context.accept(query(p, 'security-consultative-committee', 'SCC'))).toBe(false);
    const [tally] = context.explain().forms;
    expect(tally).toMatchObject({ kept: 0, dropped: 2, decision: { keep: false } });
    expect(tally?.decision.lines.map((l) => l.label).join('\n')).toContain('squamous cell carcinoma');
  });

  it('always accepts forms that need no context', () => {
    document.body.innerHTML = SKIN;
    const context = createPageContext({ root: document.body, model });
    const p = document.querySelector('p')!;
    expect(context.accept(query(p, 'collective-self-defense', 'collective self-defense'))).toBe(true);
    expect(context.explain().forms).toEqual([]);
  });

  it('counts the time it spends reading and judging text, and only that', () => {
    document.body.innerHTML = `<article id="a">${ALLIANCE}</article><article id="b">${SKIN}</article>`;
    // A clock that moves one millisecond each time it is read: each timed step counts 1.
    let t = 0;
    const context = createPageContext({ root: document.body, model, longPageChars: 100, now: () => t++ });
    const [, inAlliance, inSkin] = document.querySelectorAll('p');
    expect(context.accept(query(inAlliance!, 'collective-self-defense', 'collective self-defense'))).toBe(true);
    expect(context.costMs()).toBe(0);
    // The page's read and judgement (its prior), then the first article's.
    context.accept(query(inAlliance!, 'security-consultative-committee', 'SCC'));
    expect(context.costMs()).toBe(3);
    context.accept(query(inAlliance!, 'isr', 'ISR'));
    expect(context.costMs()).toBe(3);
    context.accept(query(inSkin!, 'security-consultative-committee', 'SCC'));
    expect(context.costMs()).toBe(4);
  });

  it('counts the title as part of the page', () => {
    document.title = 'Japan and U.S. defense ministers meet as alliance marks anniversary';
    document.body.innerHTML = '<p>The 2+2 talks covered deterrence and the defense guidelines review.</p>';
    const withTitle = createPageContext({ root: document.body, model, title: document.title });
    const without = createPageContext({ root: document.body, model });
    expect(withTitle.explain().topic.score).toBeGreaterThan(without.explain().topic.score);
  });

  it('judges each article of a long page on its own', () => {
    document.body.innerHTML = `<article id="a">${ALLIANCE}</article><article id="b">${SKIN}</article>`;
    const context = createPageContext({ root: document.body, model, longPageChars: 100 });
    const inAlliance = document.querySelector('#a p:last-child')!;
    const inSkin = document.querySelector('#b p')!;
    expect(context.accept(query(inAlliance, 'security-consultative-committee', 'SCC'))).toBe(true);
    expect(context.accept(query(inSkin, 'security-consultative-committee', 'SCC'))).toBe(false);
    expect(context.explain()).toMatchObject({
      scope: 'sections',
      forms: [{ entryId: 'security-consultative-committee', kept: 1, dropped: 1 }],
    });
  });

  it('judges a section the annotator’s reading has passed by the texts it handed on, not by reading it again', () => {
    // The page says skin cancer; the reading hands on the alliance's words instead, so the
    // decision shows which text was judged.
    document.body.innerHTML = `<article id="a">${SKIN}${SKIN}</article><article id="b">${SKIN}</article>`;
    const [p1, p2, p3] = [...document.querySelectorAll('p')];
    const handed = [...new DOMParser().parseFromString(ALLIANCE, 'text/html').querySelectorAll('p')].map(
      (p) => p.textContent ?? '',
    );
    const context = createPageContext({ root: document.body, model, longPageChars: 100 });
    const reading = context.reading();
    reading.leaf(p1!, handed[0]!, true);
    reading.leaf(p2!, handed[1]!, true);
    // Not done, but past #a: its first leaf outside it.
    reading.leaf(p3!, SKIN, true);
    expect(context.accept(query(p2!, 'security-consultative-committee', 'SCC'))).toBe(true);
    // The same page judged by reading it: dropped.
    const anew = createPageContext({ root: document.body, model, longPageChars: 100 });
    expect(anew.accept(query(p2!, 'security-consultative-committee', 'SCC'))).toBe(false);
  });

  it('reads a section itself when the reading has not passed its end, and once the reading is closed', () => {
    document.body.innerHTML = `<article id="a">${SKIN}${SKIN}</article><article id="b">${SKIN}</article>`;
    const [p1, p2, p3] = [...document.querySelectorAll('p')];
    const alliance = ALLIANCE.replace(/<\/?p>/g, ' ');
    const context = createPageContext({ root: document.body, model, longPageChars: 100 });
    const reading = context.reading();
    reading.leaf(p1!, alliance, true);
    // The reading is still in #a: its second paragraph may say anything.
    expect(context.accept(query(p1!, 'security-consultative-committee', 'SCC'))).toBe(false);
    reading.leaf(p2!, alliance, true);
    reading.leaf(p3!, alliance, true);
    reading.done();
    reading.close();
    expect(context.accept(query(p3!, 'security-consultative-committee', 'SCC'))).toBe(false);
  });

  it('splits a long page without section elements at its h2 headings', () => {
    document.body.innerHTML = `<h2>Alliance</h2>${ALLIANCE}<h2>Health</h2>${SKIN}`;
    const context = createPageContext({ root: document.body, model, longPageChars: 100 });
    const [, second, third] = document.querySelectorAll('p');
    expect(context.accept(query(second!, 'security-consultative-committee', 'SCC'))).toBe(true);
    expect(context.accept(query(third!, 'security-consultative-committee', 'SCC'))).toBe(false);
  });

  it('judges a section too long to be one piece of writing by the headings in it', () => {
    document.body.innerHTML = `<main><h2>Alliance</h2>${ALLIANCE}<h2>Health</h2>${SKIN}</main>`;
    const mainChars = readText(document.querySelector('main')!, { max: 10_000 }).text.length;
    const judged = (maxSectionChars: number) => {
      const context = createPageContext({ root: document.body, model, longPageChars: 100, maxSectionChars });
      return [...document.querySelectorAll('main > p')].map((p) =>
        context.accept(query(p, 'security-consultative-committee', 'SCC')),
      );
    };
    // Too long: the stretch under each heading on its own. Short enough: the whole section at once.
    expect(judged(mainChars - 1)).toEqual([true, true, false]);
    expect(judged(mainChars)).toEqual([true, true, true]);
  });

  it('reads a page capped, and judges a capped page by sections', () => {
    document.body.innerHTML = `<article>${ALLIANCE}</article><article>${SKIN.repeat(20)}</article>`;
    const context = createPageContext({ root: document.body, model, maxPageChars: 300 });
    expect(context.explain()).toMatchObject({ scope: 'sections', truncated: true });
    expect(context.explain().chars).toBeLessThanOrEqual(300);
  });

  it('reads the page only when a term first needs context, as the page is then', () => {
    document.body.innerHTML = '<main><p>Loading…</p></main>';
    const context = createPageContext({ root: document.body, model });
    // Nothing judged yet, so nothing can be stale, and nothing was read.
    expect(context.stale()).toBe(false);
    document.querySelector('main')!.innerHTML = ALLIANCE;
    const p = document.querySelector('p')!;
    expect(context.accept(query(p, 'security-consultative-committee', 'SCC'))).toBe(true);
    expect(context.explain().chars).toBeGreaterThan(100);
  });

  it('notices when the page fills itself in and is now about the field', () => {
    document.body.innerHTML = '<main><p>Loading…</p></main>';
    const context = createPageContext({ root: document.body, model });
    const p = document.querySelector('p')!;
    expect(context.accept(query(p, 'security-consultative-committee', 'SCC'))).toBe(false);
    expect(context.stale()).toBe(false);
    document.querySelector('main')!.innerHTML = ALLIANCE;
    expect(context.stale()).toBe(true);
  });
});

describe('readText', () => {
  it('reads the annotator’s text, with our highlights, block by block, skipping code and fields', () => {
    document.body.innerHTML =
      '<p>The <glens-term>SCC</glens-term> met.</p><pre>SCC</pre><textarea>ISR</textarea><div>Then <b>ISR</b>.</div>';
    expect(readText(document.body, { max: 1000 })).toEqual({
      text: `The SCC met.${BLOCK_BREAK}Then ISR.`,
      complete: true,
    });
  });

  it('finds no term across two blocks, whether it reads a section anew or from the reading’s leaves', () => {
    document.body.innerHTML =
      '<article>\n  <p>Tokyo weighs the right of collective</p>\n  <p>self-defense, Japan says.</p>\n</article>';
    const article = document.querySelector('article')!;
    const leaves = [...article.querySelectorAll('p')];
    const anew = readText(article, { max: 1000 });
    expect(anew.text).toBe(`Tokyo weighs the right of collective${BLOCK_BREAK}self-defense, Japan says.`);
    expect(model.evidence(anew.text).anchors).toEqual([]);
    const texts = leaves.map((p) => p.textContent ?? '');
    const notes: LeafNotes = { leaves, texts, mayHold: texts.map((t) => matcher.mayContain(t)), done: true };
    // Neither paragraph may hold a form: the section's forms text is empty, and no term is lost.
    expect(notes.mayHold).toEqual([false, false]);
    const fromLeaves = sectionTextFromLeaves(notes, article, leaves[1]!, 1000)!;
    expect(fromLeaves).toEqual({ ...anew, formsText: '' });
    expect(model.evidence(fromLeaves.text, fromLeaves.formsText)).toEqual(model.evidence(anew.text));
  });

  it('stops at the cap and says so', () => {
    document.body.innerHTML = '<p>one</p><p>two</p><p>three</p>';
    expect(readText(document.body, { max: 5 })).toEqual({ text: `one${BLOCK_BREAK}t`, complete: false });
  });
});

describe('the annotator with page context', () => {
  let stop = () => {};
  afterEach(() => stop());

  it('asks about its matches once its reading of the page has passed them, and only then writes', async () => {
    document.body.innerHTML = `<article>${ALLIANCE}</article><article>${SKIN}</article>`;
    const context = createPageContext({ root: document.body, model, longPageChars: 100 });
    const log: string[] = [];
    const annotator = createAnnotator({
      root: document.body,
      matcher,
      acceptMatch: (m) => {
        log.push(`accept ${m.text}`);
        return context.accept(m);
      },
      readingOfRoot: () => {
        const reading = context.reading();
        return {
          leaf: (el, text, mayHold) => {
            log.push('leaf');
            reading.leaf(el, text, mayHold);
          },
          done: () => {
            log.push('done');
            reading.done();
          },
          close: () => {
            log.push('close');
            reading.close();
          },
        };
      },
      beforeWrite: () => log.push('write'),
    });
    stop = () => annotator.stop();
    await annotator.start();
    const firstAccept = log.findIndex((e) => e.startsWith('accept'));
    expect(log.slice(0, firstAccept)).toEqual(['leaf', 'leaf', 'leaf', 'done']);
    expect(log.indexOf('write')).toBeGreaterThan(log.lastIndexOf('accept SCC'));
    expect(log[log.length - 1]).toBe('close');
    // The alliance's SCC is kept, the skin cancer's dropped: each article judged from its leaves.
    const scc = [...document.querySelectorAll('glens-term[data-glossary-term="security-consultative-committee"]')];
    expect(scc.map((el) => el.closest('article') === document.querySelector('article'))).toEqual([true, true]);
  });

  it('highlights only the first accepted occurrence when asked for the first only', async () => {
    document.body.innerHTML = `<article id="b">${SKIN}</article><article id="a">${ALLIANCE}<p>Later the SCC met again.</p></article>`;
    const context = createPageContext({ root: document.body, model, longPageChars: 100 });
    const annotator = createAnnotator({
      root: document.body,
      matcher,
      firstOnly: true,
      acceptMatch: (m) => context.accept(m),
    });
    stop = () => annotator.stop();
    await annotator.start();
    const scc = [...document.querySelectorAll('glens-term[data-glossary-term="security-consultative-committee"]')];
    expect(scc.map((el) => [el.textContent, el.closest('article')?.id])).toEqual([
      ['Security Consultative Committee', 'a'],
    ]);
    expect(document.querySelector('#b glens-term')).toBeNull();
  });
});

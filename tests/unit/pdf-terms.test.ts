import { describe, expect, it } from 'vitest';
import { compileContextModel } from '../../lib/context';
import { GLOSSARY } from '../../lib/glossary';
import { compileMatcher } from '../../lib/matcher';
import { createDocumentContext } from '../../lib/pdf-context';
import { countTermsInPages, matchesInPages } from '../../lib/pdf-terms';

const matcher = compileMatcher(GLOSSARY);
const model = compileContextModel(GLOSSARY, matcher);

const ALLIANCE = [
  'Japan and the United States agreed to revise the Guidelines for U.S.-Japan Defense Cooperation. Meeting as the',
  'Security Consultative Committee, the ministers said the Self-Defense Forces could exercise collective',
  'self-defense in limited cases. The SCC also asked for more ISR cooperation and stronger deterrence.',
].join(' ');
const ALLIANCE_2 =
  'Japan and the United States will hold the next 2+2 in Washington. Collective self-defense was debated again.';
const SKIN = 'Squamous cell carcinoma (SCC) is the second most common skin cancer. Most SCCs are found on the face.';

describe('countTermsInPages', () => {
  it('counts every page read, in order of first appearance, with the first page of each entry', () => {
    const terms = countTermsInPages({ pages: [ALLIANCE, undefined, ALLIANCE_2], matcher });
    expect(terms.terms.slice(0, 3)).toEqual([
      { entryId: 'defense-guidelines', count: 1 },
      { entryId: 'security-consultative-committee', count: 3 },
      { entryId: 'self-defense-forces', count: 1 },
    ]);
    expect(terms.terms.find((t) => t.entryId === 'collective-self-defense')).toEqual({
      entryId: 'collective-self-defense',
      count: 2,
    });
    expect(terms.firstPage.get('collective-self-defense')).toBe(1);
    expect(terms.occurrences).toBe(terms.terms.reduce((n, t) => n + t.count, 0));
  });

  it('applies the category filter, first-only and the per-match decision', () => {
    const pages = [ALLIANCE, ALLIANCE_2];
    const onlyCsd = countTermsInPages({ pages, matcher, includeEntry: (id) => id === 'collective-self-defense' });
    expect(onlyCsd.terms).toEqual([{ entryId: 'collective-self-defense', count: 2 }]);
    const first = countTermsInPages({ pages, matcher, firstOnly: true });
    expect(first.terms.every((t) => t.count === 1)).toBe(true);
    const none = countTermsInPages({ pages, matcher, acceptMatch: (m) => m.page !== 1 });
    expect(none.firstPage.get('collective-self-defense')).toBe(2);
  });

  it('lists each match with its form and page', () => {
    expect(matchesInPages({ pages: [undefined, 'The SCC met.'], matcher })).toEqual([
      { entryId: 'security-consultative-committee', form: 'SCC', text: 'SCC', page: 2 },
    ]);
  });
});

describe('createDocumentContext', () => {
  it('keeps an ambiguous form in a document about the alliance, drops it in one that is not', () => {
    const about = createDocumentContext({ model, pages: () => [ALLIANCE, ALLIANCE_2], title: 'Allies agree' });
    expect(about.accept({ entryId: 'security-consultative-committee', form: 'SCC', page: 1 })).toBe(true);
    const skin = createDocumentContext({ model, pages: () => [SKIN], title: 'Skin cancer' });
    expect(skin.accept({ entryId: 'security-consultative-committee', form: 'SCC', page: 1 })).toBe(false);
    // A form that needs no context is always kept.
    expect(skin.accept({ entryId: 'collective-self-defense', form: 'collective self-defense', page: 1 })).toBe(true);
  });

  it('gates the document’s counts as the highlights are gated', () => {
    const skin = createDocumentContext({ model, pages: () => [SKIN] });
    const terms = countTermsInPages({ pages: [SKIN], matcher, acceptMatch: (m) => skin.accept(m) });
    expect(terms.terms).toEqual([]);
  });

  it('explains its decisions over the whole document', () => {
    const pages = [ALLIANCE, ALLIANCE_2];
    const context = createDocumentContext({ model, pages: () => pages });
    const why = context.explain(matchesInPages({ pages, matcher }));
    expect(why.scope).toBe('page');
    expect(why.topic.about).toBe(true);
    const scc = why.forms.find((f) => f.entryId === 'security-consultative-committee' && f.form === 'SCC');
    expect(scc).toMatchObject({ kept: 1, dropped: 0 });
  });

  it('tells when more of the document changes a decision made on less of it', () => {
    const pages: (string | undefined)[] = [SKIN, undefined];
    const context = createDocumentContext({ model, pages: () => pages });
    expect(context.accept({ entryId: 'security-consultative-committee', form: 'SCC', page: 1 })).toBe(false);
    expect(context.stale()).toBe(false);
    pages[1] = `${ALLIANCE} ${ALLIANCE_2} ${ALLIANCE}`;
    expect(context.stale()).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { GLOSSARY } from '../../lib/glossary';
import { createGlossarySearch, searchTokens, type SearchableEntry } from '../../lib/search';

const glossary = createGlossarySearch(GLOSSARY);
const ids = (query: string, limit?: number) => glossary.search(query, limit).map((hit) => hit.id);
const top = (query: string) => ids(query)[0];

describe('searchTokens', () => {
  it('keeps punctuated acronyms whole as well as split', () => {
    expect(searchTokens('HA/DR')).toEqual(['ha', 'dr', 'hadr']);
    expect(searchTokens('the 2+2 talks')).toEqual(['the', '2+2', 'talks']);
  });

  it('reads U.S. as one word and British spelling as American', () => {
    expect(searchTokens('U.S. Defence')).toEqual(['us', 'defense']);
  });

  it('indexes Japanese as character bigrams, ignoring the middle dot', () => {
    expect(searchTokens('集団的自衛権')).toEqual(['集団', '団的', '的自', '自衛', '衛権']);
    expect(searchTokens('役割・任務')).toEqual(['役割', '割任', '任務']);
  });
});

describe('createGlossarySearch over the glossary', () => {
  it('finds nothing for an empty or blank query', () => {
    expect(glossary.search('')).toEqual([]);
    expect(glossary.search('   \t ')).toEqual([]);
  });

  it('ranks an entry first for its own term', () => {
    for (const entry of GLOSSARY) expect(top(entry.term), entry.term).toBe(entry.id);
  });

  it('ranks an entry first for each of its surface forms, or among the first three where forms are shared', () => {
    for (const entry of GLOSSARY) {
      for (const form of entry.forms) expect(ids(form, 3), form).toContain(entry.id);
    }
  });

  it('finds acronyms in any case', () => {
    expect(top('scc')).toBe('security-consultative-committee');
    expect(top('SCC')).toBe('security-consultative-committee');
    expect(top('isr')).toBe('isr');
    expect(top('neo')).toBe('neo');
    expect(top('NEO')).toBe('neo');
  });

  it('finds HA/DR with or without its slash', () => {
    expect(top('hadr')).toBe('hadr');
    expect(top('HA/DR')).toBe('hadr');
    expect(top('ha/dr')).toBe('hadr');
  });

  it('finds the Security Consultative Committee by "2+2", half- or full-width', () => {
    expect(top('2+2')).toBe('security-consultative-committee');
    expect(top('２＋２')).toBe('security-consultative-committee');
  });

  it('finds Japanese names whole and in part', () => {
    expect(top('集団的自衛権')).toBe('collective-self-defense');
    expect(ids('自衛権')).toContain('collective-self-defense');
    expect(top('日米同盟')).toBe('us-japan-alliance');
  });

  it('matches what is typed so far as a prefix', () => {
    expect(ids('coll', 3)).toContain('collective-self-defense');
    expect(top('collective s')).toBe('collective-self-defense');
  });

  it('forgives small typos', () => {
    expect(top('colective self defense')).toBe('collective-self-defense');
    expect(top('deterence')).toBe('deterrence');
  });

  it('treats defence and defense alike', () => {
    expect(ids('defence')).toEqual(ids('defense'));
    expect(ids('defence').length).toBeGreaterThan(3);
    expect(top('missile defence')).toBe('air-missile-defense');
  });

  it('narrows as words are added', () => {
    expect(ids('guidelines').length).toBeGreaterThan(ids('1997 guidelines').length);
    expect(top('1997 guidelines')).toBe('guidelines-1997');
  });

  it('falls back to any word matching when no entry has them all', () => {
    expect(ids('deterrence zzzzqqq')).toContain('deterrence');
  });

  it('respects the limit and returns scores best first', () => {
    const hits = glossary.search('defense', 5);
    expect(hits).toHaveLength(5);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe('createGlossarySearch at scale', () => {
  /** A deterministic 5,000-entry glossary with a Zipf-like vocabulary of invented words. */
  function syntheticGlossary(size: number): SearchableEntry[] {
    let seed = 42;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const syllables = ['ka', 'to', 'ri', 'sa', 'mi', 'ne', 'lo', 'de', 'fen', 'sec', 'ur', 'al', 'tra', 'ty', 'gu'];
    const vocabulary = Array.from({ length: 3000 }, () =>
      Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * 15)]).join(''),
    );
    const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 2.5)]!;
    return Array.from({ length: size }, (_, i) => ({
      id: `synthetic-${i}`,
      term: `${word()} ${word()} ${i}`,
      acronym: i % 3 === 0 ? `X${i}` : undefined,
      japanese: i % 2 === 0 ? `日米${'防衛安全保障条約'.slice(i % 5, (i % 5) + 3)}` : undefined,
      forms: [`${word()} ${word()}`, `${word()}-${word()}`],
      definition: Array.from({ length: 25 }, word).join(' '),
    }));
  }

  it('answers a query over 5,000 entries quickly', () => {
    const entries = syntheticGlossary(5000);
    const search = createGlossarySearch(entries);
    const wanted = entries[1234]!;
    search.search('warm up');

    const start = performance.now();
    const hits = search.search(wanted.term, 10);
    const elapsed = performance.now() - start;

    expect(hits[0]?.id).toBe(wanted.id);
    // Loose on purpose: a busy CI machine must not make this flaky. Typical is well under 5 ms.
    expect(elapsed).toBeLessThan(50);
  });
});

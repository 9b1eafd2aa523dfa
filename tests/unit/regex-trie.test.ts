import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitAtoms, trieAlternation } from '../../lib/regex-trie';

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Every match of `re` in `text`, as the matcher's scan loop walks them. */
function allMatches(source: string, text: string): [number, string][] {
  const re = new RegExp(source, 'gi');
  const out: [number, string][] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (!m[0].length) re.lastIndex++;
    else out.push([m.index, m[0]]);
  }
  return out;
}

describe('splitAtoms', () => {
  it('keeps escapes, classes, groups and their quantifiers whole', () => {
    expect(splitAtoms('Co-?operation')).toEqual(['C', 'o', '-?', 'o', 'p', 'e', 'r', 'a', 't', 'i', 'o', 'n']);
    expect(splitAtoms('U\\.S\\.(?:- ?| )Japan')).toEqual([
      'U',
      '\\.',
      'S',
      '\\.',
      '(?:- ?| )',
      'J',
      'a',
      'p',
      'a',
      'n',
    ]);
    expect(splitAtoms('defen[sc]e')).toEqual(['d', 'e', 'f', 'e', 'n', '[sc]', 'e']);
    expect(splitAtoms('(?<![A-Za-z0-9\\u00C0-\\u024F])2 ?\\+ ?2')).toEqual([
      '(?<![A-Za-z0-9\\u00C0-\\u024F])',
      '2',
      ' ?',
      '\\+',
      ' ?',
      '2',
    ]);
    expect(splitAtoms('a(?:b(?:c|[)(])|d)e')).toEqual(['a', '(?:b(?:c|[)(])|d)', 'e']);
  });

  it('refuses an unbalanced group instead of building a wrong expression', () => {
    expect(() => splitAtoms('a(?:b')).toThrow(SyntaxError);
  });
});

describe('trieAlternation', () => {
  it('factors shared beginnings, longer branches first', () => {
    expect(trieAlternation(['alliance', 'allies', 'ally'])).toBe('all(?:i(?:ance|es)|y)');
    expect(trieAlternation(['SCC', 'scc', 'SC'])).toBe('SC(?:C|)');
    expect(trieAlternation([])).toBe('');
  });

  // Sources come longest first in characters, but a class is one atom of several characters: at a
  // branch point the branch with more atoms below it goes first, so the longer match wins.
  it('puts the branch with more atoms first, whatever order the sources came in', () => {
    const trie = trieAlternation(['a[bc]', 'abcd']);
    expect(trie).toBe('a(?:bcd|[bc])');
    expect(allMatches(trie, 'abcd ac')).toEqual([
      [0, 'abcd'],
      [5, 'ac'],
    ]);
  });

  it('branches on whole atoms: escapes, classes, groups and quantified characters', () => {
    const sources = ['u\\.s\\. japan', 'u\\.s\\.(?: ?|-)forces', 'defen[sc]e', 'defen[sc]es', 'co ?operation', 'co'];
    // Most atoms first: co ?operation (12), then the u.s. branch (11 below it), then defen[sc]es (7).
    expect(trieAlternation(sources)).toBe('(?:co(?: ?operation|)|u\\.s\\.(?:(?: ?|-)forces| japan)|defen[sc]e(?:s|))');
  });

  // For literal forms given longest first, the trie must find exactly what the flat list finds,
  // boundary check after it included (the engine backs off to a shorter form when it fails).
  it('matches what the flat alternation matches', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'b', 'A', 'B', ' ', '-', '+', '.'),
      minLength: 1,
      maxLength: 6,
    });
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', ' ', '-', '+', '.', 'c'), maxLength: 60 });
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 12 }), text, fc.boolean(), (forms, t, bounded) => {
        const sources = [...forms].sort((a, b) => b.length - a.length).map(escapeRe);
        const after = bounded ? '(?![a-z])' : '';
        const flat = `(?:${sources.join('|')})${after}`;
        const trie = `(?:${trieAlternation(sources)})${after}`;
        expect(allMatches(trie, t)).toEqual(allMatches(flat, t));
      }),
      { numRuns: 2000 },
    );
  });
});

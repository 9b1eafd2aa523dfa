/**
 * The matcher against a plain statement of what it matches: one flat alternation of every form,
 * longest first, with word boundaries and plural or possessive endings written into the expression
 * (the way the first matcher was built, before tries and prebuilt sources), over the text with
 * hyphens read as spaces. Texts are made of the glossary's own forms, their variants, and what stands around a
 * term on a page, so that boundaries, endings, nested forms and near misses all come up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cueEntries } from '../../lib/context';
import { GLOSSARY_CORE } from '../../lib/glossary-core';
import {
  compileMatcher,
  createMatcher,
  formBody,
  matcherSources,
  SIEVE_AFTER_CHARS,
  SIEVE_MIN_CHARS,
  type MatchableEntry,
} from '../../lib/matcher';
import { canonicalize, canonicalText, normalizeText } from '../../lib/text-normalize';

const WORDISH = 'A-Za-z0-9\\u00C0-\\u024F';
const BEFORE = `(?<![${WORDISH}])`;
const AFTER = `(?![${WORDISH}])`;
const SUFFIX = "(?:es|s|'s?)?";
const CJK = /[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]/u;
const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Every match of `entries` in `text` (canonical), as [start, end, entry id], by the flat expression. */
function reference(entries: readonly MatchableEntry[]): (text: string) => [number, number, string][] {
  const bounded: string[] = [];
  const free: string[] = [];
  for (const form of entries.flatMap((e) => e.forms)) {
    const n = normalizeText(form);
    if (CJK.test(n)) {
      free.push(escapeRe(n));
      continue;
    }
    const startsWord = /^[A-Za-z0-9]/.test(n);
    const endsLetter = /[A-Za-z]$/.test(n);
    const endsWord = /[A-Za-z0-9.]$/.test(n);
    if (startsWord && endsLetter) bounded.push(n);
    else free.push(`${startsWord ? BEFORE : ''}${formBody(n)}${endsLetter ? SUFFIX : ''}${endsWord ? AFTER : ''}`);
  }
  const byLength = (a: string, b: string) => b.length - a.length;
  const parts = [];
  if (bounded.length) parts.push(`${BEFORE}(?:${bounded.sort(byLength).map(formBody).join('|')})${SUFFIX}${AFTER}`);
  if (free.length) parts.push(free.sort(byLength).join('|'));
  const re = new RegExp(parts.join('|'), 'gi');
  const matcher = compileMatcher(entries);
  return (text) => {
    const out: [number, number, string][] = [];
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    // Hyphens read as spaces, as the glossary's keys read them (formBody writes its gaps so).
    const scanned = text.replace(/-/g, ' ');
    while ((m = re.exec(scanned)) !== null) {
      let found = text.slice(m.index, m.index + m[0].length);
      if (!found.length) {
        re.lastIndex++;
        continue;
      }
      if (found.endsWith("'") && !found.endsWith("s'")) found = found.slice(0, -1);
      const id = matcher.entryFor(found);
      if (id !== undefined) out.push([m.index, m.index + found.length, id]);
    }
    return out;
  };
}

/** A form as a page may write it: another case, a space for a hyphen, another name for the U.S. */
const variant = (forms: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...forms),
      fc.constantFrom(
        'as is',
        'lower',
        'upper',
        'title',
        'space',
        'hyphen',
        'broken line',
        'US',
        'United States',
        'defence',
        'co-op',
      ),
    )
    .map(([f, how]) => {
      switch (how) {
        case 'lower':
          return f.toLowerCase();
        case 'upper':
          return f.toUpperCase();
        case 'title':
          return f.replace(/\b[a-z]/g, (c) => c.toUpperCase());
        case 'space':
          return f.replace(/-/g, ' ');
        case 'hyphen':
          return f.replace(/ /g, '-');
        case 'broken line':
          return f.replace(/[- ]/, '- ');
        case 'US':
          return f.replace(/U\.S\./g, 'US');
        case 'United States':
          return f.replace(/U\.S\./g, 'United States');
        case 'defence':
          return f.replace(/defense/gi, 'defence');
        case 'co-op':
          return f.replace(/cooperation/gi, 'co-operation');
        default:
          return f;
      }
    });
/** A form cut short or run on: near misses that share a beginning with a form. */
const fragment = (forms: string[]) =>
  fc
    .tuple(fc.constantFrom(...forms), fc.nat(), fc.constantFrom('', 'a', 's', 'es', 'ing', 'x'))
    .map(([f, cut, tail]) => f.slice(0, 1 + (cut % f.length)) + tail);
const joiner = fc.constantFrom(
  ' ',
  ' ',
  ' ',
  '',
  '-',
  '.',
  ', ',
  "'",
  "'s ",
  's ',
  'es ',
  '’',
  ' (',
  ') ',
  '/',
  '+',
  '2',
  'a',
  'X',
  'é',
  'の',
);
const word = fc.constantFrom(
  'the',
  'and',
  'Japan',
  'US',
  'us',
  'allied',
  'disrupt',
  'neon',
  'bases',
  'Tokyo',
  '12',
  'self',
  'joint',
  'defense',
);

function texts(entries: readonly MatchableEntry[]) {
  const forms = entries.flatMap((e) => e.forms);
  return fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: variant(forms) },
        { weight: 2, arbitrary: fragment(forms) },
        { weight: 2, arbitrary: word },
        { weight: 4, arbitrary: joiner },
      ),
      {
        maxLength: 24,
      },
    )
    .map((parts) => parts.join(''));
}

describe('the matcher against the flat expression it stands for', () => {
  for (const [name, entries, options] of [
    ['the glossary', GLOSSARY_CORE, {}],
    ['the context cues', cueEntries(GLOSSARY_CORE), {}],
    // Parts as small as a few leads each: what a glossary too large for one expression gets.
    ['the glossary in parts', GLOSSARY_CORE, { maxPartChars: 400 }],
  ] as const) {
    it(`finds what the flat expression finds, with ${name}`, () => {
      const matcher = compileMatcher(entries, options);
      const expected = reference(entries);
      fc.assert(
        fc.property(texts(entries), (text) => {
          // The matcher scans the text folded (a curly apostrophe read as a straight one): where
          // the fold keeps every offset, the expression reads the folded text.
          const canon = canonicalize(text);
          fc.pre(canon.text.length === text.length);
          const got = matcher.find(text).map((m) => [m.start, m.end, m.entryId]);
          expect(got).toEqual(expected(canon.text));
        }),
        { numRuns: 3000 },
      );
    });

    it(`finds in the folded text what it finds in the page's, with ${name}`, () => {
      const matcher = compileMatcher(entries, options);
      fc.assert(
        fc.property(texts(entries), (text) => {
          // The context model folds a text once and scans the fold with two matchers.
          const canon = canonicalText(text);
          const inPage = matcher.find(text);
          const inFold = matcher.findCanonical(canon);
          expect(inFold.map((m) => m.entryId)).toEqual(inPage.map((m) => m.entryId));
          for (const [i, m] of inFold.entries()) {
            const p = inPage[i]!;
            expect(normalizeText(canon.slice(m.start, m.end))).toBe(normalizeText(text.slice(p.start, p.end)));
          }
        }),
        { numRuns: 1000 },
      );
    });
  }
});

describe('mayContain on a long text, read as it is', () => {
  // Text without terms around the generated one, to take the text past SIEVE_MIN_CHARS.
  const pad = ' Nothing to see here.'.repeat(SIEVE_MIN_CHARS / 20);
  it('says maybe wherever the folded test of the same text does, and wherever find finds a term', () => {
    const matcher = compileMatcher(GLOSSARY_CORE);
    fc.assert(
      fc.property(
        texts(GLOSSARY_CORE),
        // How pages space, break and punctuate what the glossary writes with a space or a hyphen.
        fc.constantFrom(' ', '\n', '\n    ', '\u00a0', ' \t'),
        fc.constantFrom('-', '\u2010', '\u2011', '\u2013', '\u2014', '\u2212', '-\n'),
        fc.constantFrom("'", '\u2019', '\u02bc'),
        (text, space, dash, apostrophe) => {
          const page = text.replace(/ /g, space).replace(/-/g, dash).replace(/'/g, apostrophe);
          const long = `${pad}${page}${pad}`;
          if (matcher.mayContain(page) || matcher.find(page).length) expect(matcher.mayContain(long)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('says what the fold of the same long text says, a form cut short by the sieve or not', () => {
    const matcher = compileMatcher(GLOSSARY_CORE);
    // Without the sieve's expression, every text is folded for the test.
    const { main, loose } = matcherSources(GLOSSARY_CORE);
    const folding = createMatcher(GLOSSARY_CORE, { main, loose });
    fc.assert(
      fc.property(
        texts(GLOSSARY_CORE),
        fc.constantFrom(' ', '\n', '\n    ', '\u00a0', ' \t', ' '.repeat(300)),
        fc.constantFrom('-', '\u2013', '-\n', '---'),
        fc.constantFrom("'", '\u2019'),
        // Cut at a random point: a form's beginning without its end is what the sieve's hits are.
        fc.nat(),
        (text, space, dash, apostrophe, cut) => {
          const page = text.replace(/ /g, space).replace(/-/g, dash).replace(/'/g, apostrophe);
          const long = `${pad}${page.slice(0, cut % (page.length + 1))}${pad}`;
          expect(matcher.mayContain(long)).toBe(folding.mayContain(long));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('says maybe for a short text, once it reads every text with the sieve, wherever the fold does', () => {
    const fresh = compileMatcher(GLOSSARY_CORE);
    const read = compileMatcher(GLOSSARY_CORE);
    // Past SIEVE_AFTER_CHARS folded, a paragraph is no longer folded for the test (a 7 MB page).
    const paragraph = ' Nothing to see here.'.repeat(50);
    for (let n = 0; n <= SIEVE_AFTER_CHARS; n += paragraph.length) expect(read.mayContain(paragraph)).toBe(false);
    fc.assert(
      fc.property(
        texts(GLOSSARY_CORE),
        fc.constantFrom(' ', '\n', '\u00a0', ' \t'),
        fc.constantFrom('-', '\u2010', '\u2013', '-\n'),
        fc.constantFrom("'", '\u2019'),
        (text, space, dash, apostrophe) => {
          const page = text.replace(/ /g, space).replace(/-/g, dash).replace(/'/g, apostrophe);
          if (fresh.mayContain(page) || fresh.find(page).length) expect(read.mayContain(page)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('says the same with the glossary in parts, short text or long', () => {
    const whole = compileMatcher(GLOSSARY_CORE);
    const inParts = compileMatcher(GLOSSARY_CORE, { maxPartChars: 400 });
    fc.assert(
      fc.property(texts(GLOSSARY_CORE), fc.boolean(), (text, long) => {
        const page = long ? `${pad}${text}${pad}` : text;
        expect(inParts.mayContain(page)).toBe(whole.mayContain(page));
      }),
      { numRuns: 1500 },
    );
  });
});

/**
 * canonicalize's offset map, checked against the plain per-character map it replaced (kept here
 * as the reference) over generated text full of what the fold changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalText } from '../../lib/text-normalize';

/** The reference: one map entry per canonical character, built character by character. */
function referenceMap(text: string): { text: string; map: number[] } {
  const out: string[] = [];
  const map: number[] = [];
  const isSpace = (c: string) => /[\s\u00AD\u200B-\u200D\u2060\uFEFF]/.test(c);
  const invisible = (c: string) => /[\u00AD\u200B-\u200D\u2060\uFEFF]/.test(c);
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    if (isSpace(c)) {
      let j = i;
      while (j < text.length && isSpace(text[j]!)) j++;
      const run = text.slice(i, j);
      if (!(run.length === 1 && c === ' ') && [...run].every(invisible)) {
        i = j; // invisibles alone vanish
        continue;
      }
      out.push(' ');
      map.push(i);
      i = j;
    } else if (code >= 0xff01 && code <= 0xff5e) {
      out.push(String.fromCharCode(code - 0xfee0));
      map.push(i++);
    } else if (code >= 0xff61 && code <= 0xff9f) {
      const voiced = /[\uFF9E\uFF9F]/.test(text[i + 1] ?? '') ? 2 : 1;
      const folded = text.slice(i, i + voiced).normalize('NFKC');
      for (let k = 0; k < folded.length; k++) {
        out.push(folded[k]!);
        map.push(folded.length === voiced ? i + k : i);
      }
      i += voiced;
    } else if ('\u2010\u2011\u2012\u2013\u2014\u2212\uFE63\uFF0D'.includes(c)) {
      out.push('-');
      map.push(i++);
    } else if ('\u2019\u2018\u02BC\uFF07'.includes(c)) {
      out.push("'");
      map.push(i++);
    } else {
      out.push(c);
      map.push(i++);
    }
  }
  return { text: out.join(''), map };
}

const piece = fc.constantFrom(
  'SCC',
  ' ',
  '  ',
  '\n',
  '\n  ',
  '\t',
  '\u00A0',
  '\u3000',
  '\u00AD',
  '\u200B',
  'self\u2011defense',
  '\u2014',
  '\u2019s',
  'ＳＣＣ',
  '２＋２',
  'ｶﾞ',
  'ﾘﾊﾞﾗﾝｽ',
  'ｱ',
  '集団的自衛権',
  'a',
  'b.',
);

describe('canonicalize', () => {
  it('maps every canonical character back to where the per-character reference maps it', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        const got = canonicalize(text);
        const want = referenceMap(text);
        expect(got.text).toBe(want.text);
        // The prefilter's text alone, without the map, is the same text.
        expect(canonicalText(text)).toBe(want.text);
        if (got.map === null) {
          expect(want.map).toEqual([...want.text].map((_, i) => i));
          return;
        }
        expect(got.map.length).toBe(want.map.length);
        for (let c = 0; c < want.map.length; c++) expect(got.map.at(c)).toBe(want.map[c]);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves ordinary text alone, without a map', () => {
    expect(canonicalize('The SCC met in Tokyo.')).toEqual({ text: 'The SCC met in Tokyo.', map: null });
  });
});

import { describe, expect, it } from 'vitest';
import { GLOSSARY } from '../../lib/glossary';
import { cueEntries } from '../../lib/context';
import { TREE_TEST_OVERLAP_CHARS } from '../../lib/dom-text';
import { compileMatcher, foldedReach, matcherSources, SIEVE_MIN_CHARS, sieveSource } from '../../lib/matcher';
import { APOSTROPHES, canonicalText, DASHES } from '../../lib/text-normalize';

const entries = [
  { id: 'scc', forms: ['Security Consultative Committee', 'SCC', '2+2', '日米安全保障協議委員会'] },
  { id: 'csd', forms: ['collective self-defense', 'right of collective self-defense', '集団的自衛権'] },
  { id: 'neo', forms: ['NEO', 'noncombatant evacuation operations'] },
  { id: 'det', forms: ['deterrence'] },
  { id: 'alliance', forms: ['U.S.-Japan Alliance', 'Japan-U.S. Alliance'] },
  { id: 'hadr', forms: ['HA/DR', 'humanitarian assistance and disaster relief'] },
  { id: 'isr', forms: ['ISR'] },
  { id: 'base', forms: ['bases in Japan'] },
];
const m = compileMatcher(entries);
const found = (text: string) => m.find(text).map((x) => [text.slice(x.start, x.end), x.entryId]);

describe('mayContain', () => {
  it('finds no term longer than the overlap of the whole-page test', () => {
    // lib/dom-text.ts tests a page's text in chunks, each reaching this far into the next, folded.
    for (const entry of [...GLOSSARY, ...cueEntries(GLOSSARY)]) {
      for (const form of entry.forms) expect(foldedReach(form)).toBeLessThan(TREE_TEST_OVERLAP_CHARS);
    }
  });

  it('bounds every folded match by foldedReach (the sieve folds that far from a hit)', () => {
    const longest = (form: string) => {
      const one = compileMatcher([{ id: 'x', forms: [form] }]);
      // The longest spelling: every hyphen ending a line, the country written out, a plus spaced.
      const spelled = form
        .replace(/-/g, '-\n')
        .replace(/U\.S\./g, 'United States')
        // (A Japanese name is matched as written.)
        .replace(/\+/g, /[\u3040-\u9fff]/.test(form) ? '+' : ' + ');
      const [hit] = one.findCanonical(canonicalText(spelled));
      expect(hit, form).toBeDefined();
      return hit!.end - hit!.start;
    };
    for (const entry of GLOSSARY) {
      for (const form of entry.forms) expect(longest(form)).toBeLessThanOrEqual(foldedReach(form));
    }
  });

  it('says yes to any text holding a term, boundaries or not', () => {
    expect(m.mayContain('The SCC met.')).toBe(true);
    expect(m.mayContain('TheSCCmet')).toBe(true);
    expect(m.mayContain('collective self\u2011defense')).toBe(true);
    expect(m.mayContain('条約と集団的自衛権')).toBe(true);
  });

  it('says no where no form is, an acronym in the wrong case included', () => {
    expect(m.mayContain('Nothing to see here.')).toBe(false);
    expect(m.mayContain('They disrupt Israel’s ports; the scc was neon.')).toBe(false);
    expect(m.mayContain('')).toBe(false);
  });

  it('reads a long text as it is (the sieve) and says what the fold would', () => {
    const pad = (text: string) => `${' Nothing to see here.'.repeat(SIEVE_MIN_CHARS / 20)} ${text} and more.`;
    expect(pad('').length).toBeGreaterThan(SIEVE_MIN_CHARS);
    // Gaps as pages write them: line breaks, runs of spaces, no-break spaces, any dash.
    expect(m.mayContain(pad('collective\n   self\u2013\u00a0defense'))).toBe(true);
    expect(m.mayContain(pad('COLLECTIVE SELF\u2011DEFENSE'))).toBe(true);
    expect(m.mayContain(pad('bases\t\tin\nJapan'))).toBe(true);
    expect(m.mayContain(pad('条約と集団的自衛権'))).toBe(true);
    expect(m.mayContain(pad('the SCC'))).toBe(true);
    // What the sieve cannot read as it is goes through the fold: full-width letters, a soft hyphen.
    expect(m.mayContain(pad('the \uff33\uff23\uff23'))).toBe(true);
    expect(m.mayContain(pad('col\u00adlective self-defense'))).toBe(true);
    // Its hits are checked as the fold's are: an acronym in the wrong case is none.
    expect(m.mayContain(pad('They disrupt Israel\u2019s ports; the scc was neon.'))).toBe(false);
    expect(m.mayContain(pad(''))).toBe(false);
    // The sieve holds each form's beginning only: where it hits, the text from there is folded
    // and tested, as far as the longest form reaches, a long run of spaces folded away first.
    expect(m.mayContain(pad('collective self-deception, humanitarian assistance and disaster'))).toBe(false);
    expect(m.mayContain(pad(`collective${' '.repeat(500)}self-defense`))).toBe(true);
    expect(m.mayContain(pad(`humanitarian assistance and disaster${'\n'.repeat(300)}relief`))).toBe(true);
  });

  it('makes its sieve of the first atoms of each form', () => {
    const { sieve } = matcherSources([
      { id: 'x', forms: ['collective self-defense', 'collected', 'SCC', 'U.S.-Japan'] },
    ]);
    // "collective s" (twelve atoms) and all of "collected" share a branch; "U.S." is one atom
    // with its other spellings.
    expect(sieve).toEqual(['(?:u\\.s\\.|us|united states)  ?japan|collect(?:ive s|ed)|scc']);
  });

  it('has the sieve take every dash and apostrophe the fold knows', () => {
    const [loose] = matcherSources([{ id: 'x', forms: ["self-defense's"] }]).loose!;
    const sieve = new RegExp(`^(?:${sieveSource(loose!)})$`, 'i');
    for (const dash of DASHES) expect(sieve.test(`self${dash}defense's`)).toBe(true);
    for (const apostrophe of APOSTROPHES) expect(sieve.test(`self defense${apostrophe}s`)).toBe(true);
    expect(sieve.test('self \n - defense\u2019s')).toBe(true);
  });

  it('does not let a longer form in the wrong case hide a shorter one', () => {
    const nested = compileMatcher([
      { id: 'abe', forms: ['Abe'] },
      { id: 'abed', forms: ['ABED'] },
    ]);
    expect(nested.mayContain('Mr abed')).toBe(true);
    expect(nested.mayContain('Mr xbed')).toBe(false);
  });
});

describe('matcherSources', () => {
  it('splits a glossary too long for one expression by the character its forms begin with', () => {
    const max = 1_000;
    const { main, loose } = matcherSources(GLOSSARY, { maxPartChars: max });
    expect(main.length).toBeGreaterThan(5);
    expect(loose!.length).toBeGreaterThan(5);
    // Over the limit only where one character's forms alone are: none of the main expression's
    // here, some of the sieve's (its gaps are long classes).
    for (const part of main) expect(part.length).toBeLessThanOrEqual(max);
    // Every form is in one part, the bounded ones (with the shared boundary) before the others.
    const bounded = main.filter((part) => part.startsWith('(?<![a-za-z0-9'));
    expect(main.slice(0, bounded.length)).toEqual(bounded);
    expect(matcherSources([], { maxPartChars: max })).toEqual({ main: [], loose: [], sieve: [] });
  });
});

describe('compileMatcher', () => {
  it('finds acronyms case-sensitively and only as whole words', () => {
    expect(found('The SCC met; scc and SCCA and neon do not count, NEO does.')).toEqual([
      ['SCC', 'scc'],
      ['NEO', 'neo'],
    ]);
  });

  it('matches phrases in any case', () => {
    expect(found('Collective Self-Defense and DETERRENCE')).toEqual([
      ['Collective Self-Defense', 'csd'],
      ['DETERRENCE', 'det'],
    ]);
  });

  it('ignores case without the i flag, offsets intact around a letter that lower-cases to two', () => {
    // "İ" lower-cases to "i̇" (two characters): the matcher's lower-cased copy must keep offsets.
    const text = 'İİ İstanbul: the SECURITY consultative Committee and U.S.-JAPAN ALLIANCE; İSR, ISR.';
    expect(found(text)).toEqual([
      ['SECURITY consultative Committee', 'scc'],
      ['U.S.-JAPAN ALLIANCE', 'alliance'],
      ['ISR', 'isr'],
    ]);
    expect(m.mayContain('İİİ the security CONSULTATIVE committee')).toBe(true);
    expect(m.mayContain('İİİ the isr')).toBe(false);
  });

  it('matches 2+2 but not inside other arithmetic', () => {
    expect(found('the 2+2 talks; 12+24 is not; ２＋２ is')).toEqual([
      ['2+2', 'scc'],
      ['２＋２', 'scc'],
    ]);
  });

  it('prefers the longest form at a position', () => {
    expect(found('the right of collective self-defense')).toEqual([['right of collective self-defense', 'csd']]);
  });

  it('accepts dash, spacing, spelling and line-break variants', () => {
    expect(found('US–Japan? No: U.S.–Japan alliance, collective self\ndefence, collective self‐defense')).toEqual([
      ['U.S.–Japan alliance', 'alliance'],
      ['collective self\ndefence', 'csd'],
      ['collective self‐defense', 'csd'],
    ]);
  });

  it('accepts plurals and possessives', () => {
    expect(found("The SCC's role; the SCCs; bases in Japan's")).toEqual([
      ["SCC's", 'scc'],
      ['SCCs', 'scc'],
      ["bases in Japan's", 'base'],
    ]);
  });

  it('matches Japanese names without word boundaries', () => {
    expect(found('政府は集団的自衛権の行使を容認し、日米安全保障協議委員会で説明した。ISRの強化')).toEqual([
      ['集団的自衛権', 'csd'],
      ['日米安全保障協議委員会', 'scc'],
      ['ISR', 'isr'],
    ]);
  });

  it('matches acronyms containing punctuation', () => {
    expect(found('HA/DR and HA/DRX and humanitarian assistance and disaster relief')).toEqual([
      ['HA/DR', 'hadr'],
      ['humanitarian assistance and disaster relief', 'hadr'],
    ]);
  });

  it('ignores soft hyphens inside a term', () => {
    expect(found('deter\u00ADrence')).toEqual([['deter\u00ADrence', 'det']]);
  });

  it('returns nothing for text without terms', () => {
    expect(m.find('Nothing to see here about neon or scca.')).toEqual([]);
  });

  it('names the surface form a match is', () => {
    expect(m.formFor("SCC's")).toBe('SCC');
    expect(m.formFor('Collective  Self–Defence')).toBe('collective self-defense');
    expect(m.formFor('nothing')).toBeUndefined();
  });
});

describe('compileMatcher folding', () => {
  const folding = compileMatcher([
    { id: 'alliance', forms: ['U.S.-Japan Alliance'] },
    { id: 'scc', forms: ['2+2', 'SCC'] },
    { id: 'guide', forms: ['ガイド'] },
    { id: 'rebal', forms: ['リバランス'] },
  ]);
  const hits = (text: string) => folding.find(text).map((x) => [text.slice(x.start, x.end), x.entryId]);

  it('reads U.S., US and United States as one name, in either dash', () => {
    expect(hits('the US–Japan alliance, the United States-Japan alliance and the U.S.\u2011Japan alliance')).toEqual([
      ['US–Japan alliance', 'alliance'],
      ['United States-Japan alliance', 'alliance'],
      ['U.S.\u2011Japan alliance', 'alliance'],
    ]);
    expect(folding.formFor('United States–Japan alliance')).toBe('U.S.-Japan Alliance');
  });

  it('does not read other words as the United States', () => {
    expect(hits('a USB-Japan alliance, a BUS-Japan alliance, give us-Japan alliance')).toEqual([]);
    const country = compileMatcher([{ id: 'us', forms: ['U.S.'] }]);
    const text = 'Let us ask the US, the U.S. and the United States; USB and BUS are not it.';
    expect(country.find(text).map((x) => text.slice(x.start, x.end))).toEqual(['US', 'U.S.', 'United States']);
  });

  it('accepts spaces around the plus of 2+2', () => {
    expect(hits('the 2 + 2 meeting and the ２ ＋ ２ meeting')).toEqual([
      ['2 + 2', 'scc'],
      ['２ ＋ ２', 'scc'],
    ]);
  });

  it('reads half-width katakana as full-width and keeps a joined kana whole', () => {
    expect(hits('ｶﾞｲﾄﾞの改定とﾘﾊﾞﾗﾝｽ')).toEqual([
      ['ｶﾞｲﾄﾞ', 'guide'],
      ['ﾘﾊﾞﾗﾝｽ', 'rebal'],
    ]);
  });

  it('ignores zero-width spaces and joiners inside a term and keeps them out at its ends', () => {
    expect(hits('the S\u200BCC and the SCC\u200B\u00AD met')).toEqual([
      ['S\u200BCC', 'scc'],
      ['SCC', 'scc'],
    ]);
  });
});

describe('the glossary matcher on how people write', () => {
  const glossary = compileMatcher(GLOSSARY);
  /** The entry ids found in `text`, with the text each matched. */
  const ids = (text: string) => glossary.find(text).map((x) => [text.slice(x.start, x.end), x.entryId]);

  it.each([
    ['United States–Japan defense guidelines', 'defense-guidelines'],
    ['the Japan–US Security Treaty', 'security-treaty'],
    ['the Japan-United States Security Treaty', 'security-treaty'],
    ['the US–Japan alliance', 'us-japan-alliance'],
    ['the Japan–U.S. alliance', 'us-japan-alliance'],
    ['the U.S.-Japanese alliance', 'us-japan-alliance'],
    ['the alliance between Japan and the United States', 'us-japan-alliance'],
    ['US military bases in Japan', 'bases-in-japan'],
  ])('finds "%s" as %s', (text, id) => {
    expect(ids(text).map(([, entry]) => entry)).toEqual([id]);
  });

  it('reads British spelling as American', () => {
    expect(ids('the right to collective self-defence; the National Defence Programme Guidelines')).toEqual([
      ['right to collective self-defence', 'collective-self-defense'],
      ['National Defence Programme Guidelines', 'national-defense-program-guidelines'],
    ]);
    expect(ids('the Centre for Strategic and International Studies')).toEqual([
      ['Centre for Strategic and International Studies', 'csis'],
    ]);
  });

  it('reads British co-operation as cooperation', () => {
    expect(ids('defence equipment and technology co-operation; trilateral defence co‑operation')).toEqual([
      ['defence equipment and technology co-operation', 'defense-equipment-cooperation'],
      ['trilateral defence co‑operation', 'trilateral-multilateral-cooperation'],
    ]);
    // A form with no "defence" in it: its co-operation is read both ways too.
    expect(ids('space co-operation, then co operation on space')).toEqual([
      ['space co-operation', 'space-cooperation'],
      ['co operation on space', 'space-cooperation'],
    ]);
  });

  it('finds words a form spaces joined by a hyphen on the page, and the other way round', () => {
    expect(ids('capacity-building for maritime security; Japan Self Defense Forces; U.S. Japan alliance')).toEqual([
      ['capacity-building', 'capacity-building'],
      ['maritime security', 'maritime-security'],
      ['Japan Self Defense Forces', 'self-defense-forces'],
      ['U.S. Japan alliance', 'us-japan-alliance'],
    ]);
  });

  it('finds a compound whose hyphen ends a line of the page’s source', () => {
    expect(ids("Japan's Self-\n        Defense Forces")).toEqual([
      ['Self-\n        Defense Forces', 'self-defense-forces'],
    ]);
  });

  it('finds the right of and the right to collective self-defense whole', () => {
    expect(ids('the right of collective self-defense and the right to collective self-defense')).toEqual([
      ['right of collective self-defense', 'collective-self-defense'],
      ['right to collective self-defense', 'collective-self-defense'],
    ]);
  });

  it('takes plurals and possessives, with straight or curly apostrophes', () => {
    expect(
      ids(
        "the SCC’s statement, the Self-Defense Forces' role, noncombatant evacuation operations, Japan’s Ministry of Defense",
      ),
    ).toEqual([
      ['SCC’s', 'security-consultative-committee'],
      ["Self-Defense Forces'", 'self-defense-forces'],
      ['noncombatant evacuation operations', 'neo'],
      ['Japan’s Ministry of Defense', 'ministry-of-defense-japan'],
    ]);
  });

  it('finds a term broken by a line break, a soft hyphen or a zero-width space', () => {
    expect(ids('Security Consultative\n      Committee; inter\u00ADoperability; deter\u200Brence')).toEqual([
      ['Security Consultative\n      Committee', 'security-consultative-committee'],
      ['inter\u00ADoperability', 'interoperability'],
      ['deter\u200Brence', 'deterrence'],
    ]);
  });

  it('finds a term inside curly or straight quotes', () => {
    expect(ids('the “2+2” and the "two-plus-two" and the ‘SCC’')).toEqual([
      ['2+2', 'security-consultative-committee'],
      ['two-plus-two', 'security-consultative-committee'],
      ['SCC', 'security-consultative-committee'],
    ]);
  });

  it('finds the Japanese names in full-width, half-width and common variant spellings', () => {
    expect(
      ids(
        '日米２＋２と日米2プラス2。集団自衛権、憲法九条、日米安保、ｻｲﾊﾞｰｾｷｭﾘﾃｨ、ﾘﾊﾞﾗﾝｽ、アジア回帰、サイバー・セキュリティ',
      ),
    ).toEqual([
      ['日米２＋２', 'security-consultative-committee'],
      ['日米2プラス2', 'security-consultative-committee'],
      ['集団自衛権', 'collective-self-defense'],
      ['憲法九条', 'article-9'],
      ['日米安保', 'security-treaty'],
      ['ｻｲﾊﾞｰｾｷｭﾘﾃｨ', 'cybersecurity'],
      ['ﾘﾊﾞﾗﾝｽ', 'strategic-rebalance'],
      ['アジア回帰', 'strategic-rebalance'],
      ['サイバー・セキュリティ', 'cybersecurity'],
    ]);
  });

  it('reports the glossary form each variant matched', () => {
    expect(glossary.formFor('US–Japan Security Treaty')).toBe('U.S.-Japan Security Treaty');
    expect(glossary.formFor('２ ＋ ２')).toBe('2+2');
    expect(glossary.formFor('SCC’s')).toBe('SCC');
  });
});

import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../lib/matcher';

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

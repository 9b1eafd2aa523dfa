import { describe, expect, it } from 'vitest';
import {
  countPassages,
  compileContextModel,
  PAGE_PRIOR_WEIGHT,
  PASSAGE_CHARS,
  THRESHOLD,
  W_ANCHOR,
  W_OTHER_SENSE,
} from '../../lib/context';
import { GLOSSARY } from '../../lib/glossary';
import { compileMatcher } from '../../lib/matcher';

const matcher = compileMatcher(GLOSSARY);
const model = compileContextModel(GLOSSARY, matcher);

/** The decision for one ambiguous form on a page made of `text`. */
const decideOn = (text: string, entryId: string, form: string) =>
  model.decide({ evidence: model.evidence(text), entryId, form });

const ALLIANCE = `Japan and the United States on Tuesday agreed to revise the Guidelines for U.S.-Japan Defense
Cooperation. Meeting as the Security Consultative Committee, the two countries' foreign and defense ministers said
the new guidelines would allow the Self-Defense Forces to exercise collective self-defense in limited cases. The SCC
also asked planners to expand ISR cooperation and to strengthen deterrence.`;

const SKIN_CANCER = `Squamous cell carcinoma (SCC) is the second most common form of skin cancer. Most SCCs are
found on skin exposed to the sun. Dermatologists in the United States and Japan report rising rates, and clinical
guidelines recommend surgical excision for most lesions.`;

const CANADA = `The Canadian Security Intelligence Service (CSIS) warned on Monday that foreign interference is
growing. CSIS said it had shared information with partners in the United States, while a Japanese delegation visiting
Ottawa discussed economic security. The service's director told a parliamentary committee that cybersecurity threats
are rising.`;

const KAFKA = `A partition's leader tracks the set of in-sync replicas (ISR). When a follower falls behind, Kafka
removes it from the ISR; the producer setting acks=all waits for every replica in the ISR. Operators in the U.S. and
Japan regions of our cloud should watch the under-replicated partitions metric.`;

const FUNDS = `Once a year, rebalance your portfolio back to its target asset allocation. If U.S. stocks have run ahead
of Japanese and other Asia-Pacific equities, a rebalance sells some of the winners. Defense stocks and utilities are
often held for stability. The fund's interim report shows the dividend it paid.`;

const ARITHMETIC = `In first-grade arithmetic, children learn that 2+2 makes 4 by counting on their fingers. Then 3+3,
then 2 + 2 + 2. Teachers in Japan and the United States use number lines for the same idea.`;

const JAPANESE = `日米両政府は、日米防衛協力のための指針の見直しについて協議した。
集団的自衛権の限定的な行使を踏まえ、同盟の抑止力を高めることで一致した。日米2+2で最終合意を目指す。`;

describe('compileContextModel', () => {
  it('knows which forms need context, whatever the matched spelling', () => {
    expect(model.isAmbiguous('security-consultative-committee', 'SCC')).toBe(true);
    expect(model.isAmbiguous('security-consultative-committee', 'SCC’s')).toBe(true);
    expect(model.isAmbiguous('security-consultative-committee', '２＋２')).toBe(true);
    expect(model.isAmbiguous('security-consultative-committee', 'Security Consultative Committee')).toBe(false);
    expect(model.isAmbiguous('collective-self-defense', 'collective self-defence')).toBe(false);
  });

  it('keeps SCC, ISR and deterrence on a page about the alliance and says why', () => {
    for (const [entryId, form] of [
      ['security-consultative-committee', 'SCC'],
      ['isr', 'ISR'],
      ['deterrence', 'deterrence'],
    ] as const) {
      const decision = decideOn(ALLIANCE, entryId, form);
      expect(decision, form).toMatchObject({ keep: true, threshold: THRESHOLD });
      expect(decision.score).toBeGreaterThanOrEqual(THRESHOLD);
    }
    const why = decideOn(ALLIANCE, 'security-consultative-committee', 'SCC').lines.map((l) => l.label);
    expect(why.join('\n')).toContain('Collective self-defense');
    expect(why.join('\n')).toMatch(/Japan and the United States named together with defense or security words/);
  });

  it('drops SCC on a page about skin cancer, naming the other meaning', () => {
    const decision = decideOn(SKIN_CANCER, 'security-consultative-committee', 'SCC');
    expect(decision.keep).toBe(false);
    const against = decision.lines.find((l) => l.kind === 'other-senses');
    expect(against?.points).toBe(W_OTHER_SENSE);
    expect(against?.label).toContain('squamous cell carcinoma');
  });

  it('drops CSIS on Canadian news even where Japan and the United States are named', () => {
    const decision = decideOn(CANADA, 'csis', 'CSIS');
    expect(decision.keep).toBe(false);
    expect(decision.lines.find((l) => l.kind === 'other-senses')?.label).toContain(
      'Canadian Security Intelligence Service',
    );
  });

  it('drops ISR in Kafka documentation', () => {
    expect(decideOn(KAFKA, 'isr', 'ISR').keep).toBe(false);
  });

  it('drops rebalance, Asia-Pacific and interim report on a page about index funds', () => {
    expect(decideOn(FUNDS, 'strategic-rebalance', 'rebalance').keep).toBe(false);
    expect(decideOn(FUNDS, 'asia-pacific', 'Asia-Pacific').keep).toBe(false);
    expect(decideOn(FUNDS, 'interim-report', 'interim report').keep).toBe(false);
  });

  it('drops 2+2 in arithmetic', () => {
    expect(decideOn(ARITHMETIC, 'security-consultative-committee', '2+2').keep).toBe(false);
  });

  it('keeps 抑止力 and 2+2 on a Japanese page about the alliance', () => {
    expect(decideOn(JAPANESE, 'deterrence', '抑止力').keep).toBe(true);
    expect(decideOn(JAPANESE, 'security-consultative-committee', '2+2').keep).toBe(true);
    expect(model.topic(model.evidence(JAPANESE)).about).toBe(true);
  });

  it('drops terms on pages about other alliances, which never name Japan', () => {
    const nato = `NATO allies reaffirmed that an armed attack against one of them shall be considered an attack
      against them all, and that collective self-defense under Article 51 underpins deterrence. Missile defense and
      interoperability between allied militaries were discussed, and the United States pledged more troops.`;
    expect(decideOn(nato, 'armed-attack', 'armed attack').keep).toBe(false);
    expect(decideOn(nato, 'deterrence', 'deterrence').keep).toBe(false);
    expect(decideOn(nato, 'interoperability', 'interoperability').lines.map((l) => l.kind)).toContain('no-japan');
    const syria = `The SDF, backed by the United States, said its forces repelled an armed attack near the Euphrates.`;
    expect(decideOn(syria, 'self-defense-forces', 'SDF').keep).toBe(false);
  });

  it('counts the entry’s related terms nearby as evidence for it', () => {
    const text = 'The SCC endorsed the defense guidelines review. The SCC met again in spring.';
    const decision = decideOn(text, 'security-consultative-committee', 'SCC');
    expect(decision.lines.find((l) => l.kind === 'related')?.label).toContain(
      'Guidelines for U.S.-Japan Defense Cooperation',
    );
  });

  it('reads the evidence of a scope: anchors, passages, ambiguous forms and other senses', () => {
    const ev = model.evidence(SKIN_CANCER);
    expect(ev.anchors).toEqual([]);
    expect(ev.ambiguous).toEqual(
      expect.arrayContaining([
        { entryId: 'security-consultative-committee', form: 'SCC', count: 2 },
        { entryId: 'defense-guidelines', form: 'guidelines', count: 1 },
      ]),
    );
    expect(ev.otherSenses).toEqual(
      expect.arrayContaining([
        { phrase: 'squamous cell carcinoma', count: 1 },
        { phrase: 'clinical guidelines', count: 1 },
      ]),
    );
    expect(ev.pairPassages + ev.alliancePassages).toBe(1);
  });

  it('judges a page with no evidence as not about the field', () => {
    expect(model.topic(model.evidence('In Japan, a recipe for miso soup.'))).toMatchObject({
      about: false,
      score: 0,
      lines: [],
    });
  });

  it('counts a long page’s own topic as a prior in each section', () => {
    const page = model.evidence(ALLIANCE);
    const section = model.evidence('Officials in Japan later briefed reporters on ISR flights.');
    const alone = model.decide({ evidence: section, entryId: 'isr', form: 'ISR' });
    const withPage = model.decide({ evidence: section, entryId: 'isr', form: 'ISR', page });
    const prior = withPage.lines.find((l) => l.kind === 'page');
    expect(prior?.points).toBeCloseTo(PAGE_PRIOR_WEIGHT * model.topic(page).score, 1);
    expect(withPage.score - alone.score).toBeCloseTo(prior?.points ?? 0, 5);
  });

  it('gives each anchor its weight, up to the cap', () => {
    const one = model.topic(model.evidence('Japan: collective self-defense'));
    expect(one.score).toBe(W_ANCHOR);
    const many = model.topic(
      model.evidence(
        'Japan: collective self-defense; Security Consultative Committee; interim report on the guidelines; NDPG; JMSDF',
      ),
    );
    expect(many.score).toBe(W_ANCHOR * 3);
  });
});

describe('countPassages', () => {
  const japan = (at: number) => ({ at, kind: 'japan' as const });
  const us = (at: number) => ({ at, kind: 'us' as const });

  it('pairs Japan and the United States named within one passage', () => {
    expect(countPassages([japan(0), us(50)], [])).toEqual({ alliance: 0, pairs: 1 });
    expect(countPassages([japan(0), us(PASSAGE_CHARS + 50)], [])).toEqual({ alliance: 0, pairs: 0 });
  });

  it('counts a passage with defense vocabulary as about the alliance', () => {
    expect(countPassages([japan(0), us(50)], [120])).toEqual({ alliance: 1, pairs: 0 });
  });

  it('counts a repeated pair once per passage', () => {
    const mentions = [japan(0), us(10), japan(20), us(30), japan(40), us(50)];
    expect(countPassages(mentions, [])).toEqual({ alliance: 0, pairs: 1 });
    expect(countPassages([...mentions, japan(1000), us(1010)], [])).toEqual({ alliance: 0, pairs: 2 });
  });

  it('takes a word naming both as a passage by itself', () => {
    expect(countPassages([{ at: 5, kind: 'pair' }], [9])).toEqual({ alliance: 1, pairs: 0 });
  });
});

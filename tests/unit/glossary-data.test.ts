import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkGlossary, checkReportMeta, formatProblems, type GlossaryProblem } from '../../lib/glossary-check';
import { CATEGORIES, type GlossaryEntry } from '../../lib/glossary-schema';

// Paths go through fileURLToPath so the test does not depend on the environment's URL global
// (happy-dom installs its own).
const fromHere = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const raw = readJson(fromHere('../../data/glossary.json'));
const { entries, problems } = checkGlossary(raw);

/** The report is kept outside the repository; only short excerpts of it may live in the glossary. */
const reportPath = process.env.GLOSSARY_REPORT_PATH ?? fromHere('../../../shared/seed/report.txt');

/** Ids other modules and tests refer to; each must stay an entry. */
const REQUIRED_IDS = [
  'us-japan-alliance',
  'defense-guidelines',
  'guidelines-1978',
  'guidelines-1997',
  'interim-report',
  'security-consultative-committee',
  'strategic-vision-2013',
  'security-treaty',
  'bases-in-japan',
  'collective-self-defense',
  'cabinet-decision-2014',
  'constitutional-reinterpretation',
  'article-9',
  'armed-attack',
  'armed-attack-close-relationship',
  'implementing-legislation',
  'parliamentary-debate',
  'strategic-rebalance',
  'japan-defense-strategy',
  'national-security-strategy',
  'national-defense-program-guidelines',
  'deterrence',
  'maritime-security',
  'air-missile-defense',
  'training-exercises',
  'isr',
  'trilateral-multilateral-cooperation',
  'capacity-building',
  'neo',
  'hadr',
  'space-cooperation',
  'cybersecurity',
  'defense-equipment-cooperation',
  'three-principles-transfer',
  'interoperability',
  'roles-missions-capabilities',
  'csis',
  'self-defense-forces',
  'individual-self-defense',
  'collective-security',
] as const;

/** Concepts the report's Q&A does not discuss, so their entries cannot cite it. */
const MUST_BE_BACKGROUND = [
  'csis',
  'guidelines-1978',
  'guidelines-1997',
  'self-defense-forces',
  'individual-self-defense',
  'collective-security',
] as const;

/** Unifies what the report and an excerpt may legitimately differ in: spacing and quote style. */
function normalizeForComparison(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits the report into its sections. Section Qn runs from the line starting "Qn:" to the line
 * starting "Q(n+1):" (Q4 runs to the author line); its citable text is the answer, from "An:" on.
 */
function reportAnswers(text: string): Map<string, string> {
  const lines = text.split(/\r?\n/);
  const lineStarting = (prefix: string, from = 0): number =>
    lines.findIndex((line, i) => i >= from && line.startsWith(prefix));
  const answers = new Map<string, string>();
  for (let n = 1; n <= 4; n++) {
    const start = lineStarting(`Q${n}:`);
    const end = lineStarting(n < 4 ? `Q${n + 1}:` : 'Nicholas Szechenyi is', start + 1);
    const answer = lineStarting(`A${n}:`, start + 1);
    if (start < 0 || end < 0 || answer < 0 || answer > end) {
      throw new Error(`${reportPath}: cannot find section Q${n} and its answer`);
    }
    answers.set(`Q${n}`, normalizeForComparison(lines.slice(answer, end).join('\n')));
  }
  return answers;
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function entryById(list: GlossaryEntry[], id: string): GlossaryEntry {
  const entry = list.find((e) => e.id === id);
  if (!entry) throw new Error(`no entry "${id}" in data/glossary.json`);
  return entry;
}

/** Runs the validator on a copy of the real glossary after one deliberate change. */
function problemsAfter(change: (list: GlossaryEntry[]) => void): GlossaryProblem[] {
  const copy = structuredClone(raw) as GlossaryEntry[];
  change(copy);
  return checkGlossary(copy).problems;
}

/**
 * Asserts the validator reported the change against the entry, by id, in the problem and in the
 * formatted message. (An entry that fails the schema is dropped, so links to it may be reported too.)
 */
function expectProblemFor(found: GlossaryProblem[], id: string, messagePart: string): void {
  expect(found.some((p) => p.entry === id && p.message.includes(messagePart))).toBe(true);
  expect(formatProblems(found)).toContain(`${id}: `);
}

describe('data/glossary.json', () => {
  it('passes the glossary check with at least 35 entries', () => {
    expect(formatProblems(problems)).toBe('');
    expect(entries.length).toBeGreaterThanOrEqual(35);
  });

  it('keeps report metadata the schema accepts', () => {
    const meta = checkReportMeta(readJson(fromHere('../../data/report.json')));
    expect(meta.author).toBe('Nicholas Szechenyi');
  });

  it('has an entry for every required concept', () => {
    const ids = new Set(entries.map((e) => e.id));
    expect(REQUIRED_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('marks concepts the report does not discuss as background', () => {
    for (const id of MUST_BE_BACKGROUND) {
      expect(entryById(entries, id), id).toMatchObject({ background: true, report: null });
    }
  });

  it('gives background entries no excerpt and every other entry one', () => {
    for (const e of entries) {
      if (e.background) expect(e.report, e.id).toBeNull();
      else expect(e.report, e.id).not.toBeNull();
    }
  });

  it('relates every entry to at least one other', () => {
    expect(entries.filter((e) => e.related.length === 0).map((e) => e.id)).toEqual([]);
  });

  it('files every entry under a known category', () => {
    const known: readonly string[] = CATEGORIES;
    expect(entries.filter((e) => !known.includes(e.category)).map((e) => e.id)).toEqual([]);
  });

  it('keeps every excerpt to at most 30 words', () => {
    const long = entries.filter((e) => e.report && wordCount(e.report.excerpt) > 30).map((e) => e.id);
    expect(long).toEqual([]);
  });

  it('quotes every excerpt word for word from the answer in the section it cites', () => {
    const answers = reportAnswers(readFileSync(reportPath, 'utf8'));
    const misquoted = entries
      .filter((e) => e.report)
      .filter((e) => {
        const { section, excerpt } = e.report!;
        return !(answers.get(section) ?? '').includes(normalizeForComparison(excerpt));
      })
      .map((e) => `${e.id} (${e.report!.section})`);
    expect(misquoted).toEqual([]);
  });

  it('marks the forms that mean something else outside the field, and only those', () => {
    const ambiguous = (id: string) => entryById(entries, id).ambiguousForms ?? [];
    const marked: Array<[string, string]> = [
      ['security-consultative-committee', 'SCC'],
      ['security-consultative-committee', '2+2'],
      ['neo', 'NEO'],
      ['isr', 'ISR'],
      ['csis', 'CSIS'],
      ['strategic-rebalance', 'rebalance'],
      ['deterrence', 'deterrence'],
      ['defense-guidelines', 'guidelines'],
      ['interim-report', 'interim report'],
      ['capacity-building', 'capacity building'],
      ['interoperability', 'interoperability'],
      ['space-cooperation', 'space cooperation'],
      ['article-9', 'Article 9'],
      ['armed-attack', 'armed attack'],
    ];
    for (const [id, form] of marked) expect(ambiguous(id), id).toContain(form);
    const safe: Array<[string, string]> = [
      ['security-consultative-committee', 'Security Consultative Committee'],
      ['collective-self-defense', 'collective self-defense'],
      ['neo', 'noncombatant evacuation operation'],
      ['csis', 'Center for Strategic and International Studies'],
      ['us-japan-alliance', 'U.S.-Japan Alliance'],
    ];
    for (const [id, form] of safe) expect(ambiguous(id), id).not.toContain(form);
  });

  it('names other senses only for entries with ambiguous forms', () => {
    expect(entries.filter((e) => e.otherSenses && !e.ambiguousForms).map((e) => e.id)).toEqual([]);
    expect(entryById(entries, 'security-consultative-committee').otherSenses).toContain('squamous cell carcinoma');
    expect(entryById(entries, 'csis').otherSenses).toContain('Canadian Security Intelligence Service');
  });

  it('records the key dates', () => {
    const dated: Array<[string, string]> = [
      ['security-treaty', '1960-01-19'],
      ['guidelines-1978', '1978-11-27'],
      ['guidelines-1997', '1997-09-23'],
      ['strategic-vision-2013', '2013-10-03'],
      ['national-security-strategy', '2013-12-17'],
      ['national-defense-program-guidelines', '2013-12-17'],
      ['three-principles-transfer', '2014-04-01'],
      ['cabinet-decision-2014', '2014-07-01'],
      ['interim-report', '2014-10-08'],
    ];
    for (const [id, date] of dated) {
      expect(
        entryById(entries, id).dates?.map((d) => d.date),
        id,
      ).toContain(date);
    }
  });
});

describe('checkGlossary on broken data', () => {
  it('names the entry whose related list points at an unknown id', () => {
    const found = problemsAfter((list) => entryById(list, 'deterrence').related.push('no-such-term'));
    expectProblemFor(found, 'deterrence', '"no-such-term"');
  });

  it('names the second entry to claim a form that differs only in case and dash', () => {
    const found = problemsAfter((list) => {
      const probe = structuredClone(entryById(list, 'collective-security'));
      list.push({ ...probe, id: 'duplicate-form-probe', forms: ['Collective Self\u2013Defense'] });
    });
    expectProblemFor(found, 'duplicate-form-probe', '"collective-self-defense"');
  });

  it('names an existing entry that repeats another entry’s phrase', () => {
    const found = problemsAfter((list) => entryById(list, 'maritime-security').forms.push('japan\u2014u.s. alliance'));
    // The validator blames whichever claimant comes later in the file.
    const [first, second] = ['us-japan-alliance', 'maritime-security'].sort((a, b) => indexOfId(a) - indexOfId(b));
    expectProblemFor(found, second ?? '', `"${first ?? ''}"`);
  });

  it('names the entry whose ambiguous form is not one of its forms', () => {
    const found = problemsAfter((list) => {
      entryById(list, 'isr').ambiguousForms = ['ISR', 'ISRs'];
    });
    expectProblemFor(found, 'isr', '"ISRs" is not one of the entry\'s forms');
  });

  it('names the entry with other senses but no ambiguous forms', () => {
    const found = problemsAfter((list) => {
      entryById(list, 'maritime-security').otherSenses = ['port security'];
    });
    expectProblemFor(found, 'maritime-security', 'other senses');
  });

  it('names the entry whose other sense is another entry’s surface form', () => {
    const found = problemsAfter((list) => entryById(list, 'csis').otherSenses?.push('collective self-defence'));
    expectProblemFor(found, 'csis', '"collective-self-defense"');
  });

  it('names the entry with an empty definition', () => {
    const found = problemsAfter((list) => {
      entryById(list, 'hadr').definition = '   ';
    });
    expectProblemFor(found, 'hadr', 'definition');
  });

  it('names the background entry that carries a report excerpt', () => {
    const found = problemsAfter((list) => {
      entryById(list, 'csis').report = { section: 'Q4', excerpt: 'The guidelines review process' };
    });
    expectProblemFor(found, 'csis', 'background');
  });

  it('names the entry whose excerpt runs to 31 words, and accepts 30', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i + 1}`).join(' ');
    const found = problemsAfter((list) => {
      entryById(list, 'interoperability').report = { section: 'Q4', excerpt: words(31) };
    });
    expectProblemFor(found, 'interoperability', 'at most 30 words');

    const atLimit = problemsAfter((list) => {
      entryById(list, 'interoperability').report = { section: 'Q4', excerpt: words(30) };
    });
    expect(atLimit).toEqual([]);
  });
});

/** Position of an entry in the real glossary. */
function indexOfId(id: string): number {
  return entries.findIndex((e) => e.id === id);
}

import * as v from 'valibot';

import { CATEGORIES, REPORT_SECTIONS, type CardTextField } from './glossary-constants';

export { CATEGORIES, CATEGORY_LABELS, REPORT_SECTIONS, type Category, type ReportSection } from './glossary-constants';

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

const excerptSchema = v.strictObject({
  section: v.picklist(REPORT_SECTIONS),
  excerpt: v.pipe(
    nonEmpty,
    v.check((s) => s.split(/\s+/).filter(Boolean).length <= 30, 'an excerpt is at most 30 words'),
  ),
});

const dateSchema = v.strictObject({
  /** ISO date, precise as known: "1960", "2013-10", "2014-10-08". */
  date: v.pipe(v.string(), v.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'date must be YYYY, YYYY-MM or YYYY-MM-DD')),
  /** What happened then, one short line. */
  event: nonEmpty,
});

/** A list of at least one non-empty string. */
const someStrings = (message?: string) => v.pipe(v.array(nonEmpty), v.minLength(1, message));

/** The path to one field of an entry, for an issue found by looking at the entry whole. */
const field = (input: Record<string, unknown>, key: string): [v.ObjectPathItem] => [
  { type: 'object', origin: 'value', input, key, value: input[key] },
];

export const entrySchema = v.pipe(
  v.strictObject({
    id: v.pipe(v.string(), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be kebab-case')),
    term: nonEmpty,
    /** Acronym or short name ("SCC", "2+2"), shown beside the term. */
    acronym: v.optional(nonEmpty),
    /** The Japanese name, shown beside the term and matched on Japanese pages. */
    japanese: v.optional(nonEmpty),
    category: v.picklist(CATEGORIES),
    /** One line: what the term means. */
    definition: nonEmpty,
    /** Our own words: how the report frames the term (or, for background, why a reader meets it). */
    explanation: nonEmpty,
    /** Where the report discusses the term; null for background entries. */
    report: v.nullable(excerptSchema),
    /** True when the entry is context the report does not give; such entries have no excerpt. */
    background: v.boolean(),
    /**
     * Text forms to find on pages. A form with no lower-case letter and at least one upper-case
     * letter ("SCC", "HA/DR") is matched case-sensitively; every other form ignores case.
     */
    forms: someStrings('needs at least one surface form'),
    /**
     * The forms that mean something else outside this field ("SCC", "ISR", "rebalance"), each
     * written exactly as in `forms`. They are highlighted only where the page, or for a long page
     * the section, is about the alliance (lib/context.ts decides); the other forms always are.
     */
    ambiguousForms: v.optional(someStrings()),
    /**
     * How a page names the other meanings of the ambiguous forms: another expansion of the acronym
     * ("squamous cell carcinoma" for SCC) or its field's own word ("Kafka" for ISR). Finding one
     * in the same scope is evidence against our meaning. Only with `ambiguousForms`.
     */
    otherSenses: v.optional(someStrings()),
    related: v.array(v.string()),
    dates: v.optional(v.array(dateSchema)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const e = dataset.value;
    for (const form of e.ambiguousForms ?? []) {
      if (!e.forms.includes(form)) {
        addIssue({
          message: `ambiguous form "${form}" is not one of the entry's forms`,
          path: field(e, 'ambiguousForms'),
        });
      }
    }
    if (e.otherSenses && !e.ambiguousForms) {
      addIssue({
        message: 'other senses only make sense for an entry with ambiguous forms',
        path: field(e, 'otherSenses'),
      });
    }
    if (e.background && e.report) {
      addIssue({ message: 'a background entry has no report excerpt', path: field(e, 'report') });
    }
    if (!e.background && !e.report) {
      addIssue({ message: 'an entry without a report excerpt must be marked background', path: field(e, 'report') });
    }
  }),
);

export type GlossaryEntry = v.InferOutput<typeof entrySchema>;
/** What a card alone shows: the report's words, our explanation, dates. */
export type CardText = Pick<GlossaryEntry, CardTextField>;
/** Everything else: what pages match and what a card shows before its texts arrive. */
export type GlossaryCore = Omit<GlossaryEntry, CardTextField>;

export const reportMetaSchema = v.strictObject({
  title: nonEmpty,
  series: nonEmpty,
  author: nonEmpty,
  authorRole: nonEmpty,
  publisher: nonEmpty,
  /** ISO date of publication. */
  date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')),
  /** Human-readable date, as the report prints it. */
  dateLabel: nonEmpty,
  /** Each section's question, as the report asks it. */
  sections: v.strictObject({ Q1: nonEmpty, Q2: nonEmpty, Q3: nonEmpty, Q4: nonEmpty }),
});

export type ReportMeta = v.InferOutput<typeof reportMetaSchema>;

import { z } from 'zod';

import { CATEGORIES, REPORT_SECTIONS, type CardTextField } from './glossary-constants';

export { CATEGORIES, CATEGORY_LABELS, REPORT_SECTIONS, type Category, type ReportSection } from './glossary-constants';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const excerptSchema = z.object({
  section: z.enum(REPORT_SECTIONS),
  excerpt: nonEmpty.refine((s) => s.split(/\s+/).filter(Boolean).length <= 30, 'an excerpt is at most 30 words'),
});

const dateSchema = z.object({
  /** ISO date, precise as known: "1960", "2013-10", "2014-10-08". */
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'date must be YYYY, YYYY-MM or YYYY-MM-DD'),
  /** What happened then, one short line. */
  event: nonEmpty,
});

export const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be kebab-case'),
    term: nonEmpty,
    /** Acronym or short name ("SCC", "2+2"), shown beside the term. */
    acronym: nonEmpty.optional(),
    /** The Japanese name, shown beside the term and matched on Japanese pages. */
    japanese: nonEmpty.optional(),
    category: z.enum(CATEGORIES),
    /** One line: what the term means. */
    definition: nonEmpty,
    /** Our own words: how the report frames the term (or, for background, why a reader meets it). */
    explanation: nonEmpty,
    /** Where the report discusses the term; null for background entries. */
    report: excerptSchema.nullable(),
    /** True when the entry is context the report does not give; such entries have no excerpt. */
    background: z.boolean(),
    /**
     * Text forms to find on pages. A form with no lower-case letter and at least one upper-case
     * letter ("SCC", "HA/DR") is matched case-sensitively; every other form ignores case.
     */
    forms: z.array(nonEmpty).min(1, 'needs at least one surface form'),
    /**
     * The forms that mean something else outside this field ("SCC", "ISR", "rebalance"), each
     * written exactly as in `forms`. They are highlighted only where the page, or for a long page
     * the section, is about the alliance (lib/context.ts decides); the other forms always are.
     */
    ambiguousForms: z.array(nonEmpty).min(1).optional(),
    /**
     * How a page names the other meanings of the ambiguous forms: another expansion of the acronym
     * ("squamous cell carcinoma" for SCC) or its field's own word ("Kafka" for ISR). Finding one
     * in the same scope is evidence against our meaning. Only with `ambiguousForms`.
     */
    otherSenses: z.array(nonEmpty).min(1).optional(),
    related: z.array(z.string()),
    dates: z.array(dateSchema).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    for (const form of e.ambiguousForms ?? []) {
      if (!e.forms.includes(form)) {
        ctx.addIssue({
          code: 'custom',
          message: `ambiguous form "${form}" is not one of the entry's forms`,
          path: ['ambiguousForms'],
        });
      }
    }
    if (e.otherSenses && !e.ambiguousForms) {
      ctx.addIssue({
        code: 'custom',
        message: 'other senses only make sense for an entry with ambiguous forms',
        path: ['otherSenses'],
      });
    }
    if (e.background && e.report) {
      ctx.addIssue({ code: 'custom', message: 'a background entry has no report excerpt', path: ['report'] });
    }
    if (!e.background && !e.report) {
      ctx.addIssue({
        code: 'custom',
        message: 'an entry without a report excerpt must be marked background',
        path: ['report'],
      });
    }
  });

export type GlossaryEntry = z.infer<typeof entrySchema>;
/** What a card alone shows: the report's words, our explanation, dates. */
export type CardText = Pick<GlossaryEntry, CardTextField>;
/** Everything else: what pages match and what a card shows before its texts arrive. */
export type GlossaryCore = Omit<GlossaryEntry, CardTextField>;

export const reportMetaSchema = z
  .object({
    title: nonEmpty,
    series: nonEmpty,
    author: nonEmpty,
    authorRole: nonEmpty,
    publisher: nonEmpty,
    /** ISO date of publication. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** Human-readable date, as the report prints it. */
    dateLabel: nonEmpty,
    /** Each section's question, as the report asks it. */
    sections: z.object({ Q1: nonEmpty, Q2: nonEmpty, Q3: nonEmpty, Q4: nonEmpty }).strict(),
  })
  .strict();

export type ReportMeta = z.infer<typeof reportMetaSchema>;

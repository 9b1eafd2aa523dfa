// Kept apart from the schema so that UI code can use them without bundling the schema library.

/** The report's question-and-answer sections an excerpt can cite. */
export const REPORT_SECTIONS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** Categories used to group entries in the glossary page and options. */
export const CATEGORIES = [
  'alliance',
  'documents',
  'law',
  'strategy',
  'operations',
  'cooperation',
  'organizations',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  alliance: 'Alliance and institutions',
  documents: 'Documents and decisions',
  law: 'Law and the constitution',
  strategy: 'Strategy',
  operations: 'Operations and missions',
  cooperation: 'Cooperation and industry',
  organizations: 'Organizations',
};

/**
 * The fields of an entry only its card shows: the longest texts. Pages get them from the background
 * when a card is first needed (lib/card-texts.ts) instead of in every page's content script.
 */
export const CARD_TEXT_FIELDS = ['explanation', 'report', 'dates'] as const;
export type CardTextField = (typeof CARD_TEXT_FIELDS)[number];

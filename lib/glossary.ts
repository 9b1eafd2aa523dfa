import rawEntries from '../data/glossary.json';
import rawReport from '../data/report.json';
import type { GlossaryEntry, ReportMeta } from './glossary-schema';

// The data is checked against the schema when the extension is built and in the unit tests
// (lib/glossary-check.ts), so the bundle does not carry the schema library to every page.
/** Every glossary entry, in the data's order. */
export const GLOSSARY: readonly GlossaryEntry[] = rawEntries as GlossaryEntry[];
/** The report the glossary explains. */
export const REPORT: ReportMeta = rawReport;

const byId = new Map(GLOSSARY.map((e) => [e.id, e]));

/** The entry with this id, if there is one. */
export function entryById(id: string): GlossaryEntry | undefined {
  return byId.get(id);
}

import coreEntries from '../data/glossary.json?core';
import rawReport from '../data/report.json';
import type { GlossaryCore, ReportMeta } from './glossary-schema';

// What pages need of the glossary (lib/glossary-parts.ts): every entry without its card texts.
/** Every entry's core, in the data's order. */
export const GLOSSARY_CORE: readonly GlossaryCore[] = coreEntries;

const byId = new Map(GLOSSARY_CORE.map((e) => [e.id, e]));

/** The core of the entry with this id, if there is one. */
export function coreById(id: string): GlossaryCore | undefined {
  return byId.get(id);
}

/** The report the glossary explains. */
export const REPORT: ReportMeta = rawReport;

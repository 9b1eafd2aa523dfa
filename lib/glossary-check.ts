import * as v from 'valibot';
import { entrySchema, reportMetaSchema, type GlossaryEntry, type ReportMeta } from './glossary-schema';
import { formKey } from './text-normalize';

export interface GlossaryProblem {
  /** The entry's id, or its position when it has no usable id. */
  entry: string;
  message: string;
}

/**
 * Checks raw glossary data: each entry against the schema, ids unique, related ids known,
 * no surface form claimed by two entries, no other sense that is itself a surface form. Returns every problem, each naming its entry.
 */
export function checkGlossary(raw: unknown): { entries: GlossaryEntry[]; problems: GlossaryProblem[] } {
  const problems: GlossaryProblem[] = [];
  if (!Array.isArray(raw)) {
    return { entries: [], problems: [{ entry: '(glossary)', message: 'the glossary must be an array of entries' }] };
  }
  const entries: GlossaryEntry[] = [];
  raw.forEach((item: unknown, index) => {
    const parsed = v.safeParse(entrySchema, item);
    const name = describeEntry(item, index);
    if (!parsed.success) {
      for (const issue of parsed.issues) problems.push({ entry: name, message: issueText(issue) });
      return;
    }
    entries.push(parsed.output);
  });

  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) problems.push({ entry: e.id, message: 'id is used by another entry' });
    ids.add(e.id);
  }
  // An entry that failed the schema still exists: links to it are not problems of their own.
  const known = new Set(ids);
  for (const item of raw as unknown[]) {
    if (item && typeof item === 'object' && 'id' in item && typeof item.id === 'string') known.add(item.id);
  }
  const owner = new Map<string, string>();
  for (const e of entries) {
    for (const rel of e.related) {
      if (!known.has(rel)) problems.push({ entry: e.id, message: `related id "${rel}" is not an entry` });
      if (rel === e.id) problems.push({ entry: e.id, message: 'an entry cannot be related to itself' });
    }
    for (const form of e.forms) {
      const key = formKey(form);
      const prev = owner.get(key);
      if (prev !== undefined && prev !== e.id) {
        problems.push({ entry: e.id, message: `surface form "${form}" is also claimed by "${prev}"` });
      } else if (prev === e.id) {
        problems.push({ entry: e.id, message: `surface form "${form}" is listed twice` });
      }
      owner.set(key, e.id);
    }
  }
  // A page naming another sense counts against the entry: a glossary term cannot be one.
  for (const e of entries) {
    for (const sense of e.otherSenses ?? []) {
      const claimant = owner.get(formKey(sense));
      if (claimant !== undefined) {
        problems.push({ entry: e.id, message: `other sense "${sense}" is a surface form of "${claimant}"` });
      }
    }
  }
  return { entries, problems };
}

function describeEntry(item: unknown, index: number): string {
  if (item && typeof item === 'object' && 'id' in item && typeof item.id === 'string' && item.id) {
    return item.id;
  }
  return `entry #${index + 1}`;
}

/** Parses the report's metadata, throwing a readable error when it is malformed. */
export function checkReportMeta(raw: unknown): ReportMeta {
  const parsed = v.safeParse(reportMetaSchema, raw);
  if (!parsed.success) throw new Error(`data/report.json: ${parsed.issues.map(issueText).join('; ')}`);
  return parsed.output;
}

/** An issue as "where: what" ("forms.2: must not be empty"), or "what" for the whole value. */
function issueText(issue: v.BaseIssue<unknown>): string {
  const where = v.getDotPath(issue);
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Formats problems as one message, one line per problem. */
export function formatProblems(problems: GlossaryProblem[]): string {
  return problems.map((p) => `  - ${p.entry}: ${p.message}`).join('\n');
}

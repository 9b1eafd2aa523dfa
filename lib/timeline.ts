/**
 * The glossary's dated events on a year scale: which events, where each dot goes, and which row
 * each label takes so that no two labels collide. Pure numbers, so the layout is unit-tested and
 * the glossary page only draws it.
 */

/** What the timeline needs of an entry; GlossaryEntry fits. */
export interface DatedEntry {
  id: string;
  term: string;
  acronym?: string;
  /** Surface forms, from which a long term's short name is picked. */
  forms?: readonly string[];
  /** Forms that mean something else outside the field: never a name ("security treaty"). */
  ambiguousForms?: readonly string[];
  dates?: readonly { date: string; event: string }[];
}

/** One dated event of one entry. */
export interface TimelineEvent {
  /** ISO date, as precise as the data: "1960", "2013-10", "2014-10-08". */
  date: string;
  year: number;
  /** What happened, one short line. */
  label: string;
  entryId: string;
  term: string;
  /** The entry's name as short as the chart can show it: its acronym, or its term. */
  name: string;
}

/** One event placed on the chart. */
export interface TimelineItem {
  event: TimelineEvent;
  /** Where the event's dot sits on the axis. */
  x: number;
  /** Label row, 0 nearest the axis. */
  row: number;
  /** Left edge and width of the label's box, which starts or ends at `x`. */
  labelX: number;
  labelWidth: number;
  /** Which side of its dot the label sits on: right unless that would leave the chart. */
  side: 'right' | 'left';
}

export interface TimelineLayout {
  width: number;
  /** The year scale's first and last years; each is a tick. */
  start: number;
  end: number;
  ticks: { year: number; x: number }[];
  /** Placed events, in the events' order. */
  items: TimelineItem[];
  /** Number of label rows used. */
  rows: number;
}

export interface TimelineLayoutOptions {
  width: number;
  /** Space kept free at each end of the axis, in px. */
  padding?: number;
  /** Width of an event's label, in px; by default estimated from its name at 12px. */
  labelWidth?: (event: TimelineEvent) => number;
  /** Smallest distance between two year ticks, in px. */
  minTickSpacing?: number;
  /** Smallest gap between two labels in a row, in px. */
  gap?: number;
}

const MAX_NAME = 32;

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );

/**
 * The chart's name for an entry: its acronym; else its term, without a trailing gloss, if short;
 * else the short English form closest to the term ("US-Japan Security Treaty" for "Treaty of Mutual
 * Cooperation and Security"), leaving out forms that need context; else the term cut at a word.
 */
export function shortName(entry: Pick<DatedEntry, 'term' | 'acronym' | 'forms' | 'ambiguousForms'>): string {
  if (entry.acronym) return entry.acronym;
  const term = entry.term.replace(/\s*\([^)]*\)\s*$/, '');
  if (term.length <= MAX_NAME) return term;
  const termWords = words(term);
  const shared = (form: string) => [...words(form)].filter((w) => termWords.has(w)).length;
  const candidates = (entry.forms ?? []).filter(
    (f) => f.length <= MAX_NAME && /^[\p{Script=Latin}\p{N}\p{P}\s]+$/u.test(f),
  );
  // A form that needs context ("security treaty") names the entry only when no other form can.
  const needsContext = (f: string) => (entry.ambiguousForms?.includes(f) ? 1 : 0);
  const best = candidates
    .filter((f) => shared(f) >= 2)
    .sort((a, b) => needsContext(a) - needsContext(b) || shared(b) - shared(a) || a.length - b.length)[0];
  if (best) return best.charAt(0).toUpperCase() + best.slice(1);
  const cut = term.slice(0, MAX_NAME).replace(/\s+\S*$/, '');
  return `${cut.replace(/[\s,;:]+$/, '')}…`;
}

/** Every dated event of every entry, in date order (ties by term, so the order is stable). */
export function timelineEvents(entries: readonly DatedEntry[]): TimelineEvent[] {
  const events = entries.flatMap((entry) =>
    (entry.dates ?? []).map((d) => ({
      date: d.date,
      year: Number(d.date.slice(0, 4)),
      label: d.event,
      entryId: entry.id,
      term: entry.term,
      name: shortName(entry),
    })),
  );
  return events.sort((a, b) => compare(a.date, b.date) || compare(a.term, b.term) || compare(a.label, b.label));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A date as a fractional year. A date known only to the year or month sits at its start, so that
 * "1960" never lands after "1960-01-19", which sorts after it.
 */
export function yearFraction(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const month = m ? m - 1 : 0;
  const day = d ? d - 1 : 0;
  return (y ?? 0) + (month + day / 31) / 12;
}

/** A rough width for a label in a system sans-serif; generous, so estimates err towards no overlap. */
export function estimateTextWidth(text: string, fontSize = 12): number {
  let em = 0;
  for (const ch of text) {
    if (/[\u2e80-\u9fff\uf900-\ufaff]/.test(ch)) em += 1;
    else if (/[A-Z0-9]/.test(ch)) em += 0.66;
    else if (ch === ' ' || /[.,:;'’!|il]/.test(ch)) em += 0.3;
    else em += 0.55;
  }
  return Math.ceil(em * fontSize);
}

const TICK_STEPS = [1, 2, 5, 10, 20, 25, 50, 100];

/**
 * Places events on a year axis `width` px wide and stacks their labels in as few rows as keep any
 * two labels in a row apart.
 */
export function layoutTimeline(events: readonly TimelineEvent[], options: TimelineLayoutOptions): TimelineLayout {
  const { width, padding = 16, minTickSpacing = 44, gap = 10 } = options;
  const labelWidthOf = options.labelWidth ?? ((e: TimelineEvent) => estimateTextWidth(e.name) + 8);
  if (events.length === 0) return { width, start: 0, end: 0, ticks: [], items: [], rows: 0 };

  const times = events.map((e) => yearFraction(e.date));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const inner = Math.max(1, width - 2 * padding);
  // The scale runs from the tick at or before the first event to the tick after the last, with a
  // tick every 1, 2, 5, 10… years, as dense as fits.
  const bounds = (s: number) => [Math.floor(first / s) * s, Math.floor(last / s) * s + s] as const;
  const step =
    TICK_STEPS.find((s) => {
      const [a, b] = bounds(s);
      return (s * inner) / (b - a) >= minTickSpacing;
    }) ?? TICK_STEPS[TICK_STEPS.length - 1]!;
  const [start, end] = bounds(step);
  const scale = (t: number) => padding + ((t - start) / (end - start)) * inner;
  const ticks: { year: number; x: number }[] = [];
  for (let year = start; year <= end; year += step) ticks.push({ year, x: scale(year) });

  // Each label starts at its dot and runs right, or ends at it where the right would leave the chart.
  const items: TimelineItem[] = events.map((event, i) => {
    const x = scale(times[i]!);
    const labelWidth = Math.min(labelWidthOf(event), width);
    const side = x + labelWidth <= width ? 'right' : 'left';
    const labelX = side === 'right' ? x : Math.max(0, x - labelWidth);
    return { event, x, row: 0, labelX, labelWidth, side };
  });
  // Labels are intervals on the axis: taken from the left, each into the lowest row it fits, they
  // use as few rows as any layout can (first-fit colouring of an interval graph is optimal).
  const rowEnds: number[] = [];
  for (const item of [...items].sort((a, b) => a.labelX - b.labelX || a.x - b.x)) {
    let row = rowEnds.findIndex((end) => end + gap <= item.labelX);
    if (row < 0) row = rowEnds.push(0) - 1;
    item.row = row;
    rowEnds[row] = item.labelX + item.labelWidth;
  }
  return { width, start, end, ticks, items, rows: rowEnds.length };
}

/** Where a date falls on a laid-out axis, in px. */
export function xForDate(layout: TimelineLayout, date: string): number {
  const first = layout.ticks[0];
  const last = layout.ticks[layout.ticks.length - 1];
  if (!first || !last || last.year === first.year) return 0;
  return first.x + ((yearFraction(date) - first.year) / (last.year - first.year)) * (last.x - first.x);
}

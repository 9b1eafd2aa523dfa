import { describe, expect, it } from 'vitest';
import { GLOSSARY } from '../../lib/glossary';
import {
  layoutTimeline,
  shortName,
  timelineEvents,
  yearFraction,
  type TimelineEvent,
  type TimelineLayout,
} from '../../lib/timeline';

const events = timelineEvents(GLOSSARY);
const has = (date: string, entryId: string) => events.some((e) => e.date === date && e.entryId === entryId);

/** Every pair of labels in one row that overlap, as readable strings. */
function overlapsInRows(layout: TimelineLayout): string[] {
  const found: string[] = [];
  layout.items.forEach((a, i) =>
    layout.items.slice(i + 1).forEach((b) => {
      if (a.row === b.row && a.labelX < b.labelX + b.labelWidth && b.labelX < a.labelX + a.labelWidth) {
        found.push(`${a.event.date} ${a.event.name} / ${b.event.date} ${b.event.name} (row ${a.row})`);
      }
    }),
  );
  return found;
}

describe('timelineEvents', () => {
  it('lists the alliance milestones the report refers to', () => {
    expect(has('1960-01-19', 'security-treaty')).toBe(true);
    expect(has('1978-11-27', 'guidelines-1978')).toBe(true);
    expect(has('1997-09-23', 'guidelines-1997')).toBe(true);
    expect(events.some((e) => e.date.startsWith('2013-10') && e.entryId === 'security-consultative-committee')).toBe(
      true,
    );
    expect(events.some((e) => e.date.startsWith('2014-04') && e.entryId === 'three-principles-transfer')).toBe(true);
    expect(events.some((e) => e.date.startsWith('2014-07') && e.entryId === 'cabinet-decision-2014')).toBe(true);
    expect(has('2014-10-08', 'interim-report')).toBe(true);
  });

  it('gives one event for each date of each entry', () => {
    const count = GLOSSARY.reduce((n, e) => n + (e.dates?.length ?? 0), 0);
    expect(events).toHaveLength(count);
  });

  it('sorts events by date', () => {
    const dates = events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('carries the year, the event and the entry it belongs to', () => {
    const treaty = events.find((e) => e.entryId === 'security-treaty');
    expect(treaty).toMatchObject({
      date: '1960-01-19',
      year: 1960,
      label: 'Treaty signed in Washington',
      term: GLOSSARY.find((e) => e.id === 'security-treaty')?.term,
    });
  });

  it('sorts a year-only date before later dates in that year', () => {
    const sorted = timelineEvents([
      { id: 'b', term: 'B', dates: [{ date: '1960-03', event: 'March' }] },
      { id: 'a', term: 'A', dates: [{ date: '1960', event: 'Year' }] },
    ]);
    expect(sorted.map((e) => e.label)).toEqual(['Year', 'March']);
  });
});

describe('shortName', () => {
  const nameOf = (id: string) => shortName(GLOSSARY.find((e) => e.id === id)!);

  it('prefers the acronym', () => {
    expect(nameOf('security-consultative-committee')).toBe('SCC');
  });

  it('keeps a short term, without a trailing gloss', () => {
    expect(nameOf('abe-government')).toBe('Abe government');
    expect(nameOf('strategic-vision-2013')).toBe('2013 SCC joint statement');
  });

  it('names a long term by the short form that shares most of its words', () => {
    expect(nameOf('security-treaty')).toBe('US-Japan Security Treaty');
    expect(nameOf('defense-guidelines')).toBe('U.S.-Japan defense guidelines');
    expect(nameOf('article-9')).toBe('Article 9');
  });

  it('cuts a long term at a word when no form will do', () => {
    expect(shortName({ term: 'Three Principles on Transfer of Defense Equipment and Technology' })).toBe(
      'Three Principles on Transfer of…',
    );
  });
});

describe('yearFraction', () => {
  it('places partial dates at the start of their period', () => {
    expect(yearFraction('1960')).toBe(1960);
    expect(yearFraction('1960-07')).toBe(1960.5);
    expect(yearFraction('1960-01-19')).toBeGreaterThan(1960);
    expect(yearFraction('1960-01-19')).toBeLessThan(yearFraction('1960-02'));
  });
});

describe('layoutTimeline', () => {
  for (const width of [1100, 800, 640, 360]) {
    describe(`at ${width}px`, () => {
      const layout = layoutTimeline(events, { width });

      it('keeps the events in date order along the axis', () => {
        expect(layout.items.map((it) => it.event)).toEqual(events);
        const xs = layout.items.map((it) => it.x);
        expect(xs).toEqual([...xs].sort((a, b) => a - b));
      });

      it('keeps every dot, tick and label within the width', () => {
        for (const it of layout.items) {
          expect(it.x).toBeGreaterThanOrEqual(0);
          expect(it.x).toBeLessThanOrEqual(width);
          expect(it.labelX).toBeGreaterThanOrEqual(0);
          expect(it.labelX + it.labelWidth).toBeLessThanOrEqual(width);
        }
        for (const tick of layout.ticks) {
          expect(tick.x).toBeGreaterThanOrEqual(0);
          expect(tick.x).toBeLessThanOrEqual(width);
        }
      });

      it('never lets two labels in one row overlap', () => {
        expect(overlapsInRows(layout)).toEqual([]);
      });

      it('frames the events between the first and last ticks', () => {
        expect(layout.start).toBeLessThanOrEqual(1947);
        expect(layout.end).toBeGreaterThan(2020);
        expect(layout.ticks[0]?.year).toBe(layout.start);
        expect(layout.ticks.at(-1)?.year).toBe(layout.end);
      });
    });
  }

  it('puts a label on the left of its dot only where the right would leave the chart', () => {
    const layout = layoutTimeline(events, { width: 800 });
    for (const it of layout.items) {
      if (it.side === 'left') expect(it.x + it.labelWidth).toBeGreaterThan(800);
      else expect(it.labelX).toBe(it.x);
    }
  });

  it('needs one row for events far apart and stacks events on one date', () => {
    const make = (date: string, name: string): TimelineEvent => ({
      date,
      year: Number(date.slice(0, 4)),
      label: name,
      entryId: name,
      term: name,
      name,
    });
    const apart = layoutTimeline([make('1950', 'A'), make('2000', 'B')], { width: 600 });
    expect(apart.rows).toBe(1);
    const together = layoutTimeline([make('2000', 'A'), make('2000', 'B'), make('2000', 'C')], { width: 600 });
    expect(together.items.map((it) => it.row).sort()).toEqual([0, 1, 2]);
  });

  it('lays out nothing for no events', () => {
    expect(layoutTimeline([], { width: 500 })).toMatchObject({ items: [], ticks: [], rows: 0 });
  });
});

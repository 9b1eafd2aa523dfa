import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { estimateTextWidth, layoutTimeline, xForDate, type TimelineEvent } from '../lib/timeline';
import { formatDate } from './EntryCard';

export interface TimelineProps {
  events: readonly TimelineEvent[];
  /** ISO date of the report: events after it are drawn hollow, and a dashed line marks it. */
  reportDate?: string;
  /** Id of the heading that names the figure. */
  labelledBy?: string;
}

/** Narrower than this the chart scrolls sideways rather than squeeze 75 years into a phone. */
const MIN_WIDTH = 720;
const ROW_HEIGHT = 20;
const TOP = 14;
const FONT_SIZE = 12;
/** Dot radius plus the space between dot and text. */
const DOT_GAP = 9;

/** The accessible name of an event's link: date, what happened, and which entry it opens. */
export function eventDescription(event: TimelineEvent): string {
  return `${formatDate(event.date)}: ${event.label} (${event.term})`;
}

/**
 * The glossary's dated events on a year axis, each a link to its entry. The chart is an SVG list
 * of links, so screen readers hear "list, 29 items" and each event by name, in date order; the
 * axis, ticks and grid are hidden from them.
 */
export function Timeline({ events, reportDate, labelledBy }: TimelineProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // Null until measured; the first paint uses a typical width.
  const [measured, setWidth] = useState<number | null>(null);
  const width = measured ?? 880;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(MIN_WIDTH, Math.floor(el.clientWidth)));
    measure();
    // happy-dom and old engines may lack ResizeObserver; the chart then keeps its first width.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const layout = useMemo(
    () =>
      layoutTimeline(events, {
        width,
        // Room for the first and last years' labels, centred on their ticks.
        padding: 24,
        labelWidth: (e) => estimateTextWidth(e.name, FONT_SIZE) + DOT_GAP + 4,
      }),
    [events, width],
  );
  const reportX = reportDate && layout.items.length ? xForDate(layout, reportDate) : null;

  // On a narrow screen the chart scrolls; open it on the report's years, not on 1945.
  const scrolled = useRef(false);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || measured === null || scrolled.current || el.scrollWidth <= el.clientWidth) return;
    scrolled.current = true;
    el.scrollLeft = (reportX ?? el.scrollWidth) - el.clientWidth * 0.6;
  }, [reportX, measured]);

  if (layout.items.length === 0) return null;

  const axisY = TOP + layout.rows * ROW_HEIGHT + 8;
  const height = axisY + 30;
  const rowY = (row: number) => axisY - 8 - ROW_HEIGHT / 2 - row * ROW_HEIGHT;
  const firstYear = layout.items[0]!.event.year;
  const lastYear = layout.items[layout.items.length - 1]!.event.year;

  return (
    <div class="gl-timeline-scroll" ref={scroller}>
      <svg
        class="gl-timeline-svg"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="list"
        aria-labelledby={labelledBy}
        aria-label={labelledBy ? undefined : `Timeline, ${firstYear} to ${lastYear}`}
      >
        <g class="gl-tl-frame" aria-hidden="true">
          {layout.ticks.map((t) => (
            <g key={t.year}>
              <line class="gl-tl-grid" x1={t.x} x2={t.x} y1={TOP - 6} y2={axisY} />
              <line class="gl-tl-tick" x1={t.x} x2={t.x} y1={axisY} y2={axisY + 5} />
              <text class="gl-tl-year" x={t.x} y={axisY + 19} text-anchor="middle">
                {t.year}
              </text>
            </g>
          ))}
          {reportX !== null && (
            <g class="gl-tl-report">
              <line x1={reportX} x2={reportX} y1={TOP - 6} y2={axisY} />
            </g>
          )}
          <line class="gl-tl-axis" x1={layout.ticks[0]!.x} x2={layout.ticks.at(-1)!.x} y1={axisY} y2={axisY} />
        </g>
        {layout.items.map((it) => {
          const y = rowY(it.row);
          const after = reportDate !== undefined && it.event.date > reportDate;
          const textX = it.side === 'right' ? it.x + DOT_GAP : it.x - DOT_GAP;
          return (
            <g role="listitem" key={`${it.event.entryId}-${it.event.date}-${it.event.label}`}>
              <a
                href={`#${it.event.entryId}`}
                class={after ? 'gl-tl-event gl-tl-after' : 'gl-tl-event'}
                data-entry-id={it.event.entryId}
                data-date={it.event.date}
              >
                <title>{eventDescription(it.event)}</title>
                <rect
                  class="gl-tl-hit"
                  x={it.labelX - 3}
                  y={y - ROW_HEIGHT / 2 + 1}
                  width={it.labelWidth + 6}
                  height={ROW_HEIGHT - 2}
                  rx={4}
                />
                <line class="gl-tl-guide" x1={it.x} x2={it.x} y1={y} y2={axisY} />
                <circle class="gl-tl-axis-dot" cx={it.x} cy={axisY} r={3} />
                <circle class="gl-tl-dot" cx={it.x} cy={y} r={3.5} />
                <text
                  class="gl-tl-label"
                  x={textX}
                  y={y}
                  dy="0.35em"
                  text-anchor={it.side === 'right' ? 'start' : 'end'}
                >
                  {it.event.name}
                </text>
              </a>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

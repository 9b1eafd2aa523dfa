import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotator } from '../../lib/annotator';
import { compileMatcher } from '../../lib/matcher';
import { breakJoiners, lineJoiner, normalizeTextLayer, pageTextFromItems, textRangeAt } from '../../lib/pdf-text';

const matcher = compileMatcher([
  { id: 'csd', forms: ['collective self-defense', '集団的自衛権'] },
  { id: 'scc', forms: ['Security Consultative Committee', 'SCC'] },
  { id: 'isr', forms: ['intelligence, surveillance, and reconnaissance'] },
]);

/** pdf.js's text items for lines of text: one item per line, `hasEOL` on all but the last. */
const itemsFor = (lines: string[]) => lines.map((str, i) => ({ str, hasEOL: i < lines.length - 1 }));

/** A text layer as pdf.js builds it from those items: a span per item, a `<br>` after each line. */
function textLayerFor(lines: string[]): HTMLElement {
  const layer = document.createElement('div');
  layer.className = 'textLayer';
  for (const { str, hasEOL } of itemsFor(lines)) {
    if (str) {
      const span = document.createElement('span');
      span.setAttribute('role', 'presentation');
      span.textContent = str;
      layer.append(span);
    }
    if (hasEOL) layer.append(document.createElement('br'));
  }
  document.body.append(layer);
  return layer;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('lineJoiner', () => {
  it('reads a line break between words as a space', () => {
    expect(lineJoiner('the limited exercise of collective', 'self-defense, a change')).toBe(' ');
  });

  it('reads nothing after a hyphen, between Japanese characters, or beside a space', () => {
    expect(lineJoiner('of collective self-', 'defense')).toBe('');
    expect(lineJoiner('U.S.\u2013', 'Japan')).toBe('');
    expect(lineJoiner('日米両政府は集団的', '自衛権の行使')).toBe('');
    expect(lineJoiner('ends with a space ', 'next')).toBe('');
    expect(lineJoiner('', 'next')).toBe('');
    expect(lineJoiner('last line', '')).toBe('');
  });
});

describe('breakJoiners', () => {
  it('gives one separator for a blank line, none at the ends', () => {
    const joiners = breakJoiners([null, 'Heading', null, '', null, 'Body', null]);
    expect([...joiners]).toEqual([
      [0, ''],
      [2, ' '],
      [4, ''],
      [6, ''],
    ]);
  });
});

describe('pageTextFromItems', () => {
  it('joins lines as they read, skipping marked-content items', () => {
    const items = [
      { type: 'beginMarkedContent' },
      ...itemsFor([
        'Officials said the limited exercise of collective',
        'self-defense and the Security',
        'Consultative Committee',
      ]),
      { type: 'endMarkedContent' },
    ];
    expect(pageTextFromItems(items)).toBe(
      'Officials said the limited exercise of collective self-defense and the Security Consultative Committee',
    );
  });
});

describe('normalizeTextLayer', () => {
  const lines = [
    'Collective Self-Defense',
    'The limited exercise of collective self-',
    'defense was approved; the Security',
    'Consultative Committee met. 日米は集団的',
    '自衛権を議論した。',
  ];

  it('leaves the layer’s text as pageTextFromItems reads the items, without <br>', () => {
    const layer = textLayerFor(lines);
    normalizeTextLayer(layer);
    expect(layer.querySelector('br')).toBeNull();
    expect(layer.textContent).toBe(pageTextFromItems(itemsFor(lines)));
    // The space is the line's own: its span keeps its place, and ends with it.
    expect(layer.children[2]?.textContent).toBe('defense was approved; the Security ');
  });

  it('lets the annotator find terms broken across lines, as one occurrence each', async () => {
    const layer = textLayerFor(lines);
    normalizeTextLayer(layer);
    const annotator = createAnnotator({ root: document.body, matcher, mutationDelayMs: 5 });
    await annotator.start();
    const occurrences = new Map<string, string>();
    for (const el of layer.querySelectorAll('glens-term')) {
      const occ = el.getAttribute('data-glens-occ')!;
      occurrences.set(occ, (occurrences.get(occ) ?? '') + el.textContent);
    }
    expect([...occurrences.values()].map((t) => t.trim())).toEqual([
      'Collective Self-Defense',
      'collective self-defense',
      'Security Consultative Committee',
      '集団的自衛権',
    ]);
    // The same count as the document index reads from the items.
    expect(matcher.find(pageTextFromItems(itemsFor(lines)))).toHaveLength(4);
    annotator.stop();
    expect(layer.textContent).toBe(pageTextFromItems(itemsFor(lines)));
  });
});

describe('textRangeAt', () => {
  it('spans text nodes, highlights included', () => {
    const layer = textLayerFor(['alpha beta', 'gamma delta']);
    normalizeTextLayer(layer);
    const text = layer.textContent;
    const start = text.indexOf('beta');
    const range = textRangeAt(layer, start, text.indexOf('delta'));
    expect(range?.toString()).toBe('beta gamma ');
    expect(textRangeAt(layer, 0, text.length + 1)).toBeNull();
  });
});

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlossaryApp, groupByCategory, groupByInitial, initialQuery } from '../../components/GlossaryApp';
import { CATEGORIES, CATEGORY_LABELS } from '../../lib/glossary-constants';
import { GLOSSARY } from '../../lib/glossary';
import { timelineEvents } from '../../lib/timeline';

let root: HTMLDivElement;

beforeEach(() => {
  history.replaceState(null, '', '/glossary.html');
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

async function mount(defaultQuery = '') {
  await act(() => render(<GlossaryApp defaultQuery={defaultQuery} />, root));
}

const cardIds = () => [...root.querySelectorAll<HTMLElement>('[data-glens-card]')].map((el) => el.dataset.entryId);
const filter = () => root.querySelector<HTMLInputElement>('input[type="search"]')!;

async function typeInFilter(text: string) {
  await act(() => {
    filter().value = text;
    filter().dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('initialQuery', () => {
  it('reads the filter text from ?q=', () => {
    expect(initialQuery('?q=scc')).toBe('scc');
    expect(initialQuery('?q=collective%20self-defense&x=1')).toBe('collective self-defense');
    expect(initialQuery('?q=%E9%9B%86%E5%9B%A3%E7%9A%84%E8%87%AA%E8%A1%9B%E6%A8%A9')).toBe('集団的自衛権');
  });

  it('is empty without ?q= and tidies whitespace', () => {
    expect(initialQuery('')).toBe('');
    expect(initialQuery('?other=1')).toBe('');
    expect(initialQuery('?q=+%20HA/DR%0A+')).toBe('HA/DR');
  });
});

describe('grouping', () => {
  it('groups by category in the categories’ order, A–Z within each', () => {
    const groups = groupByCategory(GLOSSARY);
    expect(groups.map((g) => g.title)).toEqual(CATEGORIES.map((c) => CATEGORY_LABELS[c]));
    for (const g of groups) {
      const terms = g.entries.map((e) => e.term);
      expect(terms).toEqual([...terms].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    }
  });

  it('files every entry once under its initial', () => {
    const groups = groupByInitial(GLOSSARY);
    expect(groups.flatMap((g) => g.entries)).toHaveLength(GLOSSARY.length);
    expect(groups[0]?.title).toBe('0–9');
  });
});

describe('GlossaryApp', () => {
  it('shows every entry, once, when the filter is empty', async () => {
    await mount();
    const ids = cardIds();
    expect(ids).toHaveLength(GLOSSARY.length);
    expect(new Set(ids)).toEqual(new Set(GLOSSARY.map((e) => e.id)));
  });

  it('gives each entry an anchor with its id', async () => {
    await mount();
    for (const entry of GLOSSARY) {
      expect(document.getElementById(entry.id)?.querySelector('[data-glens-card]')).not.toBeNull();
    }
  });

  it('shows the category groups in order, each headed', async () => {
    await mount();
    const headings = [...root.querySelectorAll('main h2')].map((h) => h.firstChild?.textContent?.trim());
    expect(headings).toEqual(['Timeline', ...CATEGORIES.map((c) => CATEGORY_LABELS[c])]);
  });

  it('uses third-level headings for terms under second-level groups', async () => {
    await mount();
    expect(root.querySelectorAll('h3.glens-card-term')).toHaveLength(GLOSSARY.length);
  });

  it('names the page and cites the report', async () => {
    await mount();
    expect(root.querySelector('h1')?.textContent).toBe('Glossary Lens — Glossary of the U.S.-Japan alliance');
    const source = root.querySelector('.gl-source')?.textContent ?? '';
    expect(source).toContain('A New Chapter in U.S.-Japan Defense Cooperation');
    expect(source).toContain('Critical Questions');
    expect(source).toContain('Nicholas Szechenyi');
    expect(source).toContain('10 October 2014');
  });

  it('ranks the Security Consultative Committee first when filtering for "scc"', async () => {
    await mount();
    await typeInFilter('scc');
    expect(cardIds()[0]).toBe('security-consultative-committee');
    expect(cardIds().length).toBeLessThan(GLOSSARY.length);
    expect(root.querySelector('[role="status"]')?.textContent).toMatch(/match.*scc/);
  });

  it('opens filtered when given a query from ?q=', async () => {
    await mount(initialQuery('?q=scc'));
    expect(filter().value).toBe('scc');
    expect(cardIds()[0]).toBe('security-consultative-committee');
  });

  it('says so when nothing matches and offers every entry back', async () => {
    await mount('zzzzqqqq');
    expect(cardIds()).toEqual([]);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('No entry matches “zzzzqqqq”');
    await act(() => root.querySelector<HTMLButtonElement>('.gl-link-button')!.click());
    expect(cardIds()).toHaveLength(GLOSSARY.length);
  });

  it('shows every entry again when the filter is cleared with Escape', async () => {
    await mount('scc');
    await act(() => {
      filter().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(cardIds()).toHaveLength(GLOSSARY.length);
  });

  it('keeps ?q= in step with the filter', async () => {
    await mount();
    await typeInFilter('hadr');
    expect(new URL(location.href).searchParams.get('q')).toBe('hadr');
    await typeInFilter('');
    expect(new URL(location.href).searchParams.has('q')).toBe(false);
  });

  it('arranges entries A–Z on request', async () => {
    await mount();
    await act(() => root.querySelector<HTMLInputElement>('input[value="az"]')!.click());
    const headings = [...root.querySelectorAll('main h2')].map((h) => h.firstChild?.textContent?.trim());
    expect(headings.slice(0, 3)).toEqual(['Timeline', '0–9', 'A']);
    expect(cardIds()).toHaveLength(GLOSSARY.length);
  });

  it('sets the hash when a related term is clicked, and highlights that entry', async () => {
    await mount();
    const button = root.querySelector<HTMLButtonElement>('#security-consultative-committee [data-related-id]')!;
    const relatedId = button.dataset.relatedId!;
    await act(() => button.click());
    await act(() => {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(location.hash).toBe(`#${relatedId}`);
    expect(document.getElementById(relatedId)?.classList.contains('gl-entry-flash')).toBe(true);
    expect(document.activeElement?.id).toBe(relatedId);
  });

  it('clears the filter to reveal an entry the hash names', async () => {
    await mount('scc');
    await act(() => {
      location.hash = 'deterrence';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(filter().value).toBe('');
    expect(document.getElementById('deterrence')?.classList.contains('gl-entry-flash')).toBe(true);
  });

  it('draws the timeline with one link per event, each to its entry', async () => {
    await mount();
    const events = timelineEvents(GLOSSARY);
    const links = [...root.querySelectorAll('.gl-timeline svg a')];
    expect(links).toHaveLength(events.length);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(events.map((e) => `#${e.entryId}`));
    expect(links.every((a) => a.querySelector('title')?.textContent)).toBe(true);
  });

  it('gives the filter a label', async () => {
    await mount();
    const label = root.querySelector(`label[for="${filter().id}"]`);
    expect(label?.textContent).toBe('Filter terms');
  });
});

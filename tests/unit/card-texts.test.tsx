import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { EntryCard } from '../../components/EntryCard';
import { createCardTextSource } from '../../lib/card-texts';
import { CARD_TEXT_FIELDS } from '../../lib/glossary-constants';
import { CARD_TEXTS, GLOSSARY, REPORT } from '../../lib/glossary';
import { cueSources } from '../../lib/context';
import { GLOSSARY_CORE } from '../../lib/glossary-core';
import { contextModelForGlossary, matcherForGlossary } from '../../lib/glossary-matcher';
import { glossaryPart } from '../../lib/glossary-parts';
import { compileMatcher, MAX_PART_CHARS, matcherSources, sieveSource } from '../../lib/matcher';
import { useRenderContainer } from './render-container';

import json from '../../data/glossary.json?raw';

describe('the glossary in two parts', () => {
  it('puts no card text in the core the content script bundles, and every card text in the cards', () => {
    const core = JSON.parse(glossaryPart(json, 'core')) as Record<string, unknown>[];
    for (const entry of core) for (const field of CARD_TEXT_FIELDS) expect(entry).not.toHaveProperty(field);
    const cards = JSON.parse(glossaryPart(json, 'cards')) as Record<string, Record<string, unknown>>;
    for (const card of Object.values(cards)) {
      expect(Object.keys(card).every((k) => (CARD_TEXT_FIELDS as readonly string[]).includes(k))).toBe(true);
      expect(card.explanation).toEqual(expect.any(String));
    }
  });

  it('joins back into exactly the entries authors wrote, in their order', () => {
    const raw = JSON.parse(json) as unknown[];
    expect(GLOSSARY).toEqual(raw);
    expect(GLOSSARY_CORE.map((e) => e.id)).toEqual(GLOSSARY.map((e) => e.id));
    expect(Object.keys(CARD_TEXTS).sort()).toEqual(GLOSSARY.map((e) => e.id).sort());
  });

  it('builds the matcher expressions with the extension, exactly as a page would build them', () => {
    const built = JSON.parse(glossaryPart(json, 'matcher')) as unknown;
    expect(built).toEqual({ glossary: matcherSources(GLOSSARY_CORE), cues: cueSources(GLOSSARY_CORE) });
    // No part longer than V8 optimises (the loose one is measured as the sieve made of it), and the
    // main expression, far from that size, in one.
    const { main, loose } = matcherSources(GLOSSARY_CORE);
    expect(main).toHaveLength(1);
    expect(main[0]!.length).toBeGreaterThan(1000);
    for (const part of [...main, ...loose!.map(sieveSource)]) expect(part.length).toBeLessThanOrEqual(MAX_PART_CHARS);
    // The bundled matcher and model, from those expressions, read text as freshly compiled ones do.
    const text =
      'On Tuesday the SCC (the "2 + 2") met in Tokyo: Japan and the U.S. spoke of collective self-defence, ' +
      'ISR and HA/DR; 集団的自衛権 and the Guidelines for U.S.-Japan Defense Cooperation came up.';
    const fresh = compileMatcher(GLOSSARY_CORE);
    expect(matcherForGlossary().find(text)).toEqual(fresh.find(text));
    expect(matcherForGlossary().find(text).length).toBeGreaterThan(6);
    expect(matcherForGlossary().mayContain('xxSCCxx')).toBe(true);
    expect(matcherForGlossary().mayContain('nothing here')).toBe(false);
    const evidence = contextModelForGlossary().evidence(`${text} Squamous cell carcinoma, Kafka.`);
    expect(evidence.otherSenses.length).toBeGreaterThan(0);
    expect(evidence.japanNamed).toBe(true);
    expect(evidence.alliancePassages).toBeGreaterThan(0);
  });
});

describe('createCardTextSource', () => {
  it('asks once, however many cards want the texts at once', async () => {
    const request = vi.fn(() => Promise.resolve<unknown>(CARD_TEXTS));
    const source = createCardTextSource(request);
    expect(source.current()).toBeNull();
    const [a, b] = await Promise.all([source.load(), source.load()]);
    expect(a).toEqual(CARD_TEXTS);
    expect(b).toBe(a);
    expect(source.current()).toBe(a);
    await source.load();
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('refuses a reply that is not card texts, keeps nothing, and asks again next time', async () => {
    const replies: unknown[] = [{ 'collective-self-defense': { explanation: 42 } }, undefined, CARD_TEXTS];
    const request = vi.fn(() => Promise.resolve(replies.shift()));
    const source = createCardTextSource(request);
    await expect(source.load()).rejects.toThrow(/card texts: unexpected reply/);
    expect(source.current()).toBeNull();
    await expect(source.load()).rejects.toThrow(/unexpected reply/);
    await expect(source.load()).resolves.toEqual(CARD_TEXTS);
    expect(request).toHaveBeenCalledTimes(3);
  });

  it('asks again after the request itself failed (the background was asleep or reloading)', async () => {
    const request = vi
      .fn<() => Promise<unknown>>()
      .mockRejectedValueOnce(new Error('Could not establish connection'))
      .mockResolvedValueOnce(CARD_TEXTS);
    const source = createCardTextSource(request);
    await expect(source.load()).rejects.toThrow('Could not establish connection');
    await expect(source.load()).resolves.toEqual(CARD_TEXTS);
  });
});

describe('EntryCard before and without its texts', () => {
  let container: HTMLElement;
  useRenderContainer((el) => (container = el));
  const entry = GLOSSARY.find((e) => e.id === 'collective-self-defense')!;

  it('shows the term and definition at once, and says the explanation is on its way', async () => {
    await act(() => render(<EntryCard entry={entry} card="loading" report={REPORT} />, container));
    expect(container.querySelector('.glens-card-term')?.textContent).toBe(entry.term);
    expect(container.querySelector('.glens-card-definition')?.textContent).toBe(entry.definition);
    const section = container.querySelector('.glens-card-report');
    expect(section?.getAttribute('aria-busy')).toBe('true');
    expect(section?.textContent).toContain('Loading the explanation');
    expect(container.querySelector('.glens-card-excerpt')).toBeNull();
  });

  it('says so, as an alert, when the texts could not be had', async () => {
    await act(() => render(<EntryCard entry={entry} card="failed" report={REPORT} />, container));
    const note = container.querySelector('[role="alert"]');
    expect(note?.textContent).toMatch(/could not be loaded/);
    expect(container.querySelector('.glens-card-report')?.hasAttribute('aria-busy')).toBe(false);
  });

  it('shows the explanation, the excerpt and its section once they are there', async () => {
    await act(() => render(<EntryCard entry={entry} card={CARD_TEXTS[entry.id]!} report={REPORT} />, container));
    expect(container.querySelector('.glens-card-explanation')?.textContent).toBe(entry.explanation);
    expect(container.querySelector('.glens-card-excerpt')?.textContent).toBe(entry.report?.excerpt);
    expect(container.querySelector('.glens-card-section')?.textContent).toBe(entry.report?.section);
  });
});

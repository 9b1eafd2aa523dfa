import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp } from '../../components/PopupApp';
import type { Message, PageState } from '../../lib/messages';
import type { PageExplanation } from '../../lib/page-context';
import {
  escapeEffect,
  INITIAL_VIEW,
  moveActive,
  pageTermsForDisplay,
  POPUP_READY_MARK,
  popupReducer,
} from '../../lib/popup-model';
import { loadSettings, saveSetting } from '../../lib/settings-store';
import { fullSiteList } from '../harness/site-lists';
import { useRenderContainer } from './render-container';

const TAB_ID = 7;
type Tabs = Awaited<ReturnType<typeof fakeBrowser.tabs.query>>;

let container: HTMLElement;

/** Waits until `probe` returns something truthy, letting Preact render and storage settle. */
async function waitFor<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await act(() => new Promise<void>((r) => setTimeout(r, 10)));
  }
}

/** The active tab answers with this page state (or rejects, as when no content script runs). */
function mockPage(reply: PageState | Error) {
  vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: TAB_ID } as Tabs[number]]);
  return vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((_tabId: number, message: unknown) => {
    const m = message as Message;
    if (reply instanceof Error) return Promise.reject(reply);
    if (m.type === 'glens:page-state') return Promise.resolve(reply);
    if (m.type === 'glens:reveal') return Promise.resolve({ found: true });
    return Promise.resolve(undefined);
  });
}

const pageOn = (terms: PageState['terms']): PageState => ({
  site: 'nytimes.com',
  state: 'on',
  terms,
  occurrences: terms.reduce((n, t) => n + t.count, 0),
});

async function renderPopup() {
  await act(() => render(<PopupApp />, container));
}

const searchBox = () => container.querySelector<HTMLInputElement>('input[type="search"]')!;

async function type(text: string) {
  await act(() => {
    const input = searchBox();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function press(key: string, target: Element = searchBox()) {
  await act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

const resultIds = () => [...container.querySelectorAll<HTMLElement>('[role="option"]')].map((el) => el.dataset.entryId);
const openCardId = () => container.querySelector<HTMLElement>('[data-glens-card]')?.dataset.entryId;

useRenderContainer(
  (el) => (container = el),
  () => fakeBrowser.reset(),
);

describe('popup search', () => {
  beforeEach(() => {
    mockPage(new Error('Could not establish connection. Receiving end does not exist.'));
  });

  it('labels the search box and focuses it on open', async () => {
    await renderPopup();
    const input = searchBox();
    expect(container.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Search the glossary');
    expect(document.activeElement).toBe(input);
  });

  it('lists the Security Consultative Committee first for "scc"', async () => {
    await renderPopup();
    await type('scc');
    expect(resultIds()[0]).toBe('security-consultative-committee');
  });

  it('lists the Security Consultative Committee first for "2+2"', async () => {
    await renderPopup();
    await type('2+2');
    expect(resultIds()[0]).toBe('security-consultative-committee');
  });

  it('shows the acronym and the Japanese name beside each result', async () => {
    await renderPopup();
    await type('scc');
    const first = container.querySelector('[role="option"]')!;
    expect(first.textContent).toContain('SCC');
    expect(first.querySelector('[lang="ja"]')?.textContent).toBe('日米安全保障協議委員会');
  });

  it('moves the active result with the arrow keys and exposes it to screen readers', async () => {
    await renderPopup();
    await type('coll');
    await press('ArrowDown');
    await press('ArrowDown');
    const [, second] = container.querySelectorAll('[role="option"]');
    expect(second?.getAttribute('aria-selected')).toBe('true');
    expect(searchBox().getAttribute('aria-activedescendant')).toBe(second?.id);
    await press('ArrowUp');
    expect(searchBox().getAttribute('aria-activedescendant')).toBe(container.querySelector('[role="option"]')?.id);
  });

  it('opens the active result in an entry card on Enter', async () => {
    await renderPopup();
    await type('scc');
    await press('ArrowDown');
    await press('Enter');
    expect(openCardId()).toBe('security-consultative-committee');
    expect(container.querySelector('h2.glens-card-term')?.textContent).toBe('Security Consultative Committee');
  });

  it('opens a related term in place and goes back to the first entry', async () => {
    await renderPopup();
    await type('scc');
    await press('Enter');
    const related = container.querySelector<HTMLButtonElement>('[data-related-id]')!;
    const relatedId = related.dataset.relatedId;
    await act(() => related.click());
    expect(openCardId()).toBe(relatedId);
    await act(() => container.querySelector<HTMLButtonElement>('.glens-back')!.click());
    expect(openCardId()).toBe('security-consultative-committee');
  });

  it('goes back to the results on Escape, then clears the query on a second Escape', async () => {
    await renderPopup();
    await type('scc');
    await press('Enter');
    await press('Escape', document.activeElement ?? document.body);
    expect(openCardId()).toBeUndefined();
    expect(resultIds()[0]).toBe('security-consultative-committee');
    await press('Escape');
    expect(searchBox().value).toBe('');
    expect(resultIds()).toEqual([]);
  });

  it('opens the entry in the full glossary in a new tab', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await renderPopup();
    await type('scc');
    await press('Enter');
    const link = [...container.querySelectorAll('a')].find((a) => a.textContent === 'Open in full glossary')!;
    await act(() => link.click());
    expect(create).toHaveBeenCalledWith({
      url: fakeBrowser.runtime.getURL('/glossary.html') + '#security-consultative-committee',
    });
  });
});

describe('popup model', () => {
  it('wraps the active result round both ends of the list', () => {
    expect(moveActive(-1, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(-1, 0, 'ArrowDown')).toBe(-1);
  });

  it('leaves Escape to the browser when there is nothing to go back from', () => {
    expect(escapeEffect(INITIAL_VIEW)).toBe('none');
    const searched = popupReducer(INITIAL_VIEW, { type: 'query', query: 'scc' });
    expect(escapeEffect(searched)).toBe('clear');
    expect(escapeEffect(popupReducer(searched, { type: 'open', id: 'deterrence' }))).toBe('back');
  });

  it('sorts page terms by count, then by name, and drops unknown entries', () => {
    const names: Record<string, string> = { a: 'Beta', b: 'Alpha', c: 'Gamma' };
    const terms = pageTermsForDisplay(
      [
        { entryId: 'a', count: 2 },
        { entryId: 'b', count: 2 },
        { entryId: 'c', count: 5 },
        { entryId: 'gone', count: 9 },
      ],
      (id) => names[id],
    );
    expect(terms.map((t) => t.term)).toEqual(['Gamma', 'Alpha', 'Beta']);
  });
});

describe('popup: on this page', () => {
  it("marks the moment its settings and the page's state are shown, once (the benchmark reads it)", async () => {
    performance.clearMarks(POPUP_READY_MARK);
    mockPage(pageOn([{ entryId: 'deterrence', count: 1 }]));
    await renderPopup();
    expect(performance.getEntriesByName(POPUP_READY_MARK)).toHaveLength(0);
    await waitFor(() => container.querySelector('.glens-page-term'), 'page terms');
    await waitFor(() => performance.getEntriesByName(POPUP_READY_MARK)[0] ?? null, 'the mark');
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(performance.getEntriesByName(POPUP_READY_MARK)).toHaveLength(1);
  });

  it('lists the page’s terms by name, most mentioned first, with counts', async () => {
    mockPage(
      pageOn([
        { entryId: 'deterrence', count: 1 },
        { entryId: 'collective-self-defense', count: 4 },
      ]),
    );
    await renderPopup();
    const rows = await waitFor(() => {
      const r = container.querySelectorAll<HTMLElement>('.glens-page-term');
      return r.length ? r : null;
    }, 'page terms');
    expect([...rows].map((r) => r.querySelector('.glens-page-term-name')?.textContent)).toEqual([
      'Collective self-defense',
      'Deterrence',
    ]);
    expect(rows[0]?.querySelector('.glens-count')?.textContent).toBe('4 mentions');
  });

  it('asks the page to reveal a term when it is selected', async () => {
    const send = mockPage(pageOn([{ entryId: 'deterrence', count: 2 }]));
    await renderPopup();
    const button = await waitFor(
      () => container.querySelector<HTMLButtonElement>('.glens-page-term-reveal'),
      'the term button',
    );
    await act(() => button.click());
    expect(send).toHaveBeenCalledWith(TAB_ID, { type: 'glens:reveal', entryId: 'deterrence' }, { frameId: 0 });
  });

  it('asks the page again when its content script reports new totals', async () => {
    const send = mockPage(pageOn([]));
    await renderPopup();
    await waitFor(() => container.querySelector('[data-glens-page-status="none"]'), 'the empty page');
    send.mockResolvedValue(pageOn([{ entryId: 'deterrence', count: 3 }]));
    // Only the tab's own report counts: the sender is the content script in TAB_ID.
    const sender = { tab: { id: TAB_ID } } as Parameters<typeof fakeBrowser.runtime.onMessage.trigger>[1];
    let replies: unknown[] = [];
    await act(async () => {
      replies = await fakeBrowser.runtime.onMessage.trigger(
        { type: 'glens:stats', state: 'on', terms: 1, occurrences: 3 },
        sender,
      );
    });
    // The popup only listens: the background's answer to the report must not be pre-empted.
    expect(replies).toEqual([undefined]);
    const row = await waitFor(() => container.querySelector('.glens-page-term-name'), 'the new term');
    expect(row.textContent).toBe('Deterrence');
  });

  it('says plainly that it cannot run when no content script answers', async () => {
    mockPage(new Error('Could not establish connection. Receiving end does not exist.'));
    await renderPopup();
    const message = await waitFor(() => container.querySelector('[data-glens-cant-run]'), 'the message');
    expect(message.textContent).toContain("Glossary Lens can't run on this page.");
    expect(container.textContent).not.toContain('Annotate');
  });

  it('says the site is switched off instead of listing nothing', async () => {
    await saveSetting('sites', ['nytimes.com']);
    mockPage({ site: 'nytimes.com', state: 'site-off', terms: [], occurrences: 0 });
    await renderPopup();
    const status = await waitFor(() => container.querySelector('[data-glens-page-status]'), 'the status');
    expect(status.textContent).toBe('Glossary Lens is switched off for nytimes.com.');
  });

  it('says Glossary Lens is paused', async () => {
    await saveSetting('paused', true);
    mockPage({ site: 'nytimes.com', state: 'paused', terms: [], occurrences: 0 });
    await renderPopup();
    const status = await waitFor(() => container.querySelector('[data-glens-page-status="paused"]'), 'the status');
    expect(status.textContent).toMatch(/paused/);
  });
});

describe('popup switches', () => {
  const siteSwitch = () =>
    [...container.querySelectorAll<HTMLButtonElement>('[role="switch"]')].find((b) =>
      b.textContent?.startsWith('Annotate'),
    );

  it('shows the site switch named for the site, on by default', async () => {
    mockPage(pageOn([]));
    await renderPopup();
    const toggle = await waitFor(siteSwitch, 'the site switch');
    expect(toggle.textContent).toBe('Annotate nytimes.com');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('writes the site list when the site is switched off', async () => {
    mockPage(pageOn([]));
    await renderPopup();
    const toggle = await waitFor(siteSwitch, 'the site switch');
    await act(() => toggle.click());
    await waitFor(async () => (await loadSettings()).sites.length > 0, 'the save');
    expect((await loadSettings()).sites).toEqual(['nytimes.com']);
    expect(siteSwitch()?.getAttribute('aria-checked')).toBe('false');
  });

  it('says the site list is full when switching the site off would overfill it, and keeps the switch on', async () => {
    const full = fullSiteList();
    await saveSetting('sites', full);
    mockPage(pageOn([]));
    await renderPopup();
    const toggle = await waitFor(siteSwitch, 'the site switch');
    await act(() => toggle.click());
    const alert = await waitFor(() => container.querySelector('[data-glens-save-error]'), 'the message');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toMatch(/site list is full/);
    await waitFor(() => siteSwitch()?.getAttribute('aria-checked') === 'true', 'the switch to show what is stored');
    expect((await loadSettings()).sites).toEqual(full);
  });

  it('reflects a change made elsewhere', async () => {
    mockPage(pageOn([]));
    await renderPopup();
    await waitFor(siteSwitch, 'the site switch');
    await act(() => saveSetting('sites', ['nytimes.com']));
    await waitFor(() => siteSwitch()?.getAttribute('aria-checked') === 'false', 'the switch to turn off');
  });

  it('pauses everywhere', async () => {
    mockPage(pageOn([]));
    await renderPopup();
    const pause = await waitFor(
      () =>
        [...container.querySelectorAll<HTMLButtonElement>('[role="switch"]')].find(
          (b) => b.textContent === 'Pause everywhere',
        ),
      'the pause switch',
    );
    await act(() => pause.click());
    await waitFor(async () => (await loadSettings()).paused, 'the save');
  });
});

describe('popup: why these terms', () => {
  const explanation: PageExplanation = {
    scope: 'page',
    chars: 4200,
    truncated: false,
    topic: {
      about: false,
      score: 1,
      threshold: 4.5,
      lines: [{ kind: 'ambiguous', points: 0.5, label: '1 term that depends on context: “SCC”' }],
    },
    forms: [
      {
        entryId: 'security-consultative-committee',
        form: 'SCC',
        kept: 0,
        dropped: 3,
        decision: {
          entryId: 'security-consultative-committee',
          form: 'SCC',
          keep: false,
          score: -2,
          threshold: 4.5,
          lines: [{ kind: 'other-senses', points: -3, label: 'Names another meaning: “squamous cell carcinoma”' }],
        },
      },
    ],
  };

  function mockExplainingPage() {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: TAB_ID } as Tabs[number]]);
    return vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((_tabId: number, message: unknown) => {
      const m = message as Message;
      if (m.type === 'glens:page-state') return Promise.resolve(pageOn([{ entryId: 'deterrence', count: 1 }]));
      if (m.type === 'glens:explain') return Promise.resolve(explanation);
      return Promise.resolve(undefined);
    });
  }

  async function openWhy() {
    const details = await waitFor(() => container.querySelector<HTMLDetailsElement>('[data-glens-why]'), 'why');
    await act(() => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    return waitFor(() => (details.querySelector('.glens-why-verdict') ? details : null), 'the explanation');
  }

  it('stays closed, and asks the page nothing, until opened', async () => {
    const send = mockExplainingPage();
    await renderPopup();
    const details = await waitFor(() => container.querySelector<HTMLDetailsElement>('[data-glens-why]'), 'why');
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Why these terms?');
    expect(send).not.toHaveBeenCalledWith(TAB_ID, { type: 'glens:explain' }, { frameId: 0 });
  });

  it('shows the page’s verdict, its evidence and why each context-dependent term was left alone', async () => {
    const send = mockExplainingPage();
    await renderPopup();
    const details = await openWhy();
    expect(send).toHaveBeenCalledWith(TAB_ID, { type: 'glens:explain' }, { frameId: 0 });
    expect(details.querySelector('.glens-why-verdict')?.textContent).toContain(
      'does not read as being about the U.S.-Japan alliance',
    );
    const form = details.querySelector('[data-entry-id="security-consultative-committee"]');
    expect(form?.textContent).toContain('“SCC” as Security Consultative Committee: left alone (3)');
    expect(form?.textContent).toContain('squamous cell carcinoma');
    expect(form?.textContent).toContain('−3');
  });
});

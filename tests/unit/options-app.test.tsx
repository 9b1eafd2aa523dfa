import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../components/OptionsApp';
import { DEFAULT_SETTINGS, exportSettingsFile } from '../../lib/settings';
import { loadSettings, saveSetting, settingsNotice } from '../../lib/settings-store';
import { fullSiteList, ONE_MORE_SITE } from '../harness/site-lists';
import { useRenderContainer } from './render-container';

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

async function renderOptions() {
  await act(() => render(<OptionsApp />, container));
  await waitFor(() => container.querySelector('#glens-site-input'), 'the settings to load');
}

const siteInput = () => container.querySelector<HTMLInputElement>('#glens-site-input')!;
const siteMessage = () => container.querySelector<HTMLElement>('[data-glens-site-message]')!;
const listedSites = () => [...container.querySelectorAll<HTMLElement>('[data-site]')].map((li) => li.dataset.site);

async function addSite(text: string) {
  await act(() => {
    const input = siteInput();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(() => {
    siteInput().form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

async function importText(text: string) {
  const input = container.querySelector<HTMLInputElement>('[data-glens-import]')!;
  const file = new File([text], 'settings.json', { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

useRenderContainer(
  (el) => (container = el),
  () => fakeBrowser.reset(),
);

describe('options: sites', () => {
  it('stores a page address as its site', async () => {
    await renderOptions();
    await addSite('https://www.nytimes.com/x');
    await waitFor(async () => (await loadSettings()).sites.length > 0, 'the save');
    expect((await loadSettings()).sites).toEqual(['nytimes.com']);
    expect(listedSites()).toEqual(['nytimes.com']);
    expect(siteInput().value).toBe('');
  });

  it('refuses garbage with a message tied to the input, storing nothing', async () => {
    await renderOptions();
    await addSite('not a site!!');
    expect(siteMessage().textContent).toMatch(/not a site name or web address/);
    expect(siteInput().getAttribute('aria-invalid')).toBe('true');
    expect(siteInput().getAttribute('aria-describedby')?.split(' ')).toContain(siteMessage().id);
    expect((await loadSettings()).sites).toEqual([]);
  });

  it('does not add a site twice, and says so', async () => {
    await saveSetting('sites', ['nytimes.com']);
    await renderOptions();
    await addSite('www.NYTimes.com');
    expect(siteMessage().textContent).toBe('nytimes.com is already in the list.');
    expect((await loadSettings()).sites).toEqual(['nytimes.com']);
  });

  it('removes a site', async () => {
    await saveSetting('sites', ['nytimes.com', 'example.org']);
    await renderOptions();
    const remove = container.querySelector<HTMLButtonElement>('[aria-label="Remove nytimes.com"]')!;
    await act(() => remove.click());
    await waitFor(async () => (await loadSettings()).sites.length === 1, 'the save');
    expect((await loadSettings()).sites).toEqual(['example.org']);
    expect(listedSites()).toEqual(['example.org']);
  });

  it('switches the mode to only the listed sites', async () => {
    await renderOptions();
    const only = container.querySelector<HTMLInputElement>('input[name="siteMode"][value="only-listed"]')!;
    await act(() => only.click());
    await waitFor(async () => (await loadSettings()).siteMode === 'only-listed', 'the save');
    expect(only.checked).toBe(true);
  });

  it('shows a site added elsewhere', async () => {
    await renderOptions();
    await act(() => saveSetting('sites', ['example.org']));
    await waitFor(() => listedSites().includes('example.org'), 'the list to update');
  });
});

describe('options: a save that cannot happen', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('says the site list is full when one more site would not sync, and stores nothing', async () => {
    const full = fullSiteList();
    await saveSetting('sites', full);
    await renderOptions();
    await addSite(ONE_MORE_SITE);
    expect(siteMessage().textContent).toMatch(new RegExp(`site list is full.*\\(${full.length} sites now\\.\\)`));
    expect(siteInput().getAttribute('aria-invalid')).toBe('true');
    expect(siteInput().value).toBe(ONE_MORE_SITE);
    expect((await loadSettings()).sites).toEqual(full);
  });

  it('shows why the browser refused a save, keeps the typed site and the saved list', async () => {
    await saveSetting('sites', ['nytimes.com']);
    await renderOptions();
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('Resource::kQuotaBytes quota exceeded'));
    await addSite('example.org');
    const alert = await waitFor(() => container.querySelector('[data-glens-save-error]'), 'the error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toMatch(/Site list could not be saved: .*full.*kQuotaBytes.*unchanged/);
    await waitFor(() => listedSites().length === 1, 'the list to show what is stored');
    expect(listedSites()).toEqual(['nytimes.com']);
    expect(siteInput().value).toBe('example.org');
    expect(siteMessage().textContent).toBe('example.org was not added.');
    vi.restoreAllMocks();
    expect((await loadSettings()).sites).toEqual(['nytimes.com']);
  });
});

describe('options: highlights and popovers', () => {
  it('stores an unticked category as disabled', async () => {
    await renderOptions();
    const law = container.querySelector<HTMLInputElement>('input[name="category"][value="law"]')!;
    expect(law.checked).toBe(true);
    await act(() => law.click());
    await waitFor(async () => (await loadSettings()).disabledCategories.length > 0, 'the save');
    expect((await loadSettings()).disabledCategories).toEqual(['law']);
  });

  it('saves a valid hover delay and refuses one out of range', async () => {
    await renderOptions();
    const delay = container.querySelector<HTMLInputElement>('#glens-hover-delay')!;
    const typeDelay = (value: string) =>
      act(() => {
        delay.value = value;
        delay.dispatchEvent(new Event('input', { bubbles: true }));
      });
    await typeDelay('650');
    await waitFor(async () => (await loadSettings()).hoverDelayMs === 650, 'the save');
    await typeDelay('5000');
    expect(delay.getAttribute('aria-invalid')).toBe('true');
    expect((await loadSettings()).hoverDelayMs).toBe(650);
  });
});

describe('options: backup', () => {
  it('shows an error for an invalid file and keeps the old settings', async () => {
    await saveSetting('sites', ['nytimes.com']);
    await renderOptions();
    await importText('{"format":"something-else"}');
    const alert = await waitFor(() => container.querySelector('[role="alert"]'), 'the error');
    expect(alert.textContent).toMatch(/not a Glossary Lens settings file/);
    expect((await loadSettings()).sites).toEqual(['nytimes.com']);
  });

  it('replaces the settings with a valid file', async () => {
    await saveSetting('sites', ['nytimes.com']);
    await saveSetting('trigger', 'click');
    await renderOptions();
    await importText(exportSettingsFile({ ...DEFAULT_SETTINGS, sites: ['example.org'], firstOnly: true }));
    const status = await waitFor(() => container.querySelector('[role="status"]'), 'the confirmation');
    expect(status.textContent).toBe('Imported');
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, sites: ['example.org'], firstOnly: true });
    await waitFor(() => listedSites().includes('example.org'), 'the page to show the imported list');
  });
});

describe('options: notice', () => {
  it('shows the settings notice and removes it when dismissed', async () => {
    await settingsNotice.setValue({ message: 'Some saved settings were damaged.', at: 1 });
    await renderOptions();
    const notice = await waitFor(() => container.querySelector('[data-glens-notice]'), 'the notice');
    expect(notice.textContent).toContain('Some saved settings were damaged.');
    await act(() => notice.querySelector('button')!.click());
    await waitFor(async () => (await settingsNotice.getValue()) === null, 'the notice to be removed');
    expect(container.querySelector('[data-glens-notice]')).toBeNull();
  });
});

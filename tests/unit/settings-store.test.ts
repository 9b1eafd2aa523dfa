import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '../../lib/settings';
import {
  loadSettings,
  replaceSettings,
  saveSetting,
  SettingsSaveError,
  settingsNotice,
  watchSettings,
} from '../../lib/settings-store';
import { fullSiteList, ONE_MORE_SITE } from '../harness/site-lists';

describe('settings store', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('reads defaults from empty storage', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('repairs a corrupt stored value, leaves a notice and keeps valid neighbours', async () => {
    await fakeBrowser.storage.sync.set({ sites: 'nytimes.com', highlightStyle: 'background' });
    const settings = await loadSettings();
    expect(settings.sites).toEqual([]);
    expect(settings.highlightStyle).toBe('background');
    expect(await fakeBrowser.storage.sync.get('sites')).toEqual({});
    expect((await settingsNotice.getValue())?.message).toMatch(/site list/);
  });

  it('stores only values that differ from the defaults', async () => {
    await saveSetting('firstOnly', true);
    await saveSetting('hoverDelayMs', 300);
    expect(await fakeBrowser.storage.sync.get(null)).toMatchObject({ firstOnly: true });
    expect(await fakeBrowser.storage.sync.get('hoverDelayMs')).toEqual({});
  });

  it('refuses to save an invalid value', async () => {
    await expect(saveSetting('hoverDelayMs', -1)).rejects.toThrow(/hoverDelayMs/);
  });

  it('keeps both keys when two writers save different settings at once', async () => {
    await Promise.all([saveSetting('sites', ['nytimes.com']), saveSetting('trigger', 'click')]);
    const settings = await loadSettings();
    expect(settings.sites).toEqual(['nytimes.com']);
    expect(settings.trigger).toBe('click');
  });

  it('replaces everything on import: unnamed keys go back to defaults', async () => {
    await saveSetting('trigger', 'click');
    await replaceSettings({ sites: ['example.com'] });
    const settings = await loadSettings();
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, sites: ['example.com'] });
  });

  it('tells watchers about changes', async () => {
    const seen: boolean[] = [];
    const unwatch = watchSettings((s) => seen.push(s.paused));
    await saveSetting('paused', true);
    await new Promise((r) => setTimeout(r, 20));
    unwatch();
    expect(seen).toContain(true);
  });

  it('repairs wrong types, truncated JSON and a huge list to defaults with a notice, keeping valid neighbours', async () => {
    await fakeBrowser.storage.sync.set({
      paused: 'true',
      siteMode: '{"siteMode": "only-li',
      sites: [...fullSiteList(), ONE_MORE_SITE],
      highlightStyle: 'background',
      firstOnly: true,
    });
    const settings = await loadSettings();
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, highlightStyle: 'background', firstOnly: true });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({ highlightStyle: 'background', firstOnly: true });
    expect((await settingsNotice.getValue())?.message).toMatch(/pause.*site mode.*site list/);
  });

  it('keeps the valid entries of a list that has corrupt ones, and stores the repaired list', async () => {
    await fakeBrowser.storage.sync.set({ sites: ['nytimes.com', 42, 'not a site!', 'nytimes.com', 'example.org'] });
    expect((await loadSettings()).sites).toEqual(['nytimes.com', 'example.org']);
    expect(await fakeBrowser.storage.sync.get('sites')).toEqual({ sites: ['nytimes.com', 'example.org'] });
    expect((await settingsNotice.getValue())?.message).toMatch(/site list/);
  });

  it("leaves keys it does not know (a newer version's settings) in storage", async () => {
    await fakeBrowser.storage.sync.set({ fontScale: 1.2, trigger: 'click' });
    expect((await loadSettings()).trigger).toBe('click');
    expect(await fakeBrowser.storage.sync.get('fontScale')).toEqual({ fontScale: 1.2 });
  });

  it("writes WXT's version metadata beside each saved value, on save and on import", async () => {
    await saveSetting('sites', ['nytimes.com']);
    expect(await fakeBrowser.storage.sync.get(['sites', 'sites$'])).toEqual({
      sites: ['nytimes.com'],
      sites$: { v: SETTINGS_VERSION },
    });
    await replaceSettings({ trigger: 'click' });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({ trigger: 'click', trigger$: { v: SETTINGS_VERSION } });
    // A value set back to its default is removed with its metadata.
    await saveSetting('trigger', 'hover');
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('reads a value saved before version metadata existed as the current version', async () => {
    await fakeBrowser.storage.sync.set({ sites: ['nytimes.com'] });
    expect((await loadSettings()).sites).toEqual(['nytimes.com']);
  });

  it('never deletes a value a newer version saved (storage.sync is shared across devices): it is set aside here, with a notice', async () => {
    const newer = { sites: { list: ['nytimes.com'], mode: 'v2' }, sites$: { v: SETTINGS_VERSION + 1 } };
    await fakeBrowser.storage.sync.set({ ...newer, trigger: 'click' });
    const settings = await loadSettings();
    expect(settings.sites).toEqual([]);
    expect(settings.trigger).toBe('click');
    expect(await fakeBrowser.storage.sync.get(['sites', 'sites$'])).toEqual(newer);
    expect((await settingsNotice.getValue())?.message).toMatch(/newer version.*site list/);
    // Changing the setting here writes this version's value and metadata (last write wins).
    await saveSetting('sites', ['example.org']);
    expect(await fakeBrowser.storage.sync.get(['sites', 'sites$'])).toEqual({
      sites: ['example.org'],
      sites$: { v: SETTINGS_VERSION },
    });
    expect((await loadSettings()).sites).toEqual(['example.org']);
  });

  describe('when a save cannot happen', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('saves the fullest site list the browser syncs', async () => {
      const full = fullSiteList();
      await saveSetting('sites', full);
      expect((await fakeBrowser.storage.sync.get('sites')).sites).toEqual(full);
    });

    it('refuses one site more than fits, saying the list is full, and keeps the saved list', async () => {
      const full = fullSiteList();
      await saveSetting('sites', full);
      const error = await saveSetting('sites', [...full, ONE_MORE_SITE]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SettingsSaveError);
      expect((error as Error).message).toMatch(/site list is full.*8,192 bytes.*Remove an entry/);
      expect((await fakeBrowser.storage.sync.get('sites')).sites).toEqual(full);
    });

    it('turns a write the browser refuses into a message, and changes nothing', async () => {
      await saveSetting('sites', ['nytimes.com']);
      vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(
        new Error('QuotaExceededError: storage.sync API call exceeded its quota limitations.'),
      );
      const error = await saveSetting('sites', ['nytimes.com', 'example.org']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SettingsSaveError);
      expect((error as Error).message).toMatch(/^Site list could not be saved: .*full .*unchanged\.$/);
      await expect(replaceSettings({ trigger: 'click' })).rejects.toThrow(/imported settings could not be saved/);
      vi.restoreAllMocks();
      expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, sites: ['nytimes.com'] });
    });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { loadSettings, replaceSettings, saveSetting, settingsNotice, watchSettings } from '../../lib/settings-store';

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
});

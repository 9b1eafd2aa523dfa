import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  EXPORT_FORMAT,
  SYNC_ITEM_MAX_BYTES,
  exportSettingsFile,
  parseSettingsFile,
  fitsSyncItem,
  resolveSettings,
  syncItemBytes,
  userSetSettings,
} from '../../lib/settings';
import { fullSiteList, ONE_MORE_SITE } from '../harness/site-lists';

describe('resolveSettings', () => {
  it('gives the defaults when nothing is stored', () => {
    expect(resolveSettings({})).toEqual({ settings: DEFAULT_SETTINGS, repaired: [] });
  });

  it('repairs corrupt values to defaults and keeps the valid ones beside them', () => {
    const { settings, repaired } = resolveSettings({
      paused: 'yes',
      sites: ['nytimes.com', 42],
      highlightStyle: 'background',
      hoverDelayMs: -5,
      trigger: 'click',
      siteMode: { truncated: '{"mo' },
    });
    expect(repaired.sort()).toEqual(['hoverDelayMs', 'paused', 'siteMode', 'sites']);
    // The list keeps its valid entry: nothing valid is dropped with the corrupt one beside it.
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      sites: ['nytimes.com'],
      highlightStyle: 'background',
      trigger: 'click',
    });
  });

  it('refuses a site list too long to sync and sites not in normal form', () => {
    const huge = [...fullSiteList(), ONE_MORE_SITE];
    expect(resolveSettings({ sites: huge })).toEqual({ settings: DEFAULT_SETTINGS, repaired: ['sites'] });
    expect(resolveSettings({ sites: ['https://www.nytimes.com/x'] })).toEqual({
      settings: DEFAULT_SETTINGS,
      repaired: ['sites'],
    });
  });

  it('keeps the valid, distinct entries of a list that has corrupt ones', () => {
    expect(
      resolveSettings({ sites: ['a.com', null, 'a.com', { x: 1 }, 'b.org'], disabledCategories: ['nope', 42] }),
    ).toEqual({
      settings: { ...DEFAULT_SETTINGS, sites: ['a.com', 'b.org'] },
      repaired: ['sites', 'disabledCategories'],
    });
  });
});

describe('the storage.sync quota per item', () => {
  it('counts a setting as the browsers do: its key and its value as JSON, in UTF-8 bytes', () => {
    expect(syncItemBytes('sites', ['a.com'])).toBe('sites'.length + '["a.com"]'.length);
    expect(syncItemBytes('k', 'é')).toBe(1 + 4);
  });

  it('accepts the fullest site list and refuses one site more', () => {
    const full = fullSiteList();
    expect(syncItemBytes('sites', full)).toBe(SYNC_ITEM_MAX_BYTES);
    expect(full.length).toBeGreaterThan(300);
    expect(fitsSyncItem('sites', full)).toBe(true);
    expect(resolveSettings({ sites: full })).toEqual({ settings: { ...DEFAULT_SETTINGS, sites: full }, repaired: [] });
    expect(fitsSyncItem('sites', [...full, ONE_MORE_SITE])).toBe(false);
  });

  it('refuses a settings file whose site list the browser could not sync', () => {
    const settings = { sites: [...fullSiteList(), ONE_MORE_SITE] };
    const result = parseSettingsFile(JSON.stringify({ format: EXPORT_FORMAT, version: 1, settings }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/"sites" is invalid: .*longer than the browser can sync/);
  });
});

describe('settings files', () => {
  it('exports only what the person changed, and imports it back', () => {
    const settings = { ...DEFAULT_SETTINGS, sites: ['nytimes.com'], firstOnly: true };
    expect(userSetSettings(settings)).toEqual({ sites: ['nytimes.com'], firstOnly: true });
    const file = exportSettingsFile(settings);
    expect(parseSettingsFile(file)).toEqual({ ok: true, settings: { sites: ['nytimes.com'], firstOnly: true } });
  });

  it.each([
    ['{"format": "glossary-lens-settings", "version": 1, "settings": {', /not valid JSON/],
    ['[1,2]', /settings object/],
    ['{"format": "other", "version": 1, "settings": {}}', /not a Glossary Lens settings file/],
    [`{"format": "${EXPORT_FORMAT}", "version": 9, "settings": {}}`, /version 9/],
    [`{"format": "${EXPORT_FORMAT}", "version": 1}`, /no "settings"/],
    [`{"format": "${EXPORT_FORMAT}", "version": 1, "settings": {"colour": "red"}}`, /Unknown setting "colour"/],
    [`{"format": "${EXPORT_FORMAT}", "version": 1, "settings": {"hoverDelayMs": "slow"}}`, /"hoverDelayMs" is invalid/],
    [
      `{"format": "${EXPORT_FORMAT}", "version": 1, "settings": {"sites": ["ok.com", "not a site"]}}`,
      /"sites" is invalid \(at 1\)/,
    ],
  ])('refuses %s with a message naming the problem', (text, message) => {
    const result = parseSettingsFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  EXPORT_FORMAT,
  MAX_SITES,
  exportSettingsFile,
  parseSettingsFile,
  resolveSettings,
  userSetSettings,
} from '../../lib/settings';

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

  it('refuses a huge site list and sites not in normal form', () => {
    const huge = Array.from({ length: MAX_SITES + 1 }, (_, i) => `site${i}.com`);
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

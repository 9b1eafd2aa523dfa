import { describe, expect, it } from 'vitest';
import { entryFilter, lensChange, lensState } from '../../lib/lens-settings';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';

const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('lensState', () => {
  it('is on, off for the site, or paused', () => {
    expect(lensState(settings(), 'nytimes.com')).toBe('on');
    expect(lensState(settings({ sites: ['nytimes.com'] }), 'washingtonpost.com')).toBe('on');
    expect(lensState(settings({ sites: ['nytimes.com'] }), 'nytimes.com')).toBe('site-off');
    expect(lensState(settings({ paused: true }), 'nytimes.com')).toBe('paused');
  });
});

describe('entryFilter', () => {
  it('keeps entries whose category is on, and no unknown entry', () => {
    const keep = entryFilter(settings({ disabledCategories: ['alliance'] }));
    expect(keep('collective-self-defense')).toBe(true);
    expect(keep('security-consultative-committee')).toBe(false);
    expect(keep('no-such-entry')).toBe(false);
  });
});

describe('lensChange', () => {
  const site = 'example.com';
  it('starts, stops, restarts or restyles as the change asks', () => {
    expect(lensChange(settings(), settings({ paused: true }), site)).toBe('stop');
    expect(lensChange(settings({ paused: true }), settings(), site)).toBe('start');
    expect(lensChange(settings(), settings({ firstOnly: true }), site)).toBe('restart');
    expect(lensChange(settings(), settings({ highlightStyle: 'background' }), site)).toBe('restyle');
    expect(lensChange(settings(), settings({ sites: ['other.org'] }), site)).toBe('none');
    expect(lensChange(settings({ paused: true }), settings({ paused: true, firstOnly: true }), site)).toBe('none');
  });
});

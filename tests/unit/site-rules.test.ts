import { describe, expect, it } from 'vitest';
import {
  FILE_SITE,
  isSiteEnabled,
  normalizeSiteInput,
  ruleMatches,
  siteKeyFromUrl,
  withSiteEnabled,
} from '../../lib/site-rules';

describe('siteKeyFromUrl', () => {
  it.each([
    ['https://www.nytimes.com/2014/10/08/world/asia.html', 'nytimes.com'],
    ['http://News.Example.COM:8080/a?b#c', 'news.example.com'],
    ['https://www.example.com./', 'example.com'],
    ['http://127.0.0.1:5173/news-article.html', '127.0.0.1'],
    ['http://[::1]:8080/', '[::1]'],
    ['https://bücher.de/', 'xn--bcher-kva.de'],
    ['file:///home/me/report.html', FILE_SITE],
  ])('reads %s as %s', (url, site) => {
    expect(siteKeyFromUrl(url)).toBe(site);
  });

  it.each(['chrome://extensions', 'about:blank', 'moz-extension://abc/popup.html', 'not a url'])(
    'has no site for %s',
    (url) => {
      expect(siteKeyFromUrl(url)).toBeNull();
    },
  );
});

describe('normalizeSiteInput', () => {
  it.each([
    ['https://www.nytimes.com/x', 'nytimes.com'],
    ['  NYTimes.com ', 'nytimes.com'],
    ['*.example.org', 'example.org'],
    ['example.com:8080', 'example.com'],
    ['192.168.0.10', '192.168.0.10'],
    ['localhost', 'localhost'],
    ['日本.jp', 'xn--wgv71a.jp'],
    ['file:///tmp/a.html', FILE_SITE],
  ])('accepts %s as %s', (input, site) => {
    expect(normalizeSiteInput(input)).toEqual({ ok: true, site });
  });

  it.each(['', 'hello world', 'nytimes', 'ftp://example.com', '-bad-.com', 'exa_mple.com', '!!!'])(
    'refuses %j with a message',
    (input) => {
      const result = normalizeSiteInput(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.length).toBeGreaterThan(10);
    },
  );
});

describe('ruleMatches', () => {
  it('covers the site and its subdomains, not look-alikes', () => {
    expect(ruleMatches('example.com', 'example.com')).toBe(true);
    expect(ruleMatches('example.com', 'news.example.com')).toBe(true);
    expect(ruleMatches('example.com', 'badexample.com')).toBe(false);
    expect(ruleMatches('news.example.com', 'example.com')).toBe(false);
  });

  it('matches IP addresses and local files exactly', () => {
    expect(ruleMatches('0.0.1', '127.0.0.1')).toBe(false);
    expect(ruleMatches('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(ruleMatches(FILE_SITE, FILE_SITE)).toBe(true);
  });
});

describe('isSiteEnabled and withSiteEnabled', () => {
  const base = { paused: false, siteMode: 'all-except' as const, sites: ['example.com'] };

  it('annotates everywhere except the listed sites by default', () => {
    expect(isSiteEnabled(base, 'nytimes.com')).toBe(true);
    expect(isSiteEnabled(base, 'news.example.com')).toBe(false);
  });

  it('annotates only listed sites in only-listed mode', () => {
    const only = { ...base, siteMode: 'only-listed' as const };
    expect(isSiteEnabled(only, 'nytimes.com')).toBe(false);
    expect(isSiteEnabled(only, 'example.com')).toBe(true);
  });

  it('annotates nothing while paused', () => {
    expect(isSiteEnabled({ ...base, paused: true }, 'nytimes.com')).toBe(false);
  });

  it('switches a site off and on again in either mode', () => {
    const off = withSiteEnabled(base, 'nytimes.com', false);
    expect(off).toEqual(['example.com', 'nytimes.com']);
    expect(isSiteEnabled({ ...base, sites: off }, 'nytimes.com')).toBe(false);
    const on = withSiteEnabled({ ...base, sites: off }, 'news.example.com', true);
    expect(on).toEqual(['nytimes.com']);
    const only = { ...base, siteMode: 'only-listed' as const, sites: [] };
    expect(withSiteEnabled(only, 'nytimes.com', true)).toEqual(['nytimes.com']);
    expect(withSiteEnabled({ ...only, sites: ['nytimes.com'] }, 'nytimes.com', false)).toEqual([]);
  });
});

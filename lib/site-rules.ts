/**
 * Sites and site rules. A site is a hostname without `www.`; a rule for `example.com` covers
 * its subdomains; local files are one site, `file://`.
 */

/** The site of local files (`file:` pages). */
export const FILE_SITE = 'file://';

export type SiteMode = 'all-except' | 'only-listed';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** True when a hostname is an IP address (v4, or v6 in brackets). */
export function isIpAddress(host: string): boolean {
  return IPV4.test(host) || /^\[[0-9a-f:.]+\]$/i.test(host);
}

function cleanHost(hostname: string): string {
  let host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('www.') && host.length > 4) host = host.slice(4);
  return host;
}

function validHost(host: string): boolean {
  if (isIpAddress(host)) return true;
  if (host === 'localhost') return true;
  const labels = host.split('.');
  // A single-label name (a typo like "nytimes") is not a site anyone means.
  if (labels.length < 2) return false;
  return labels.every((l) => LABEL.test(l)) && /[a-z]/.test(labels[labels.length - 1] ?? '');
}

/** The site of a page address, or null where the extension never runs (browser pages, stores). */
export function siteKeyFromUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'file:') return FILE_SITE;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = cleanHost(parsed.hostname);
  return host ? host : null;
}

export type SiteInputResult = { ok: true; site: string } | { ok: false; error: string };

/**
 * Reads what a person typed as a site: a full address ("https://www.nytimes.com/x"), a host
 * ("NYTimes.com", "*.example.org", "example.com:8080"), an IP address, an internationalised
 * name (stored in its punycode form). Anything else is refused with a reason.
 */
export function normalizeSiteInput(input: string): SiteInputResult {
  const raw = input.trim();
  if (!raw) return { ok: false, error: 'Type a site, such as nytimes.com.' };
  if (/^file:/i.test(raw)) return { ok: true, site: FILE_SITE };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !/^https?:\/\//i.test(raw)) {
    return { ok: false, error: `“${raw}” is not a web address: only http and https sites can be listed.` };
  }
  const candidate = /^https?:\/\//i.test(raw) ? raw : `http://${raw.replace(/^\*\./, '')}`;
  let host: string;
  try {
    host = cleanHost(new URL(candidate).hostname);
  } catch {
    return { ok: false, error: `“${raw}” is not a site name or web address.` };
  }
  if (!validHost(host)) return { ok: false, error: `“${raw}” is not a site name or web address.` };
  return { ok: true, site: host };
}

/** True when a rule covers a site: the same site, or a subdomain of it (never for IP addresses). */
export function ruleMatches(rule: string, site: string): boolean {
  if (rule === site) return true;
  if (isIpAddress(site) || rule === FILE_SITE) return false;
  return site.endsWith(`.${rule}`);
}

export interface SiteSettings {
  paused: boolean;
  siteMode: SiteMode;
  sites: readonly string[];
}

/** True when the extension should annotate this site under these settings. */
export function isSiteEnabled(settings: SiteSettings, site: string): boolean {
  if (settings.paused) return false;
  const listed = settings.sites.some((rule) => ruleMatches(rule, site));
  return settings.siteMode === 'all-except' ? !listed : listed;
}

/**
 * The site list after switching a site on or off. Switching on in "everywhere except" mode
 * removes every rule covering the site; switching off in "only listed" mode does the same.
 */
export function withSiteEnabled(settings: SiteSettings, site: string, enabled: boolean): string[] {
  const listWants = settings.siteMode === 'all-except' ? !enabled : enabled;
  const without = settings.sites.filter((rule) => !ruleMatches(rule, site));
  if (!listWants) return without;
  return settings.sites.some((rule) => ruleMatches(rule, site)) ? [...settings.sites] : [...settings.sites, site];
}

import * as v from 'valibot';
import { CATEGORIES } from './glossary-constants';
import { FILE_SITE, normalizeSiteInput } from './site-rules';

// valibot rather than zod (even zod/mini): the content script validates settings and messages on
// every page, and zod/mini alone was 8.6 KB of its gzipped 62 KB; valibot's functions are
// tree-shaken to the few the schemas use.

/** Version of the stored settings and of exported settings files. */
export const SETTINGS_VERSION = 1;
/** The `format` field of an exported settings file. */
export const EXPORT_FORMAT = 'glossary-lens-settings';
/**
 * The most one setting may take in `storage.sync`: its key's length plus its value as JSON, in
 * bytes. Chrome and Firefox both refuse a larger item (QUOTA_BYTES_PER_ITEM, 8,192, measured the
 * same way in both: https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync
 * and https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/storage/sync), so this
 * is what bounds the site list: a few hundred sites, fewer when their names are long.
 */
export const SYNC_ITEM_MAX_BYTES = 8192;
/**
 * The same, written for people ("8,192"). Grouped by hand, not by toLocaleString: the first use of
 * Intl in a content script loads the browser's locale data (Firefox profile: 11-19 ms at every
 * page's start, for a message almost never shown).
 */
export const SYNC_ITEM_MAX_BYTES_TEXT = String(SYNC_ITEM_MAX_BYTES).replace(/\B(?=(\d{3})+$)/g, ',');

/** The bytes a setting takes in `storage.sync`, counted as the browsers count them. */
export function syncItemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

/** Whether a setting's value fits in one `storage.sync` item. */
export function fitsSyncItem(key: string, value: unknown): boolean {
  return syncItemBytes(key, value) <= SYNC_ITEM_MAX_BYTES;
}

/** A stored site must already be in normal form ("nytimes.com", never "https://www.nytimes.com/"). */
const siteSchema = v.pipe(
  v.string(),
  v.check((s) => {
    if (s === FILE_SITE) return true;
    const r = normalizeSiteInput(s);
    return r.ok && r.site === s;
  }, 'not a site name'),
);

/** Each setting with its schema. Every key is stored on its own, so concurrent writers never lose one another's keys. */
export const settingSchemas = {
  /** Global pause: no highlights anywhere. */
  paused: v.boolean(),
  /** Annotate everywhere except the listed sites, or only on them. */
  siteMode: v.picklist(['all-except', 'only-listed']),
  sites: v.pipe(
    v.array(siteSchema),
    v.check(
      (list) => fitsSyncItem('sites', list),
      `the list is longer than the browser can sync (${SYNC_ITEM_MAX_BYTES_TEXT} bytes)`,
    ),
  ),
  highlightStyle: v.picklist(['underline', 'background', 'hover']),
  /** Highlight only the first occurrence of each term on a page. */
  firstOnly: v.boolean(),
  disabledCategories: v.array(v.picklist(CATEGORIES)),
  /** What opens the popover: hover after a delay, hover while Alt or Shift is held, or a click. */
  trigger: v.picklist(['hover', 'hover-with-key', 'click']),
  hoverDelayMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3000)),
  /** Open PDFs in the extension's reader instead of the browser's viewer (needs access to all sites). */
  openPdfsInReader: v.boolean(),
};

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: v.InferOutput<(typeof settingSchemas)[K]> };
export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  paused: false,
  siteMode: 'all-except',
  sites: [],
  highlightStyle: 'underline',
  firstOnly: false,
  disabledCategories: [],
  trigger: 'hover',
  hoverDelayMs: 300,
  openPdfsInReader: false,
});

/** True when a value equals its setting's default (such a value is not stored). */
export function isDefaultSetting(key: SettingKey, value: unknown): boolean {
  return JSON.stringify(value) === JSON.stringify(DEFAULT_SETTINGS[key]);
}

/** Checks one stored value; undefined when it is missing or invalid. */
export function parseSetting<K extends SettingKey>(key: K, value: unknown): Settings[K] | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = v.safeParse(settingSchemas[key], value);
  return parsed.success ? (parsed.output as Settings[K]) : undefined;
}

/**
 * The valid, distinct entries of a list setting that has corrupt ones among them. Undefined when
 * the value is not a list, or is longer than the setting allows (then it is corrupt as a whole).
 */
function salvageList(key: SettingKey, raw: unknown): unknown {
  if (!Array.isArray(raw)) return undefined;
  const schema = settingSchemas[key];
  const kept: unknown[] = [];
  const seen = new Set<string>();
  for (const item of raw) {
    // Each entry is checked as a list of one, by the setting's own schema.
    const one = v.safeParse(schema, [item]);
    const id = JSON.stringify(item);
    if (!one.success || seen.has(id)) continue;
    seen.add(id);
    kept.push((one.output as unknown[])[0]);
  }
  const parsed = v.safeParse(schema, kept);
  return parsed.success ? parsed.output : undefined;
}

/**
 * Settings from stored values: each missing value takes its default, each invalid one too and
 * is reported in `repaired`, so the caller can store the repair and tell the person. Valid values
 * are kept whatever their neighbours hold, and so are the valid entries of a partly corrupt list.
 */
export function resolveSettings(stored: Partial<Record<SettingKey, unknown>>): {
  settings: Settings;
  repaired: SettingKey[];
} {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const repaired: SettingKey[] = [];
  for (const key of SETTING_KEYS) {
    const raw = stored[key];
    if (raw === undefined || raw === null) continue;
    const value = parseSetting(key, raw);
    if (value !== undefined) {
      (settings as Record<SettingKey, unknown>)[key] = value;
      continue;
    }
    repaired.push(key);
    const salvaged = salvageList(key, raw);
    if (salvaged !== undefined) (settings as Record<SettingKey, unknown>)[key] = salvaged;
  }
  return { settings, repaired };
}

/** The settings a person changed from the defaults: all that is saved or exported. */
export function userSetSettings(settings: Settings): Partial<Settings> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) {
    if (!isDefaultSetting(key, settings[key])) out[key] = settings[key];
  }
  return out as Partial<Settings>;
}

/** An exported settings file's contents. */
export function exportSettingsFile(settings: Settings): string {
  return `${JSON.stringify({ format: EXPORT_FORMAT, version: SETTINGS_VERSION, settings: userSetSettings(settings) }, null, 2)}\n`;
}

export type ImportResult = { ok: true; settings: Partial<Settings> } | { ok: false; error: string };

/**
 * Reads an exported settings file. Anything wrong (not JSON, another format, a newer version,
 * an unknown key, an invalid value) refuses the whole file with a message naming the problem.
 */
export function parseSettingsFile(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not valid JSON.' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, error: 'The file does not hold a settings object.' };
  }
  const file = data as Record<string, unknown>;
  if (file.format !== EXPORT_FORMAT) {
    return { ok: false, error: `The file is not a Glossary Lens settings file (format should be "${EXPORT_FORMAT}").` };
  }
  if (file.version !== SETTINGS_VERSION) {
    return {
      ok: false,
      error: `The file is settings version ${String(file.version)}; this version of Glossary Lens reads version ${SETTINGS_VERSION}.`,
    };
  }
  const settings = file.settings;
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) {
    return { ok: false, error: 'The file has no "settings" object.' };
  }
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (!(key in settingSchemas)) return { ok: false, error: `Unknown setting "${key}".` };
    const parsed = v.safeParse(settingSchemas[key as SettingKey], value);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = v.getDotPath(issue);
      const where = path ? ` (at ${path})` : '';
      return { ok: false, error: `Setting "${key}" is invalid${where}: ${issue.message}.` };
    }
    out[key as SettingKey] = parsed.output;
  }
  return { ok: true, settings: out as Partial<Settings> };
}

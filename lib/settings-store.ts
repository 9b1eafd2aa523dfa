import { storage } from 'wxt/utils/storage';
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  SETTING_KEYS,
  SYNC_ITEM_MAX_BYTES_TEXT,
  fitsSyncItem,
  isDefaultSetting,
  parseSetting,
  resolveSettings,
  type SettingKey,
  type Settings,
} from './settings';

/**
 * Settings in `storage.sync`, one item per setting: two tabs and the options page writing at once
 * never lose each other's keys (last write wins per key). Only what a person changed is stored.
 */
const items = Object.fromEntries(
  SETTING_KEYS.map((key) => [
    key,
    storage.defineItem<unknown>(`sync:${key}`, { version: SETTINGS_VERSION, fallback: DEFAULT_SETTINGS[key] }),
  ]),
) as Record<SettingKey, ReturnType<typeof storage.defineItem<unknown>>>;

/**
 * WXT keeps an item's version in its metadata (`sites$: { v: 1 }`), but writes it only when the
 * item has migrations to run; we have none yet, so it is written here, beside every value, in the
 * same storage call. A later version then knows what to migrate, and this version knows a value
 * it must not touch: storage.sync is shared by every device, whatever version each runs.
 */
const metaKey = (key: SettingKey) => `sync:${key}$` as const;
const currentMeta = (key: SettingKey) => ({ key: metaKey(key), value: { v: SETTINGS_VERSION } });
/** A stored value's settings version; values saved before metadata existed are version 1. */
const versionOf = (meta: unknown): number => {
  const v = meta && typeof meta === 'object' ? (meta as { v?: unknown }).v : undefined;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 1;
};

/** A message for the person about settings we had to repair, shown by the popup and options page. */
export interface SettingsNotice {
  message: string;
  at: number;
}
export const settingsNotice = storage.defineItem<SettingsNotice | null>('local:settingsNotice', { fallback: null });

const LABELS: Record<SettingKey, string> = {
  paused: 'pause',
  siteMode: 'site mode',
  sites: 'site list',
  highlightStyle: 'highlight style',
  firstOnly: 'first occurrence only',
  disabledCategories: 'categories',
  trigger: 'how popovers open',
  hoverDelayMs: 'hover delay',
  openPdfsInReader: 'open PDFs in the reader',
};

/**
 * Reads every setting. Corrupt values fall back to their defaults (a list keeps its valid
 * entries), the repair is stored (so it holds everywhere) and leaves a notice; valid values beside
 * them are kept. A value saved by a newer version is left in storage untouched and the default is
 * used here, with a notice. Keys this version does not know are left alone.
 */
export async function loadSettings(): Promise<Settings> {
  const rows = await storage.getItems([...SETTING_KEYS.map((k) => items[k]), ...SETTING_KEYS.map(metaKey)]);
  const stored: Partial<Record<SettingKey, unknown>> = {};
  const newer: SettingKey[] = [];
  SETTING_KEYS.forEach((key, i) => {
    if (versionOf(rows[SETTING_KEYS.length + i]?.value) > SETTINGS_VERSION) newer.push(key);
    else stored[key] = rows[i]?.value as unknown;
  });
  const { settings, repaired } = resolveSettings(stored);
  const notices: string[] = [];
  if (repaired.length) {
    const salvaged = repaired.filter((k) => !isDefaultSetting(k, settings[k]));
    const reset = repaired.filter((k) => !salvaged.includes(k));
    await storage.setItems(salvaged.flatMap((k) => [{ item: items[k], value: settings[k] }, currentMeta(k)]));
    await storage.removeItems(reset.map((k) => ({ item: items[k], options: { removeMeta: true } })));
    notices.push(
      `Some saved settings were damaged and have been repaired (what was valid is kept, the rest reset to the defaults): ${repaired.map((k) => LABELS[k]).join(', ')}.`,
    );
  }
  if (newer.length) {
    notices.push(
      `Some settings were saved by a newer version of Glossary Lens; this version uses its defaults for them and leaves them as they are: ${newer.map((k) => LABELS[k]).join(', ')}.`,
    );
  }
  const message = notices.join(' ');
  // Every page reads the settings: write the notice only when it says something new.
  if (message && (repaired.length || (await settingsNotice.getValue())?.message !== message)) {
    await settingsNotice.setValue({ message, at: Date.now() });
  }
  return settings;
}

/** Calls back with the full settings whenever any of them changes, in any tab or page. */
export function watchSettings(callback: (settings: Settings) => void): () => void {
  let queued = false;
  const onChange = () => {
    if (queued) return;
    queued = true;
    // Several keys written together (an import) arrive as several changes: read once.
    queueMicrotask(() => {
      queued = false;
      loadSettings().then(callback, (e: unknown) => console.warn('[Glossary Lens] settings', e));
    });
  };
  const unwatchers = SETTING_KEYS.map((k) => items[k].watch(onChange));
  return () => unwatchers.forEach((u) => u());
}

/**
 * A save that did not happen, with a message for the person. Storage is left as it was: the
 * browser applies a write whole or not at all, so what was saved before is still there.
 */
export class SettingsSaveError extends Error {
  override name = 'SettingsSaveError';
}

/** What the person reads when a list setting has reached the browser's limit for one item. */
export function listFullMessage(key: SettingKey): string {
  return `The ${LABELS[key]} is full: the browser syncs at most ${SYNC_ITEM_MAX_BYTES_TEXT} bytes per setting. Remove an entry to add another.`;
}

/** Runs a storage write, turning the browser's refusal (quota, rate limit, storage off) into a SettingsSaveError. */
async function write(what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const quota = /quota/i.test(reason);
    throw new SettingsSaveError(
      `${what} could not be saved${quota ? ": the browser's synced storage for extensions is full" : ''} (${reason}). Your saved settings are unchanged.`,
      { cause: e },
    );
  }
}

/**
 * Saves one setting; a value equal to its default is removed rather than stored. Throws a
 * SettingsSaveError (nothing stored) for an invalid value, a list too long to sync, or a write the
 * browser refuses.
 */
export async function saveSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  if (!fitsSyncItem(key, value)) throw new SettingsSaveError(listFullMessage(key));
  if (parseSetting(key, value) === undefined) throw new SettingsSaveError(`Invalid value for setting "${key}"`);
  const label = LABELS[key];
  const what = label.charAt(0).toUpperCase() + label.slice(1);
  if (isDefaultSetting(key, value)) await write(what, () => items[key].removeValue({ removeMeta: true }));
  else await write(what, () => storage.setItems([{ item: items[key], value }, currentMeta(key)]));
}

/**
 * Replaces all settings with an imported set: keys it does not name return to their defaults.
 * The new values are written first, in one call, so a refused write changes nothing.
 */
export async function replaceSettings(next: Partial<Settings>): Promise<void> {
  const set = SETTING_KEYS.filter((k) => next[k] !== undefined && !isDefaultSetting(k, next[k]));
  const reset = SETTING_KEYS.filter((k) => !set.includes(k));
  await write('The imported settings', () =>
    storage.setItems(set.flatMap((k) => [{ item: items[k], value: next[k] }, currentMeta(k)])),
  );
  await write('The imported settings', () =>
    storage.removeItems(reset.map((k) => ({ item: items[k], options: { removeMeta: true } }))),
  );
}

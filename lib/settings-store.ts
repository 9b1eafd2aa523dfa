import { storage } from 'wxt/utils/storage';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
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
    storage.defineItem<unknown>(`sync:${key}`, { version: 1, fallback: DEFAULT_SETTINGS[key] }),
  ]),
) as Record<SettingKey, ReturnType<typeof storage.defineItem<unknown>>>;

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
};

/**
 * Reads every setting. Corrupt values fall back to their defaults, are removed from storage
 * (so they are repaired everywhere) and leave a notice; valid values beside them are kept.
 */
export async function loadSettings(): Promise<Settings> {
  const rows = await storage.getItems(SETTING_KEYS.map((k) => items[k]));
  const stored: Partial<Record<SettingKey, unknown>> = {};
  rows.forEach((row, i) => {
    stored[SETTING_KEYS[i]!] = row.value as unknown;
  });
  const { settings, repaired } = resolveSettings(stored);
  if (repaired.length) {
    await storage.removeItems(repaired.map((k) => items[k]));
    await settingsNotice.setValue({
      message: `Some saved settings were damaged and have been reset to their defaults: ${repaired.map((k) => LABELS[k]).join(', ')}.`,
      at: Date.now(),
    });
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

/** Saves one setting; a value equal to its default is removed rather than stored. */
export async function saveSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  if (parseSetting(key, value) === undefined) throw new Error(`Invalid value for setting "${key}"`);
  if (JSON.stringify(value) === JSON.stringify(DEFAULT_SETTINGS[key])) await items[key].removeValue();
  else await items[key].setValue(value);
}

/** Replaces all settings with an imported set: keys it does not name return to their defaults. */
export async function replaceSettings(next: Partial<Settings>): Promise<void> {
  const set = SETTING_KEYS.filter(
    (k) => next[k] !== undefined && JSON.stringify(next[k]) !== JSON.stringify(DEFAULT_SETTINGS[k]),
  );
  const reset = SETTING_KEYS.filter((k) => !set.includes(k));
  await storage.setItems(set.map((k) => ({ item: items[k], value: next[k] })));
  await storage.removeItems(reset.map((k) => items[k]));
}

import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SettingKey, Settings } from '../lib/settings';
import { loadSettings, saveSetting, watchSettings } from '../lib/settings-store';

export interface SettingsHandle {
  /** The settings, or null until they are read. */
  settings: Settings | null;
  /** Shows a change at once and saves it; storage then confirms it (or corrects it) through the watcher. */
  save: <K extends SettingKey>(key: K, value: Settings[K]) => Promise<void>;
}

const warn = (e: unknown) => console.warn('[Glossary Lens] settings', e);

/** The settings for the popup and the options page, kept live as any tab or page changes them. */
export function useSettings(): SettingsHandle {
  const [settings, setSettings] = useState<Settings | null>(null);

  useEffect(() => {
    let live = true;
    const unwatch = watchSettings((next) => {
      if (live) setSettings(next);
    });
    loadSettings().then((loaded) => {
      if (live) setSettings(loaded);
    }, warn);
    return () => {
      live = false;
      unwatch();
    };
  }, []);

  const save = useCallback(async <K extends SettingKey>(key: K, value: Settings[K]) => {
    setSettings((s) => (s ? { ...s, [key]: value } : s));
    try {
      await saveSetting(key, value);
    } catch (e) {
      // The write failed (quota, invalid value): show what storage really holds.
      warn(e);
      setSettings(await loadSettings());
    }
  }, []);

  return { settings, save };
}

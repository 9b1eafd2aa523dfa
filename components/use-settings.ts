import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SettingKey, Settings } from '../lib/settings';
import { loadSettings, saveSetting, SettingsSaveError, watchSettings } from '../lib/settings-store';

export interface SettingsHandle {
  /** The settings, or null until they are read. */
  settings: Settings | null;
  /**
   * Shows a change at once and saves it; storage then confirms it (or corrects it) through the
   * watcher. Resolves false when the save failed: the settings shown are then what storage holds,
   * and `saveError` says why.
   */
  save: <K extends SettingKey>(key: K, value: Settings[K]) => Promise<boolean>;
  /** Why the last save failed, for the person; null after a save succeeds or it is dismissed. */
  saveError: string | null;
  dismissSaveError: () => void;
}

const warn = (e: unknown) => console.warn('[Glossary Lens] settings', e);

/** The settings for the popup and the options page, kept live as any tab or page changes them. */
export function useSettings(): SettingsHandle {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

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
      setSaveError(null);
      return true;
    } catch (e) {
      // The write failed (quota, invalid value): say so, and show what storage really holds.
      warn(e);
      setSaveError(
        e instanceof SettingsSaveError
          ? e.message
          : 'The change could not be saved. Your saved settings are unchanged.',
      );
      await loadSettings().then(setSettings, warn);
      return false;
    }
  }, []);

  const dismissSaveError = useCallback(() => setSaveError(null), []);
  return { settings, save, saveError, dismissSaveError };
}

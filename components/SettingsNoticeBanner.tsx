import { useEffect, useState } from 'preact/hooks';
import { settingsNotice, type SettingsNotice } from '../lib/settings-store';

/** The notice left by repaired settings, shown by the popup and the options page until dismissed. */
export function SettingsNoticeBanner() {
  const [notice, setNotice] = useState<SettingsNotice | null>(null);

  useEffect(() => {
    let live = true;
    settingsNotice.getValue().then(
      (value) => {
        if (live) setNotice(value);
      },
      () => undefined,
    );
    const unwatch = settingsNotice.watch((value) => setNotice(value));
    return () => {
      live = false;
      unwatch();
    };
  }, []);

  if (!notice) return null;
  return (
    <div class="glens-notice" role="status" data-glens-notice="">
      <p class="glens-notice-message">{notice.message}</p>
      <button
        type="button"
        class="glens-notice-dismiss"
        aria-label="Dismiss notice"
        onClick={() => {
          setNotice(null);
          void settingsNotice.removeValue();
        }}
      >
        Dismiss
      </button>
    </div>
  );
}

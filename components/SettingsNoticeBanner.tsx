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

/** Why a change could not be saved, shown at once (an alert) until dismissed or the next save succeeds. */
export function SaveErrorBanner({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <div class="glens-notice glens-notice-error" role="alert" data-glens-save-error="">
      <p class="glens-notice-message">{message}</p>
      <button type="button" class="glens-notice-dismiss" aria-label="Dismiss message" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { isPdfAddress, readerUrlFor } from '../lib/pdf-url';

/** A tab showing a PDF, as the popup sees it. */
export interface PdfTab {
  id: number;
  url: string;
}

/**
 * The tab the popup speaks for, when it shows a PDF. Its address is known from `activeTab`: the
 * browser grants it for the current tab when the toolbar button is clicked, and only then.
 */
export function usePdfTab(named: number | undefined): PdfTab | null {
  const [tab, setTab] = useState<PdfTab | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const found =
          named !== undefined
            ? await browser.tabs.get(named)
            : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
        if (live && found?.id !== undefined && isPdfAddress(found.url)) setTab({ id: found.id, url: found.url! });
      } catch {
        // No such tab, or no access to its address: nothing to offer.
      }
    })();
    return () => {
      live = false;
    };
  }, [named]);
  return tab;
}

/** Offers to show the tab's PDF in the extension's reader, where its terms are highlighted. */
export function OpenInReader({ tab }: { tab: PdfTab }) {
  const open = async () => {
    await browser.tabs.update(tab.id, { url: readerUrlFor(browser.runtime.getURL('/reader.html'), tab.url) });
    window.close();
  };
  return (
    <div class="glens-open-reader" data-glens-open-reader="">
      <p class="glens-muted">
        This tab shows a PDF. The browser's PDF viewer runs no extensions: Glossary Lens's reader shows the same
        document with its terms highlighted.
      </p>
      <button type="button" class="glens-button glens-button-primary" onClick={() => void open()}>
        Open in Glossary Lens reader
      </button>
    </div>
  );
}

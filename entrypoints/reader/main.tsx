import { render } from 'preact';
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';
import entryCardCss from '../../components/entry-card.css?inline';
import popoverCss from '../../components/popover.css?inline';
import '../../components/extension-page.css';
import './style.css';
import { ReaderApp } from '../../components/ReaderApp';
import type { Message } from '../../lib/messages';
import { createReaderController } from '../../lib/pdf-reader';
import { fileParamFrom } from '../../lib/pdf-url';
import { connectReaderLens } from './reader-lens';

// The extension's PDF reader (reader.html?file=<address>, or a file picked or dropped). The
// document logic is lib/pdf-reader.ts, the toolbar components/ReaderApp.tsx, the highlights and
// the popup's answers ./reader-lens.ts; this file wires them to the page and the extension.

const pages = document.getElementById('glens-pages')!;
const asset = (path: string) => browser.runtime.getURL(path as '/reader.html');

const controller = createReaderController({
  pages,
  access: {
    has: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    request: (pattern) => browser.permissions.request({ origins: [pattern] }),
  },
  // Everything pdf.js loads comes from the extension itself: no CDN, no remote code.
  assets: {
    worker: workerUrl,
    cMaps: asset('/pdfjs/cmaps/'),
    standardFonts: asset('/pdfjs/standard_fonts/'),
    wasm: asset('/pdfjs/wasm/'),
    icc: asset('/pdfjs/iccs/'),
  },
});

/** Back to the browser's viewer, past the option that opens PDFs here (the background lets this tab through). */
const openOriginal = (url: string) => {
  const message: Message = { type: 'glens:open-in-viewer', url };
  browser.runtime.sendMessage(message).catch(() => location.assign(url));
};

render(<ReaderApp controller={controller} onOpenOriginal={openOriginal} />, document.getElementById('app')!);
void connectReaderLens({ controller, pages, popoverCss: `${entryCardCss}\n${popoverCss}` });

const address = fileParamFrom(location.search);
if (address) void controller.openAddress(address);

// A PDF dropped anywhere on the page opens here; nothing is uploaded.
let dragDepth = 0;
const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
window.addEventListener('dragenter', (e) => {
  if (!hasFiles(e)) return;
  dragDepth++;
  document.body.classList.add('glens-reader-dropping');
});
window.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (!dragDepth) document.body.classList.remove('glens-reader-dropping');
});
window.addEventListener('dragover', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
});
window.addEventListener('drop', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dragDepth = 0;
  document.body.classList.remove('glens-reader-dropping');
  const file = e.dataTransfer?.files[0];
  if (file) void controller.openFile(file);
});

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => controller.relayout(), 150);
});

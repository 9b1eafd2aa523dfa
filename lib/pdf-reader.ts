/**
 * The reader's document: fetching it (and asking for the site only when that fails for want of
 * access), opening it with pdf.js (asking for a password if it has one), the page views, the
 * text of every page for the term list and find, and the state the toolbar shows. It calls no
 * `browser.*` itself: the entry point passes in what needs the extension's APIs.
 */
import {
  getDocument,
  GlobalWorkerOptions,
  PasswordResponses,
  PDFWorker,
  type PDFDocumentLoadingTask,
  type PDFDocumentProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import { findInPages, firstHitFrom, stepHit, type FindHit } from './pdf-find';
import { parsePageNumber } from './pdf-layout';
import { problemFromPdfJs, sniffPdf, type PdfProblem } from './pdf-problems';
import { pageTextFromItems, textRangeAt } from './pdf-text';
import { checkAddress, documentTitle, fileNameOf, originPattern } from './pdf-url';
import { createPdfViewer, type PdfViewer } from './pdf-viewer';

/** Where the document comes from. */
export type ReaderSource =
  | { kind: 'web'; url: string; name: string }
  | { kind: 'local'; name: string }
  | { kind: 'file-address'; url: string; name: string };

export interface FindState {
  open: boolean;
  query: string;
  hits: number;
  /** Index of the shown hit, -1 for none. */
  current: number;
  /** True while pages are still being read, so the count may grow. */
  partial: boolean;
}

export interface ReaderSnapshot {
  phase: 'idle' | 'loading' | 'password' | 'problem' | 'ready';
  source: ReaderSource | null;
  problem: PdfProblem | null;
  /** A wrong password was entered. */
  passwordIncorrect: boolean;
  /** Download progress, 0 to 1, when the size is known. */
  progress: number | null;
  title: string;
  pageCount: number;
  currentPage: number;
  zoom: number;
  fitWidth: boolean;
  /** Pages whose text has been read (for the term list and find). */
  pagesRead: number;
  /** Every page is read and none has text: a scan, say. */
  noText: boolean;
  find: FindState;
  /** Bumped whenever page text arrives, so that derived lists know to recompute. */
  textVersion: number;
}

/** What the reader needs of the extension (host permissions), supplied by the entry point. */
export interface SiteAccess {
  has(pattern: string): Promise<boolean>;
  /** Must be called in a click handler, before anything is awaited: the browser asks the person. */
  request(pattern: string): Promise<boolean>;
}

export interface ReaderControllerOptions {
  /** The element the pages go in. */
  pages: HTMLElement;
  access: SiteAccess;
  /** The worker script and the data pdf.js loads, all inside the extension. */
  assets: { worker: string; cMaps: string; standardFonts: string; wasm: string; icc: string };
  /** Called after each text layer is added (the annotator picks it up by itself). */
  onTextLayer?: (page: number) => void;
}

const INITIAL_FIND: FindState = { open: false, query: '', hits: 0, current: -1, partial: false };

/** Creates the reader's controller; `openAddress` or `openFile` loads a document. */
export function createReaderController(options: ReaderControllerOptions) {
  const { pages: pagesEl, access, assets } = options;
  GlobalWorkerOptions.workerSrc = assets.worker;

  let snapshot: ReaderSnapshot = {
    phase: 'idle',
    source: null,
    problem: null,
    passwordIncorrect: false,
    progress: null,
    title: '',
    pageCount: 0,
    currentPage: 1,
    zoom: 1,
    fitWidth: true,
    pagesRead: 0,
    noText: false,
    find: INITIAL_FIND,
    textVersion: 0,
  };
  const listeners = new Set<(s: ReaderSnapshot) => void>();
  const set = (patch: Partial<ReaderSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    for (const l of listeners) l(snapshot);
  };

  /**
   * One worker for every document the page opens. It is started as soon as a document is asked
   * for, so that its start (parsing a megabyte of script) overlaps the download.
   */
  let worker: PDFWorker | null = null;
  const startWorker = () => (worker ??= new PDFWorker());
  let task: PDFDocumentLoadingTask | null = null;
  let viewer: PdfViewer | null = null;
  let texts: (string | undefined)[] = [];
  let passwordReply: ((password: string) => void) | null = null;
  let hits: FindHit[] = [];
  /** Bumped by every open, so that a superseded load stops where it is. */
  let generation = 0;

  const fail = (problem: PdfProblem) => set({ phase: 'problem', problem, progress: null });

  const close = async () => {
    generation++;
    passwordReply = null;
    viewer?.destroy();
    viewer = null;
    const old = task;
    task = null;
    texts = [];
    hits = [];
    CSS.highlights?.delete('glens-find');
    await old?.destroy().catch(() => undefined);
  };

  // ---- Loading --------------------------------------------------------------------------

  /** Downloads a web address, telling apart a missing permission, an HTTP error and a web page. */
  const download = async (url: string, gen: number): Promise<Uint8Array | PdfProblem> => {
    const pattern = originPattern(url);
    const allowed = pattern ? await access.has(pattern).catch(() => false) : false;
    let response: Response;
    try {
      // With the site's permission the browser sends its cookies (a PDF behind a sign-in); without
      // it the request is an ordinary cross-origin one, which only works if the server allows it.
      response = await fetch(url, { credentials: allowed ? 'include' : 'omit', redirect: 'follow' });
    } catch (e) {
      if (!allowed && pattern) return { kind: 'needs-permission', host: new URL(url).host };
      return { kind: 'network', detail: e instanceof Error ? e.message : String(e) };
    }
    if (!response.ok) return { kind: 'http', status: response.status, statusText: response.statusText };
    const total = Number(response.headers.get('content-length')) || 0;
    const contentType = response.headers.get('content-type');
    let bytes: Uint8Array;
    if (response.body && total > 0) {
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (gen !== generation) {
          await reader.cancel();
          return { kind: 'network', detail: 'cancelled' };
        }
        chunks.push(value);
        received += value.length;
        set({ progress: Math.min(1, received / total) });
      }
      bytes = new Uint8Array(received);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
    } else {
      bytes = new Uint8Array(await response.arrayBuffer());
    }
    if (!bytes.length) return { kind: 'empty' };
    const kind = sniffPdf(bytes, contentType);
    if (kind === 'html') return { kind: 'html' };
    if (kind !== 'pdf') return { kind: 'not-pdf' };
    return bytes;
  };

  /** Opens PDF bytes with pdf.js and shows them. */
  const show = async (bytes: Uint8Array, fileName: string, gen: number) => {
    const loading = getDocument({
      data: bytes,
      worker: startWorker(),
      // Extension pages forbid eval; pdf.js then interprets fonts instead of compiling them.
      isEvalSupported: false,
      cMapUrl: assets.cMaps,
      cMapPacked: true,
      standardFontDataUrl: assets.standardFonts,
      wasmUrl: assets.wasm,
      iccUrl: assets.icc,
      // Links, forms and scripts are not the reader's business: no XFA, no scripting.
      enableXfa: false,
    });
    task = loading;
    loading.onPassword = (reply: (password: string) => void, reason: number) => {
      if (gen !== generation) return;
      passwordReply = reply;
      set({ phase: 'password', passwordIncorrect: reason === PasswordResponses.INCORRECT_PASSWORD, progress: null });
    };
    let opened: PDFDocumentProxy;
    try {
      opened = await loading.promise;
    } catch (e) {
      if (gen !== generation) return;
      fail(problemFromPdfJs(e));
      return;
    }
    if (gen !== generation) return;
    performance.mark('glens-reader:opened');
    passwordReply = null;
    texts = new Array<string | undefined>(opened.numPages).fill(undefined);
    const meta = await opened.getMetadata().catch(() => null);
    const info = (meta?.info ?? {}) as { Title?: unknown };
    const title = documentTitle(typeof info.Title === 'string' ? info.Title : null, fileName);
    if (gen !== generation) return;
    try {
      viewer = await createPdfViewer({
        doc: opened,
        container: pagesEl,
        onCurrentPage: (page) => set({ currentPage: page }),
        onPageText: (page, text) => storeText(page, text),
        onTextLayer: options.onTextLayer,
        onError: (error, page) => {
          console.warn(`[Glossary Lens] page ${page} could not be shown`, error);
          pagesEl.querySelector(`[data-page-number="${page}"]`)?.setAttribute('data-glens-page-error', '');
        },
      });
    } catch (e) {
      if (gen !== generation) return;
      fail(problemFromPdfJs(e));
      return;
    }
    if (gen !== generation) return;
    set({
      phase: 'ready',
      title,
      pageCount: opened.numPages,
      currentPage: 1,
      zoom: viewer.scale,
      fitWidth: true,
      pagesRead: 0,
      noText: false,
      progress: null,
    });
    void readAllText(opened, gen);
  };

  const storeText = (page: number, text: string) => {
    if (texts[page - 1] !== undefined) return;
    texts[page - 1] = text;
    const pagesRead = texts.filter((t) => t !== undefined).length;
    const noText = pagesRead === texts.length && texts.every((t) => !t?.trim());
    set({ pagesRead, noText, textVersion: snapshot.textVersion + 1 });
    if (snapshot.find.open && snapshot.find.query) refreshFind();
  };

  /** Reads every page's text in the background, for the term list and find. */
  const readAllText = async (opened: PDFDocumentProxy, gen: number) => {
    for (let n = 1; n <= opened.numPages; n++) {
      if (gen !== generation) return;
      if (texts[n - 1] !== undefined) continue;
      try {
        const page = await opened.getPage(n);
        const content = await page.getTextContent();
        if (gen !== generation) return;
        storeText(n, pageTextFromItems(content.items));
      } catch (e) {
        if (gen !== generation) return;
        console.warn(`[Glossary Lens] could not read the text of page ${n}`, e);
        storeText(n, '');
      }
    }
  };

  // ---- Find -----------------------------------------------------------------------------

  const showHit = async (index: number) => {
    const hit = hits[index];
    if (!hit || !viewer) {
      CSS.highlights?.delete('glens-find');
      return;
    }
    await viewer.ensureTextLayer(hit.page);
    const layer = viewer.pageElement(hit.page)?.querySelector('.textLayer');
    const range = layer ? textRangeAt(layer, hit.start, hit.end) : null;
    if (!range) {
      await viewer.goToPage(hit.page);
      return;
    }
    if (typeof Highlight === 'function' && CSS.highlights) CSS.highlights.set('glens-find', new Highlight(range));
    const rect = range.getBoundingClientRect();
    if (rect.top < 80 || rect.bottom > window.innerHeight - 20) {
      window.scrollBy({ top: rect.top - window.innerHeight / 3, behavior: 'instant' as ScrollBehavior });
    }
  };

  const refreshFind = () => {
    const { query, current } = snapshot.find;
    const before = hits[current];
    hits = findInPages(texts, query);
    let next = before ? hits.findIndex((h) => h.page === before.page && h.start === before.start) : -1;
    if (next < 0 && hits.length) next = firstHitFrom(hits, snapshot.currentPage);
    const partial = texts.some((t) => t === undefined);
    set({ find: { ...snapshot.find, hits: hits.length, current: next, partial } });
    if (next !== current || !before) void showHit(next);
  };

  return {
    get snapshot() {
      return snapshot;
    },
    subscribe(listener: (s: ReaderSnapshot) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Every page's text read so far (index 0 is page 1). */
    get pageTexts(): readonly (string | undefined)[] {
      return texts;
    },
    get viewer() {
      return viewer;
    },

    /** Opens an address given as `reader.html?file=`. */
    async openAddress(address: string) {
      await close();
      const gen = generation;
      const checked = checkAddress(address);
      if (!checked.ok) return fail({ kind: 'bad-address', detail: checked.error });
      if (checked.kind === 'file') {
        set({ source: { kind: 'file-address', url: checked.url, name: checked.name } });
        return fail({ kind: 'local-file', name: checked.name });
      }
      const name = fileNameOf(checked.url);
      startWorker();
      set({ phase: 'loading', source: { kind: 'web', url: checked.url, name }, problem: null, progress: null });
      performance.mark('glens-reader:fetch-start');
      const result = await download(checked.url, gen);
      performance.mark('glens-reader:fetched');
      if (gen !== generation) return;
      if (!(result instanceof Uint8Array)) return fail(result);
      await show(result, name, gen);
    },

    /** Opens a file the person picked or dropped: read here, sent nowhere. */
    async openFile(file: File) {
      await close();
      const gen = generation;
      startWorker();
      set({ phase: 'loading', source: { kind: 'local', name: file.name }, problem: null, progress: null });
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (gen !== generation) return;
      if (!bytes.length) return fail({ kind: 'empty' });
      const kind = sniffPdf(bytes, file.type || null);
      if (kind !== 'pdf') return fail({ kind: kind === 'html' ? 'html' : 'not-pdf' });
      await show(bytes, file.name, gen);
    },

    /** Asks for the site's permission (from a click) and tries again when granted. */
    grantAccessAndRetry(): void {
      const source = snapshot.source;
      const pattern = source?.kind === 'web' ? originPattern(source.url) : null;
      if (!source || source.kind !== 'web' || !pattern) return;
      // No await before the request: the browser only asks from within the click.
      void access.request(pattern).then(
        (granted) => {
          if (granted) void this.openAddress(source.url);
        },
        (e: unknown) => console.warn('[Glossary Lens] permission request failed', e),
      );
    },

    submitPassword(password: string) {
      if (!passwordReply) return;
      set({ phase: 'loading', passwordIncorrect: false });
      passwordReply(password);
    },
    cancelPassword() {
      void close().then(() => fail({ kind: 'password-cancelled' }));
    },

    zoomIn() {
      if (!viewer) return;
      viewer.zoomIn();
      set({ zoom: viewer.scale, fitWidth: false });
    },
    zoomOut() {
      if (!viewer) return;
      viewer.zoomOut();
      set({ zoom: viewer.scale, fitWidth: false });
    },
    fitWidth() {
      if (!viewer) return;
      viewer.setZoom({ kind: 'fit-width' });
      set({ zoom: viewer.scale, fitWidth: true });
    },
    relayout() {
      if (!viewer) return;
      viewer.relayout();
      set({ zoom: viewer.scale });
    },
    /** Goes to a page by number (typed or from a key); false when there is no such page. */
    goToPage(page: number | string): boolean {
      if (!viewer) return false;
      const n = typeof page === 'number' ? page : parsePageNumber(page, viewer.pageCount);
      if (n === null || n < 1 || n > viewer.pageCount) return false;
      void viewer.goToPage(n);
      return true;
    },
    stepPage(direction: 1 | -1) {
      if (!viewer) return;
      const n = Math.min(viewer.pageCount, Math.max(1, viewer.currentPage + direction));
      void viewer.goToPage(n);
    },

    openFind() {
      set({ find: { ...snapshot.find, open: true } });
    },
    closeFind() {
      hits = [];
      CSS.highlights?.delete('glens-find');
      set({ find: { ...INITIAL_FIND, query: snapshot.find.query } });
    },
    find(query: string) {
      set({ find: { ...snapshot.find, open: true, query, current: -1 } });
      hits = [];
      if (!query.trim()) {
        CSS.highlights?.delete('glens-find');
        set({ find: { ...snapshot.find, hits: 0, current: -1, partial: false } });
        return;
      }
      refreshFind();
    },
    findStep(direction: 1 | -1) {
      if (!hits.length) return;
      const next = stepHit(hits.length, snapshot.find.current, direction);
      set({ find: { ...snapshot.find, current: next } });
      void showHit(next);
    },

    destroy() {
      void close().then(() => {
        worker?.destroy();
        worker = null;
      });
      listeners.clear();
    },
  };
}

export type ReaderController = ReturnType<typeof createReaderController>;

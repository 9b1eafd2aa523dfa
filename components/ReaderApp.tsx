import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { zoomLabel } from '../lib/pdf-layout';
import { describeProblem } from '../lib/pdf-problems';
import type { ReaderController, ReaderSnapshot } from '../lib/pdf-reader';

export interface ReaderAppProps {
  controller: ReaderController;
  /** Where "Open in the browser's viewer" goes for a web document (it may need a detour past auto-open). */
  onOpenOriginal?: (url: string) => void;
}

/** The snapshot of the controller, kept current. */
function useSnapshot(controller: ReaderController): ReaderSnapshot {
  const [snapshot, setSnapshot] = useState(controller.snapshot);
  useEffect(() => {
    setSnapshot(controller.snapshot);
    return controller.subscribe(setSnapshot);
  }, [controller]);
  return snapshot;
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));

/**
 * The PDF reader's own interface: the toolbar (file, pages, zoom, find, dark pages, the original
 * address), and the messages that stand in for a document that cannot be shown.
 */
export function ReaderApp({ controller, onOpenOriginal }: ReaderAppProps) {
  const s = useSnapshot(controller);
  const fileInput = useRef<HTMLInputElement>(null);
  const findInput = useRef<HTMLInputElement>(null);
  const [pageInput, setPageInput] = useState('1');
  const [darkPages, setDarkPages] = useState(
    () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
  );

  useEffect(() => setPageInput(String(s.currentPage)), [s.currentPage]);
  useEffect(() => {
    document.documentElement.toggleAttribute('data-glens-dark-pages', darkPages);
  }, [darkPages]);
  useEffect(() => {
    document.documentElement.dataset.glensReaderPhase = s.phase;
    if (s.phase === 'ready' && s.title) document.title = s.title;
    else if (s.source) document.title = `${s.source.name} — Glossary Lens reader`;
  }, [s.phase, s.title, s.source]);
  // Focus moves to the find box as it renders, not after the next paint: the keys typed straight
  // after Ctrl+F must land in it, not on the page (where "n" turns the page).
  useLayoutEffect(() => {
    if (s.find.open) findInput.current?.focus();
  }, [s.find.open]);

  // The reader's keys. Ctrl/Cmd+F is taken from the browser's own find, which cannot see pages
  // that are not drawn yet; zoom keys zoom the document, not the toolbar.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const ready = controller.snapshot.phase === 'ready';
      if (mod && !e.altKey && e.key.toLowerCase() === 'f' && ready) {
        e.preventDefault();
        controller.openFind();
        findInput.current?.focus();
        findInput.current?.select();
        return;
      }
      if (mod && !e.altKey && (e.key === 'g' || e.key === 'G') && ready) {
        e.preventDefault();
        controller.findStep(e.shiftKey ? -1 : 1);
        return;
      }
      if (mod && (e.key === '+' || e.key === '=') && ready) {
        e.preventDefault();
        controller.zoomIn();
        return;
      }
      if (mod && (e.key === '-' || e.key === '_') && ready) {
        e.preventDefault();
        controller.zoomOut();
        return;
      }
      if (mod && e.key === '0' && ready) {
        e.preventDefault();
        controller.fitWidth();
        return;
      }
      if (mod && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        fileInput.current?.click();
        return;
      }
      if (mod || e.altKey || isTyping(e.target) || !ready || e.defaultPrevented) return;
      switch (e.key) {
        case 'n':
        case 'j':
        case 'ArrowRight':
          e.preventDefault();
          controller.stepPage(1);
          break;
        case 'p':
        case 'k':
        case 'ArrowLeft':
          e.preventDefault();
          controller.stepPage(-1);
          break;
        case 'Home':
          e.preventDefault();
          controller.goToPage(1);
          break;
        case 'End':
          e.preventDefault();
          controller.goToPage(controller.snapshot.pageCount);
          break;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [controller]);

  const chooseFile = () => fileInput.current?.click();
  const ready = s.phase === 'ready';
  const webUrl = s.source?.kind === 'web' ? s.source.url : null;

  return (
    <div class="glens-reader-ui">
      <header class="glens-reader-toolbar" aria-label="Reader toolbar">
        <div class="glens-reader-group glens-reader-doc">
          <span class="glens-reader-brand" aria-hidden="true">
            GL
          </span>
          <h1 class="glens-reader-title" title={s.title || s.source?.name}>
            {s.title || s.source?.name || 'Glossary Lens reader'}
          </h1>
        </div>

        {ready && (
          <nav class="glens-reader-group" aria-label="Pages">
            <button
              type="button"
              class="glens-button glens-reader-icon"
              aria-label="Previous page"
              title="Previous page (P)"
              disabled={s.currentPage <= 1}
              onClick={() => controller.stepPage(-1)}
            >
              ‹
            </button>
            <form
              class="glens-reader-page-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!controller.goToPage(pageInput)) setPageInput(String(s.currentPage));
              }}
            >
              <label class="glens-visually-hidden" for="glens-page-number">
                Page number
              </label>
              <input
                id="glens-page-number"
                class="glens-reader-page-input"
                inputMode="numeric"
                autocomplete="off"
                value={pageInput}
                size={Math.max(2, String(s.pageCount).length)}
                onInput={(e) => setPageInput(e.currentTarget.value)}
                onBlur={() => setPageInput(String(s.currentPage))}
              />
              <span class="glens-reader-page-count" data-glens-page-count={s.pageCount}>
                of {s.pageCount}
              </span>
            </form>
            <button
              type="button"
              class="glens-button glens-reader-icon"
              aria-label="Next page"
              title="Next page (N)"
              disabled={s.currentPage >= s.pageCount}
              onClick={() => controller.stepPage(1)}
            >
              ›
            </button>
          </nav>
        )}

        {ready && (
          <div class="glens-reader-group" role="group" aria-label="Zoom">
            <button
              type="button"
              class="glens-button glens-reader-icon"
              aria-label="Zoom out"
              title="Zoom out (Ctrl −)"
              onClick={() => controller.zoomOut()}
            >
              −
            </button>
            <span class="glens-reader-zoom" aria-live="polite" data-glens-zoom={s.zoom}>
              {zoomLabel(s.zoom)}
            </span>
            <button
              type="button"
              class="glens-button glens-reader-icon"
              aria-label="Zoom in"
              title="Zoom in (Ctrl +)"
              onClick={() => controller.zoomIn()}
            >
              +
            </button>
            <button
              type="button"
              class="glens-button"
              aria-pressed={s.fitWidth}
              title="Fit the page to the window's width (Ctrl 0)"
              onClick={() => controller.fitWidth()}
            >
              Fit width
            </button>
          </div>
        )}

        <div class="glens-reader-group glens-reader-end">
          {ready && (
            <button
              type="button"
              class="glens-button"
              aria-expanded={s.find.open}
              aria-controls="glens-find-bar"
              title="Find in document (Ctrl F)"
              onClick={() => (s.find.open ? controller.closeFind() : controller.openFind())}
            >
              Find
            </button>
          )}
          <button
            type="button"
            class="glens-button"
            aria-pressed={darkPages}
            title="Show the pages light on dark"
            onClick={() => setDarkPages((d) => !d)}
          >
            Dark pages
          </button>
          <button
            type="button"
            class="glens-button"
            title="Open a PDF from this computer (Ctrl O)"
            onClick={chooseFile}
          >
            Open file…
          </button>
          {webUrl && (
            <a
              class="glens-reader-link"
              href={webUrl}
              data-glens-original=""
              title={webUrl}
              onClick={(e) => {
                if (!onOpenOriginal) return;
                e.preventDefault();
                onOpenOriginal(webUrl);
              }}
            >
              Open in the browser's viewer
            </a>
          )}
        </div>
        <input
          ref={fileInput}
          type="file"
          accept="application/pdf,.pdf"
          class="glens-visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-glens-file-input=""
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void controller.openFile(file);
          }}
        />
      </header>

      {ready && s.find.open && <FindBar controller={controller} snapshot={s} inputRef={findInput} />}

      <div class="glens-reader-messages">
        {s.phase === 'idle' && (
          <section class="glens-reader-panel" data-glens-reader-panel="idle">
            <h2>Open a PDF to read it with Glossary Lens</h2>
            <p>The alliance's terms are highlighted on every page, and explained when you point at them.</p>
            <p>
              <button type="button" class="glens-button glens-button-primary" onClick={chooseFile}>
                Choose a PDF…
              </button>{' '}
              or drop one on this page. It is read here and sent nowhere.
            </p>
          </section>
        )}
        {s.phase === 'loading' && (
          <section class="glens-reader-panel" data-glens-reader-panel="loading" aria-busy="true">
            <p role="status">Opening {s.source?.name ?? 'the document'}…</p>
            {s.progress !== null && (
              <progress max={1} value={s.progress} aria-label="Download progress">
                {Math.round(s.progress * 100)}%
              </progress>
            )}
          </section>
        )}
        {s.phase === 'password' && (
          <PasswordForm incorrect={s.passwordIncorrect} name={s.source?.name ?? ''} controller={controller} />
        )}
        {s.phase === 'problem' && s.problem && (
          <ProblemPanel snapshot={s} controller={controller} onChooseFile={chooseFile} />
        )}
        {ready && s.noText && (
          <p class="glens-reader-notice" role="status" data-glens-reader-notice="no-text">
            <strong>{describeProblem({ kind: 'no-text' }).title}</strong> {describeProblem({ kind: 'no-text' }).detail}
          </p>
        )}
      </div>
    </div>
  );
}

interface FindBarProps {
  controller: ReaderController;
  snapshot: ReaderSnapshot;
  inputRef: preact.RefObject<HTMLInputElement>;
}

function FindBar({ controller, snapshot, inputRef }: FindBarProps) {
  const { find } = snapshot;
  const status = !find.query.trim()
    ? ''
    : find.hits === 0
      ? find.partial
        ? 'Searching…'
        : 'Not found'
      : `${find.current + 1} of ${find.hits}${find.partial ? '+' : ''}`;
  return (
    <div id="glens-find-bar" class="glens-reader-find" role="search" aria-label="Find in document">
      <label class="glens-visually-hidden" for="glens-find-input">
        Find in document
      </label>
      <input
        ref={inputRef}
        id="glens-find-input"
        type="search"
        class="glens-reader-find-input"
        placeholder="Find in document"
        autocomplete="off"
        value={find.query}
        onInput={(e) => controller.find(e.currentTarget.value)}
        onKeyDown={(e: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            controller.findStep(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            controller.closeFind();
          }
        }}
      />
      <span class="glens-reader-find-status" role="status" data-glens-find-status="">
        {status}
      </span>
      <button
        type="button"
        class="glens-button glens-reader-icon"
        aria-label="Previous match"
        disabled={!find.hits}
        onClick={() => controller.findStep(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        class="glens-button glens-reader-icon"
        aria-label="Next match"
        disabled={!find.hits}
        onClick={() => controller.findStep(1)}
      >
        ↓
      </button>
      <button
        type="button"
        class="glens-button glens-reader-icon"
        aria-label="Close find"
        onClick={() => controller.closeFind()}
      >
        ×
      </button>
    </div>
  );
}

function PasswordForm({
  incorrect,
  name,
  controller,
}: {
  incorrect: boolean;
  name: string;
  controller: ReaderController;
}) {
  const [password, setPassword] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // The form is drawn anew each time pdf.js asks (the phase passes through 'loading'), so its
  // field starts empty; focusing before the paint, and never clearing the field, keeps what the
  // reader types straight away.
  useLayoutEffect(() => {
    input.current?.focus();
  }, [incorrect]);
  return (
    <form
      class="glens-reader-panel"
      data-glens-reader-panel="password"
      onSubmit={(e) => {
        e.preventDefault();
        controller.submitPassword(password);
      }}
    >
      <h2>“{name}” is protected by a password.</h2>
      {incorrect && (
        <p class="glens-reader-error" role="alert" data-glens-password-incorrect="">
          That password is not right. Try again.
        </p>
      )}
      <p>
        <label for="glens-password">Password</label>{' '}
        <input
          ref={input}
          id="glens-password"
          type="password"
          autocomplete="off"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />{' '}
        <button type="submit" class="glens-button glens-button-primary">
          Open
        </button>{' '}
        <button type="button" class="glens-button" onClick={() => controller.cancelPassword()}>
          Cancel
        </button>
      </p>
      <p class="glens-reader-muted">The password is given to the PDF reader in this page only; it is not stored.</p>
    </form>
  );
}

interface ProblemPanelProps {
  snapshot: ReaderSnapshot;
  controller: ReaderController;
  onChooseFile: () => void;
}

function ProblemPanel({ snapshot, controller, onChooseFile }: ProblemPanelProps) {
  const problem = snapshot.problem!;
  const { title, detail } = describeProblem(problem);
  const url = snapshot.source?.kind === 'web' ? snapshot.source.url : null;
  return (
    <section class="glens-reader-panel" data-glens-reader-panel="problem" data-glens-problem={problem.kind}>
      <h2 role="alert">{title}</h2>
      <p>{detail}</p>
      <p class="glens-reader-actions">
        {problem.kind === 'needs-permission' && (
          <button
            type="button"
            class="glens-button glens-button-primary"
            data-glens-grant=""
            onClick={() => controller.grantAccessAndRetry()}
          >
            Allow access to {problem.host}
          </button>
        )}
        {problem.kind === 'local-file' ? (
          <button type="button" class="glens-button glens-button-primary" onClick={onChooseFile}>
            Choose the file…
          </button>
        ) : (
          <button type="button" class="glens-button" onClick={onChooseFile}>
            Open a file from this computer…
          </button>
        )}
        {url && problem.kind !== 'needs-permission' && (
          <a class="glens-reader-link" href={url}>
            Open the address in the browser
          </a>
        )}
      </p>
    </section>
  );
}

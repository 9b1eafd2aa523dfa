import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../lib/glossary-constants';
import { exportSettingsFile, fitsSyncItem, parseSettingsFile, type Settings } from '../lib/settings';
import { listFullMessage, replaceSettings, SettingsSaveError } from '../lib/settings-store';
import { normalizeSiteInput, ruleMatches } from '../lib/site-rules';
import { SaveErrorBanner, SettingsNoticeBanner } from './SettingsNoticeBanner';
import { useSettings, type SettingsHandle } from './use-settings';

type Save = SettingsHandle['save'];

interface SectionProps {
  settings: Settings;
  save: Save;
}

/** The options page: every change is saved as it is made, and changes made elsewhere show up live. */
export function OptionsApp() {
  const { settings, save, saveError, dismissSaveError } = useSettings();
  return (
    <div class="glens-options">
      <header class="glens-options-header">
        <h1>Glossary Lens options</h1>
        <p class="glens-muted">Changes are saved as you make them and apply to open pages straight away.</p>
      </header>
      <SettingsNoticeBanner />
      <SaveErrorBanner message={saveError} onDismiss={dismissSaveError} />
      {settings ? (
        <>
          <SitesSection settings={settings} save={save} />
          <HighlightsSection settings={settings} save={save} />
          <PopoversSection settings={settings} save={save} />
          <PdfSection settings={settings} save={save} />
          <ShortcutSection />
          <BackupSection settings={settings} />
        </>
      ) : (
        <p class="glens-muted">Loading settings…</p>
      )}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="glens-options-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

interface RadioGroupProps<T extends string> {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: ComponentChildren; hint?: ComponentChildren }[];
  onChange: (value: T) => void;
}

/** A fieldset of radio buttons: arrow keys move between them, as the platform does. */
function RadioGroup<T extends string>({ legend, name, value, options, onChange }: RadioGroupProps<T>) {
  return (
    <fieldset class="glens-fieldset">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} class="glens-choice">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <span>
            {o.label}
            {o.hint && <span class="glens-choice-hint">{o.hint}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

type SiteMessage = { kind: 'error' | 'info' | 'ok'; text: string };

function SitesSection({ settings, save }: SectionProps) {
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<SiteMessage | null>(null);
  // After a removal, focus goes to the next Remove button (or the input), never to <body>.
  const [focusAfterRemove, setFocusAfterRemove] = useState<number | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const messageId = useId();
  const hintId = useId();

  useEffect(() => {
    if (focusAfterRemove === null) return;
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [];
    const next = buttons[Math.min(focusAfterRemove, buttons.length - 1)];
    (next ?? inputRef.current)?.focus();
    setFocusAfterRemove(null);
  }, [focusAfterRemove, settings.sites]);

  const add = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = normalizeSiteInput(draft);
    if (!result.ok) {
      setMessage({ kind: 'error', text: result.error });
      return;
    }
    const { site } = result;
    const covering = settings.sites.find((rule) => ruleMatches(rule, site));
    if (covering === site) {
      setMessage({ kind: 'info', text: `${site} is already in the list.` });
      return;
    }
    if (covering) {
      setMessage({ kind: 'info', text: `${site} is already covered by ${covering}, which is in the list.` });
      return;
    }
    const next = [...settings.sites, site];
    // The browser refuses a setting over its per-item quota: say so before trying.
    if (!fitsSyncItem('sites', next)) {
      setMessage({ kind: 'error', text: `${listFullMessage('sites')} (${settings.sites.length} sites now.)` });
      return;
    }
    setDraft('');
    setMessage({ kind: 'ok', text: `Added ${site}.` });
    void save('sites', next).then((saved) => {
      if (saved) return;
      // Keep what was typed, so nothing is lost; the banner above says why.
      setDraft(site);
      setMessage({ kind: 'error', text: `${site} was not added.` });
    });
  };

  const remove = (site: string, index: number) => {
    void save(
      'sites',
      settings.sites.filter((s) => s !== site),
    );
    setMessage({ kind: 'ok', text: `Removed ${site}.` });
    setFocusAfterRemove(index);
  };

  const listed = settings.siteMode === 'all-except';
  const invalid = message?.kind === 'error';
  return (
    <Section id="glens-sites" title="Sites">
      <RadioGroup
        legend="Where to annotate pages"
        name="siteMode"
        value={settings.siteMode}
        options={[
          { value: 'all-except', label: 'Everywhere except the sites below' },
          { value: 'only-listed', label: 'Only on the sites below' },
        ]}
        onChange={(mode) => void save('siteMode', mode)}
      />

      <h3 class="glens-subheading" id="glens-sites-list-heading">
        {listed ? 'Sites left alone' : 'Sites to annotate'}
      </h3>
      {settings.sites.length === 0 ? (
        <p class="glens-muted" data-glens-sites-empty="">
          {listed
            ? 'No sites yet: Glossary Lens annotates every site.'
            : 'No sites yet: Glossary Lens annotates nothing until you add one.'}
        </p>
      ) : (
        <ul ref={listRef} class="glens-site-list" aria-labelledby="glens-sites-list-heading">
          {settings.sites.map((site, i) => (
            <li key={site} class="glens-site" data-site={site}>
              <span class="glens-site-name">{site}</span>
              <button type="button" class="glens-button" aria-label={`Remove ${site}`} onClick={() => remove(site, i)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}

      <form class="glens-site-form" onSubmit={add} noValidate>
        <label for="glens-site-input">Add a site</label>
        <div class="glens-site-form-row">
          <input
            ref={inputRef}
            id="glens-site-input"
            type="text"
            inputMode="url"
            autocomplete="off"
            spellcheck={false}
            placeholder="nytimes.com"
            value={draft}
            aria-invalid={invalid}
            aria-describedby={`${hintId} ${messageId}`}
            onInput={(e) => {
              setDraft(e.currentTarget.value);
              if (message) setMessage(null);
            }}
          />
          <button type="submit" class="glens-button glens-button-primary">
            Add
          </button>
        </div>
        <p id={hintId} class="glens-hint">
          A site name or a page address; a site covers its subdomains (nytimes.com covers cooking.nytimes.com).
        </p>
        <p
          id={messageId}
          class={`glens-field-message glens-field-message-${message?.kind ?? 'none'}`}
          aria-live="polite"
          data-glens-site-message=""
        >
          {message?.text}
        </p>
      </form>
    </Section>
  );
}

const STYLE_OPTIONS = [
  { value: 'underline', label: 'Dotted underline', sample: 'glens-sample-underline' },
  { value: 'background', label: 'Soft background', sample: 'glens-sample-background' },
  { value: 'hover', label: 'None until hover', sample: 'glens-sample-hover' },
] as const;

function HighlightsSection({ settings, save }: SectionProps) {
  const toggleCategory = (category: Category, on: boolean) => {
    const disabled = new Set(settings.disabledCategories);
    if (on) disabled.delete(category);
    else disabled.add(category);
    // Stored in the glossary's order, so the same choice is always the same value.
    void save(
      'disabledCategories',
      CATEGORIES.filter((c) => disabled.has(c)),
    );
  };
  const noneChosen = settings.disabledCategories.length === CATEGORIES.length;
  return (
    <Section id="glens-highlights" title="Highlights">
      <RadioGroup
        legend="How terms are marked"
        name="highlightStyle"
        value={settings.highlightStyle}
        options={STYLE_OPTIONS.map((o) => ({
          value: o.value,
          label: (
            <>
              {o.label}{' '}
              <span class={`glens-sample ${o.sample}`} aria-hidden="true">
                deterrence
              </span>
            </>
          ),
        }))}
        onChange={(style) => void save('highlightStyle', style)}
      />
      <label class="glens-choice glens-checkbox">
        <input
          type="checkbox"
          checked={settings.firstOnly}
          onChange={(e) => void save('firstOnly', e.currentTarget.checked)}
        />
        <span>Highlight only the first occurrence of each term on a page</span>
      </label>
      <fieldset class="glens-fieldset">
        <legend>Kinds of terms to annotate</legend>
        <div class="glens-category-grid">
          {CATEGORIES.map((category) => (
            <label key={category} class="glens-choice">
              <input
                type="checkbox"
                name="category"
                value={category}
                checked={!settings.disabledCategories.includes(category)}
                onChange={(e) => toggleCategory(category, e.currentTarget.checked)}
              />
              <span>{CATEGORY_LABELS[category]}</span>
            </label>
          ))}
        </div>
        {noneChosen && (
          <p class="glens-field-message glens-field-message-info" role="status">
            No kind is chosen, so nothing will be highlighted.
          </p>
        )}
      </fieldset>
    </Section>
  );
}

const DELAY_MIN = 0;
const DELAY_MAX = 3000;
const DELAY_STEP = 50;

/** A hover delay typed by a person: whole milliseconds from 0 to 3000, or the reason it is refused. */
function parseHoverDelay(text: string): { ok: true; ms: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  const ms = Number(trimmed);
  if (!trimmed || !Number.isInteger(ms) || ms < DELAY_MIN || ms > DELAY_MAX) {
    return { ok: false, error: `Enter a whole number of milliseconds from ${DELAY_MIN} to ${DELAY_MAX}.` };
  }
  return { ok: true, ms };
}

function PopoversSection({ settings, save }: SectionProps) {
  const [draft, setDraft] = useState(String(settings.hoverDelayMs));
  const [error, setError] = useState('');
  const errorId = useId();
  const hintId = useId();

  // Follow changes made elsewhere, but leave a half-typed value alone while it still means the same.
  useEffect(() => {
    setDraft((d) =>
      Number(d.trim()) === settings.hoverDelayMs && d.trim() !== '' ? d : String(settings.hoverDelayMs),
    );
    setError('');
  }, [settings.hoverDelayMs]);

  const onDelayInput = (text: string) => {
    setDraft(text);
    const parsed = parseHoverDelay(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError('');
    if (parsed.ms !== settings.hoverDelayMs) void save('hoverDelayMs', parsed.ms);
  };

  const delayUnused = settings.trigger === 'click';
  return (
    <Section id="glens-popovers" title="Explanations">
      <RadioGroup
        legend="Open a term's explanation"
        name="trigger"
        value={settings.trigger}
        options={[
          { value: 'hover', label: 'Hover after a delay' },
          { value: 'hover-with-key', label: 'Hover while holding Alt or Shift' },
          { value: 'click', label: 'Click only' },
        ]}
        onChange={(trigger) => void save('trigger', trigger)}
      />
      <div class="glens-field">
        <label for="glens-hover-delay">Hover delay</label>
        <div class="glens-delay-row">
          <input
            id="glens-hover-delay"
            type="number"
            inputMode="numeric"
            min={DELAY_MIN}
            max={DELAY_MAX}
            step={DELAY_STEP}
            value={draft}
            disabled={delayUnused}
            aria-invalid={error !== ''}
            aria-describedby={`${hintId} ${errorId}`}
            onInput={(e) => onDelayInput(e.currentTarget.value)}
            onBlur={() => {
              // Leaving an invalid value behind would show one thing while another is saved.
              if (error) {
                setDraft(String(settings.hoverDelayMs));
                setError('');
              }
            }}
          />
          <span aria-hidden="true">ms</span>
        </div>
        <p id={hintId} class="glens-hint">
          {delayUnused
            ? 'Not used while explanations open only on click.'
            : `Milliseconds to rest the pointer on a term before its explanation opens (${DELAY_MIN}–${DELAY_MAX}).`}
        </p>
        <p id={errorId} class="glens-field-message glens-field-message-error" aria-live="polite">
          {error}
        </p>
      </div>
    </Section>
  );
}

/** Every site: what redirecting PDF navigations to the reader needs (the browser asks once). */
const ALL_SITES = ['http://*/*', 'https://*/*'];

function PdfSection({ settings, save }: SectionProps) {
  const [refused, setRefused] = useState(false);
  const toggle = (on: boolean) => {
    setRefused(false);
    if (!on) {
      void save('openPdfsInReader', false);
      return;
    }
    // Asked in the click itself, before anything is awaited: browsers only ask from a user action.
    browser.permissions.request({ origins: ALL_SITES }).then(
      (granted) => {
        if (granted) void save('openPdfsInReader', true);
        else setRefused(true);
      },
      () => setRefused(true),
    );
  };
  return (
    <Section id="glens-pdf" title="PDF documents">
      <label class="glens-choice glens-checkbox">
        <input
          type="checkbox"
          data-glens-open-pdfs=""
          checked={settings.openPdfsInReader}
          onChange={(e) => toggle(e.currentTarget.checked)}
        />
        <span>Open PDFs in the Glossary Lens reader instead of the browser's viewer</span>
      </label>
      <p class="glens-muted">
        To send a PDF you open to the reader, the browser lets Glossary Lens act on every site's links; it asks you
        once, when you switch this on. The reader keeps a link back to the browser's viewer.
      </p>
      {refused && (
        <p class="glens-field-message glens-field-message-info" role="status">
          Without that access PDFs keep opening in the browser's viewer; the toolbar popup still offers the reader.
        </p>
      )}
    </Section>
  );
}

function ShortcutSection() {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const commands = await browser.commands.getAll();
        const command = commands.find((c) => c.name === 'toggle-site');
        if (live) setShortcut(command?.shortcut || null);
      } catch {
        // Not every browser lists commands to its pages; the explanation below stands alone.
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return (
    <Section id="glens-shortcut" title="Keyboard shortcut">
      <p>
        <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>G</kbd> switches Glossary Lens on or off for the site in the current tab.
        {shortcut === null && ' No shortcut is set at the moment.'}
        {shortcut && shortcut.replace(/\s/g, '') !== 'Alt+Shift+G' && ` It is set to ${shortcut} at the moment.`}
      </p>
      <p>The browser keeps shortcuts; change this one in its settings:</p>
      <ul class="glens-shortcut-list">
        <li>
          Chrome, Edge and other Chromium browsers: open <code>chrome://extensions/shortcuts</code>
        </li>
        <li>
          Firefox: open <code>about:addons</code>, then the gear menu, then <q>Manage Extension Shortcuts</q>
        </li>
      </ul>
    </Section>
  );
}

function BackupSection({ settings }: { settings: Settings }) {
  const [status, setStatus] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  const exportFile = () => {
    const blob = new Blob([exportSettingsFile(settings)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `glossary-lens-settings-${new Date().toISOString().slice(0, 10)}.json`;
    // Firefox downloads only from a link that is in the document.
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    // Let the same file be chosen again after it is fixed.
    input.value = '';
    if (!file) return;
    setStatus(null);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setStatus({ kind: 'error', text: 'The file could not be read.' });
      return;
    }
    const result = parseSettingsFile(text);
    if (!result.ok) {
      setStatus({ kind: 'error', text: `Nothing was imported. ${result.error}` });
      return;
    }
    try {
      await replaceSettings(result.settings);
      setStatus({ kind: 'ok', text: 'Imported' });
    } catch (e) {
      setStatus({
        kind: 'error',
        text:
          e instanceof SettingsSaveError ? `Nothing was imported. ${e.message}` : 'The settings could not be saved.',
      });
    }
  };

  return (
    <Section id="glens-backup" title="Backup">
      <p class="glens-muted">
        Save your settings to a file, or restore them from one. Importing replaces every setting.
      </p>
      <div class="glens-backup-row">
        <button type="button" class="glens-button" onClick={exportFile}>
          Export settings
        </button>
        <label class="glens-button glens-file-button">
          Import settings
          <input
            type="file"
            class="glens-visually-hidden"
            accept="application/json,.json"
            data-glens-import=""
            onChange={(e) => void importFile(e.currentTarget)}
          />
        </label>
      </div>
      {status?.kind === 'error' && (
        <p class="glens-field-message glens-field-message-error" role="alert">
          {status.text}
        </p>
      )}
      {status?.kind === 'ok' && (
        <p class="glens-field-message glens-field-message-ok" role="status">
          {status.text}
        </p>
      )}
    </Section>
  );
}

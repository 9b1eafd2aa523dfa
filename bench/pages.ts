/**
 * Benchmark pages, generated from a seeded PRNG so that every run measures the same bytes.
 *
 * The text is filler prose in the shape of a news site (nav, article, sections, paragraphs, lists,
 * tables, block quotes, links, inline em/strong, a code sample) with real surface forms from
 * data/glossary.json put in at a requested density. The filler never contains a word of any form
 * (stop words aside), so a page holds the terms we put there and no others: the no-terms page has
 * none, and every other page's expected count is checked with the real matcher over its blocks.
 */
import { GLOSSARY_CORE as GLOSSARY } from '../lib/glossary-core';
import { compileMatcher } from '../lib/matcher';

/** mulberry32: small, fast and good enough to pick words. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

// Words that occur in the glossary's forms but can never make a form on their own.
const STOP_WORDS = new Set(
  'a an and are as at between for in into is its it of on or that the their to with'.split(' '),
);

const NOUNS = `official minister economy market report week month year city region border island port
  harbor coast village council committee budget tax company industry factory worker farmer student
  teacher school university hospital doctor patient family neighbor community election vote voter
  campaign party leader spokesman reporter editor newspaper broadcast television radio program
  statement speech interview meeting summit conference visit trip agreement deal contract proposal
  plan project schedule deadline review study survey poll figure number percent share price cost
  rate growth decline increase loss profit revenue investment investor bank currency yen dollar
  trade export import supply shipment cargo vessel ship aircraft airport runway road bridge tunnel
  railway train station energy power plant reactor fuel oil gas weather storm typhoon earthquake
  flood rain season summer winter spring autumn morning evening afternoon night history tradition
  culture festival museum gallery artist writer novel film music stadium team player coach match
  tournament fan crowd street district neighborhood apartment building office headquarters court
  judge lawyer case ruling appeal issue question answer concern debate discussion critic analyst
  expert observer source document letter message record data chart table page chapter story event
  moment decade century generation population resident citizen visitor tourist guest host partner
  rival competitor network system platform service product device software hardware laboratory
  scientist researcher experiment result finding theory method process stage step phase level
  standard rule measure policy approach strategy-paper framework model version edition`;

const ADJECTIVES = `new old large small major minor early late recent current former future local national
  foreign domestic economic political social cultural public private official senior junior
  young older long short wide narrow high low strong weak quick slow steady sharp modest
  significant important central key main primary secondary final initial annual monthly weekly
  daily rural urban coastal northern southern eastern western busy quiet crowded empty
  expensive cheap popular familiar unusual rare common broad detailed careful cautious bold
  clear uncertain possible likely difficult simple complex open closed formal informal direct
  indirect complete partial rapid gradual heavy light warm cold dry wet bright dark`;

const VERBS = `said announced reported noted argued suggested described explained confirmed denied
  approved rejected proposed discussed considered reviewed examined studied visited attended
  opened closed launched started finished completed delayed postponed cancelled expanded reduced
  raised lowered increased improved changed replaced supported opposed welcomed criticized
  praised questioned answered asked told showed revealed published released signed drafted
  prepared planned organized hosted met joined left reached crossed built repaired moved`;

const ADVERBS = `quickly slowly recently finally already still again later earlier often rarely
  usually clearly openly quietly sharply steadily largely mostly partly nearly almost widely`;

const PREPOSITIONS = 'in on at for with from about after before during near across through over under';
const DETERMINERS = 'the the the a this that each every another some several many few';
const NAMES = `Tanaka Suzuki Watanabe Sato Kobayashi Yamamoto Nakamura Ito Kato Yoshida Miller Johnson
  Garcia Rodriguez Wilson Martinez Anderson Thomas Moore Jackson Osaka Kyoto Sapporo Fukuoka
  Nagoya Sendai Kobe Hiroshima Denver Chicago Boston Seattle Portland Austin`;

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** Every word a form is made of, lower-cased; the filler may contain none of them. */
const FORM_WORDS = new Set(
  GLOSSARY.flatMap((e) => e.forms.flatMap((f) => f.toLowerCase().split(/[^a-z0-9]+/))).filter(
    (w) => w && !STOP_WORDS.has(w),
  ),
);

/** True when the word, or the word without a plural or possessive ending, is a word of a form. */
const clashes = (w: string) => {
  const lower = w.toLowerCase();
  return [lower, lower.replace(/'s$/, ''), lower.replace(/es$/, ''), lower.replace(/s$/, '')].some(
    (x) => FORM_WORDS.has(x) || x.split('-').some((p) => FORM_WORDS.has(p)),
  );
};
const safe = (list: string[]) => list.filter((w) => !clashes(w));

/** The filler's words by part of speech (also the raw material of the synthetic glossary). */
export const VOCAB = {
  noun: safe(words(NOUNS)),
  adj: safe(words(ADJECTIVES)),
  verb: safe(words(VERBS)),
  adv: safe(words(ADVERBS)),
  prep: safe(words(PREPOSITIONS)),
  det: safe(words(DETERMINERS)),
  name: safe(words(NAMES)),
};

/** Surface forms to insert: English forms mostly, Japanese ones now and then, as a real article would. */
const ENGLISH_FORMS = GLOSSARY.flatMap((e) => e.forms.filter((f) => /^[\x20-\x7e]+$/.test(f)));
const JAPANESE_FORMS = GLOSSARY.flatMap((e) => e.forms.filter((f) => !/^[\x20-\x7e]+$/.test(f)));

const upperFirst = (s: string, yes = true) => (yes ? s.charAt(0).toUpperCase() + s.slice(1) : s);
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface PageOptions {
  seed: number;
  /** Characters of text to generate (approximately; the page stops at the end of a block). */
  textChars: number;
  /** Glossary occurrences to insert, spread evenly through the text. */
  occurrences: number;
  title: string;
}

export interface GeneratedPage {
  html: string;
  /** Characters of text in the body, as generated. */
  textChars: number;
  /** Forms inserted. */
  inserted: number;
  /** The text of each block (p, li, td, h2…), the runs the annotator reads. */
  segments: string[];
}

/**
 * Writes the body of an article: text with forms inserted every `textChars / occurrences`
 * characters on average. Block elements end a segment; inline elements (em, strong, a) do not.
 */
class ArticleWriter {
  readonly out: string[] = [];
  readonly segments: string[] = [];
  chars = 0;
  inserted = 0;
  private segment = '';
  private nextInsertAt: number;
  private readonly interval: number;

  constructor(
    private readonly rng: () => number,
    textChars: number,
    occurrences: number,
  ) {
    this.interval = occurrences > 0 ? textChars / occurrences : Infinity;
    this.nextInsertAt = this.interval * (0.25 + rng());
  }

  raw(html: string): void {
    this.out.push(html);
  }

  /** Text inside the current block. */
  text(s: string): void {
    this.out.push(escapeHtml(s));
    this.segment += s;
    this.chars += s.length;
  }

  endSegment(): void {
    if (this.segment.trim()) this.segments.push(this.segment);
    this.segment = '';
  }

  /** A block element holding one run of inline content, then a line break as in real markup. */
  block(tag: string, fill: () => void, attrs = ''): void {
    this.raw(`<${tag}${attrs}>`);
    fill();
    this.raw(`</${tag}>\n`);
    this.endSegment();
  }

  private dueForTerm(): boolean {
    if (this.chars < this.nextInsertAt) return false;
    this.nextInsertAt += this.interval * (0.5 + this.rng());
    return true;
  }

  /** One glossary form, sometimes emphasised, linked, or split across two inline elements. */
  private term(capital: boolean): void {
    const rng = this.rng;
    this.inserted++;
    const japanese = JAPANESE_FORMS.length > 0 && rng() < 0.04;
    const form = upperFirst(japanese ? pick(rng, JAPANESE_FORMS) : pick(rng, ENGLISH_FORMS), capital);
    const r = rng();
    const space = form.indexOf(' ');
    if (r < 0.05 && space > 0) {
      // A term split across inline tags: "<em>collective</em> self-defense".
      this.raw('<em>');
      this.text(form.slice(0, space));
      this.raw('</em>');
      this.text(form.slice(space));
    } else if (r < 0.12) {
      this.raw('<strong>');
      this.text(form);
      this.raw('</strong>');
    } else if (r < 0.2) {
      this.raw(`<a href="#ref-${Math.floor(rng() * 1000)}">`);
      this.text(form);
      this.raw('</a>');
    } else {
      this.text(form);
    }
  }

  word(kind: keyof typeof VOCAB): string {
    return pick(this.rng, VOCAB[kind]);
  }

  /**
   * A sentence of filler, with a form in place of a noun phrase when one is due. `wrap` ends it
   * with a line break, as in hand-wrapped or CMS-wrapped markup (text the matcher must fold).
   */
  sentence(wrap = false): void {
    const rng = this.rng;
    const phrase = (capital = false) => {
      if (this.dueForTerm()) {
        this.term(capital);
        return;
      }
      const bits = [this.word('det')];
      if (rng() < 0.6) bits.push(this.word('adj'));
      bits.push(this.word('noun'));
      const s = upperFirst(bits.join(' '), capital);
      const r = rng();
      if (r < 0.04) {
        this.raw('<em>');
        this.text(s);
        this.raw('</em>');
      } else if (r < 0.07) {
        this.raw('<strong>');
        this.text(s);
        this.raw('</strong>');
      } else if (r < 0.1) {
        this.raw(`<a href="/story/${Math.floor(rng() * 100000)}">`);
        this.text(s);
        this.raw('</a>');
      } else this.text(s);
    };
    const lead = rng() < 0.3 ? `${this.word('name')} ` : '';
    if (lead) this.text(`${lead}${this.word('verb')} that `);
    phrase(!lead);
    this.text(` ${rng() < 0.2 ? `${this.word('adv')} ` : ''}${this.word('verb')} `);
    phrase();
    const clauses = Math.floor(rng() * 3);
    for (let i = 0; i < clauses; i++) {
      this.text(` ${this.word('prep')} `);
      phrase();
    }
    if (rng() < 0.15) this.text(`, ${Math.floor(rng() * 90 + 10)} percent ${this.word('adv')}`);
    this.text((rng() < 0.05 ? '?' : '.') + (wrap ? '\n  ' : ' '));
  }

  paragraph(sentences = 2 + Math.floor(this.rng() * 5)): void {
    const wrap = this.rng() < 0.3;
    this.block('p', () => {
      for (let i = 0; i < sentences; i++) this.sentence(wrap);
    });
  }

  heading(tag: 'h1' | 'h2' | 'h3'): void {
    this.block(tag, () => {
      const n = 3 + Math.floor(this.rng() * 5);
      const ws: string[] = [];
      for (let i = 0; i < n; i++) ws.push(this.word(i % 2 ? 'noun' : 'adj'));
      this.text(upperFirst(ws.join(' ')));
    });
  }

  list(): void {
    const tag = this.rng() < 0.7 ? 'ul' : 'ol';
    this.raw(`<${tag}>`);
    const n = 3 + Math.floor(this.rng() * 4);
    for (let i = 0; i < n; i++) this.block('li', () => this.sentence());
    this.raw(`</${tag}>`);
  }

  table(): void {
    const cols = 3 + Math.floor(this.rng() * 2);
    const rows = 3 + Math.floor(this.rng() * 4);
    this.raw('<table><thead><tr>');
    for (let c = 0; c < cols; c++) this.block('th', () => this.text(this.word('noun')));
    this.raw('</tr></thead><tbody>');
    for (let r = 0; r < rows; r++) {
      this.raw('<tr>');
      for (let c = 0; c < cols; c++) {
        this.block('td', () => {
          if (c === 0) this.sentence();
          else this.text(this.rng() < 0.5 ? String(Math.floor(this.rng() * 10000)) : this.word('adj'));
        });
      }
      this.raw('</tr>');
    }
    this.raw('</tbody></table>');
  }

  /** A code sample: text the annotator must skip, with no terms in it. */
  code(): void {
    this.raw('<pre><code>');
    this.text(`const ${this.word('noun')} = load('${this.word('noun')}');\nrender(${this.word('noun')});`);
    this.raw('</code></pre>');
    this.endSegment();
  }

  /** One section: a heading and a mix of blocks, about `budget` characters long. */
  section(budget: number): void {
    const end = this.chars + budget;
    this.raw(`<section id="s${this.out.length}">`);
    this.heading('h2');
    while (this.chars < end) {
      const r = this.rng();
      if (r < 0.68) this.paragraph();
      else if (r < 0.76) this.list();
      else if (r < 0.8) this.table();
      else if (r < 0.85) this.block('blockquote', () => this.paragraph(1 + Math.floor(this.rng() * 2)));
      else if (r < 0.93) {
        this.raw('<div class="callout">');
        this.paragraph();
        this.paragraph(1);
        this.raw('</div>');
      } else if (r < 0.96) this.heading('h3');
      else if (r < 0.97) this.code();
      else this.paragraph();
    }
    this.raw('</section>');
  }

  navigation(): void {
    this.raw('<header><nav><ul>');
    for (let i = 0; i < 8; i++) {
      this.raw('<li>');
      this.raw(`<a href="/section/${i}">`);
      this.text(this.word('noun'));
      this.raw('</a></li>');
      this.endSegment();
    }
    this.raw('</ul></nav></header>');
  }

  footer(): void {
    this.raw('<footer>');
    this.block('p', () => {
      this.text(`Copyright ${this.word('name')} ${this.word('noun')} `);
      this.raw('<a href="/about">');
      this.text('about');
      this.raw('</a>');
    });
    this.raw('</footer>');
  }
}

const CSS = `body{font:16px/1.5 Georgia,serif;max-width:46rem;margin:0 auto;padding:1rem;color:#222}
nav ul{display:flex;gap:1rem;list-style:none;padding:0}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2rem .4rem}.callout{background:#f4f4f0;padding:.5rem 1rem}
blockquote{border-left:3px solid #999;margin-left:0;padding-left:1rem}`;

const shell = (title: string, body: string, tail = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  `<meta name="viewport" content="width=device-width"><style>${CSS}</style></head>` +
  `<body>${body}${tail}</body></html>`;

/** An article page: nav, a headline, sections until `textChars` of text, a footer. */
export function articlePage(opts: PageOptions): GeneratedPage {
  const rng = createRng(opts.seed);
  const w = new ArticleWriter(rng, opts.textChars, opts.occurrences);
  w.navigation();
  w.raw('<main><article>');
  w.heading('h1');
  w.block(
    'p',
    () => w.text(`By ${w.word('name')} ${w.word('name')}, ${w.word('noun')} ${w.word('noun')}`),
    ' class="byline"',
  );
  const sectionBudget = Math.max(2_000, Math.min(12_000, opts.textChars / 6));
  while (w.chars < opts.textChars) w.section(Math.min(sectionBudget, opts.textChars - w.chars + 1));
  w.raw('</article></main>');
  w.footer();
  return { html: shell(opts.title, w.out.join('')), textChars: w.chars, inserted: w.inserted, segments: w.segments };
}

export interface AppendOptions extends PageOptions {
  paragraphs: number;
  batches: number;
  /** Milliseconds between batches. */
  intervalMs: number;
  /** Delay after the load event before the first batch. */
  startDelayMs: number;
}

/**
 * A feed that appends `paragraphs` in `batches` after load (infinite scroll, a live blog), or, when
 * `atOnce`, the same page with every paragraph already in place. The batches wait in <template>s,
 * which neither the annotator nor a TreeWalker enters, so both variants parse the same bytes.
 * The page records each batch's arrival in `window.__benchBatches` and sets `window.__benchAppendDone`
 * after the last (performance.now() times).
 */
export function appendPage(opts: AppendOptions, atOnce: boolean): GeneratedPage {
  const rng = createRng(opts.seed);
  const w = new ArticleWriter(rng, opts.textChars, opts.occurrences);
  w.navigation();
  w.raw('<main>');
  w.heading('h1');
  w.paragraph(3);
  w.raw('<div id="feed">');
  const perBatch = Math.ceil(opts.paragraphs / opts.batches);
  for (let b = 0; b < opts.batches; b++) {
    w.raw(atOnce ? `<div class="batch">` : `<template data-batch="${b}"><div class="batch">`);
    for (let i = 0; i < perBatch; i++) w.paragraph(2 + Math.floor(rng() * 2));
    w.raw(atOnce ? '</div>' : '</div></template>');
  }
  w.raw('</div></main>');
  w.footer();
  const script = atOnce
    ? `<script>window.__benchAppendDone=performance.now();</script>`
    : `<script>addEventListener('load',()=>{const feed=document.getElementById('feed');` +
      `const batches=[...document.querySelectorAll('template[data-batch]')];let i=0;` +
      `const step=()=>{feed.append(batches[i].content.cloneNode(true));` +
      `(window.__benchBatches=window.__benchBatches||[]).push(performance.now());i++;` +
      `if(i<batches.length)setTimeout(step,${opts.intervalMs});else window.__benchAppendDone=performance.now();};` +
      `setTimeout(step,${opts.startDelayMs});});</script>`;
  return {
    html: shell(opts.title, w.out.join(''), script),
    textChars: w.chars,
    inserted: w.inserted,
    segments: w.segments,
  };
}

let matcher: ReturnType<typeof compileMatcher> | null = null;

/** Occurrences the real matcher finds in a page's blocks: what the extension should highlight. */
export function expectedOccurrences(page: GeneratedPage): number {
  matcher ??= compileMatcher(GLOSSARY);
  let n = 0;
  for (const s of page.segments) n += matcher.find(s).length;
  return n;
}

/** The benchmark pages, by key. Sizes are characters of text; the HTML is about 15% larger. */
export const PAGE_SPECS = {
  news: { seed: 11, textChars: 30_000, occurrences: 25, title: 'News article' },
  long: { seed: 12, textChars: 300_000, occurrences: 250, title: 'Long read' },
  huge: { seed: 13, textChars: 7_000_000, occurrences: 500, title: 'Archive page' },
  hugeQuick: { seed: 13, textChars: 1_500_000, occurrences: 110, title: 'Archive page (quick)' },
  dense: { seed: 14, textChars: 7_000_000, occurrences: 50_000, title: 'Dense stress page' },
  none: { seed: 15, textChars: 1_000_000, occurrences: 0, title: 'No terms' },
} satisfies Record<string, PageOptions>;

/** The feed that appends 1,000 paragraphs in 100 batches after load (and its at-once twin). */
export const APPEND_SPEC: AppendOptions = {
  seed: 16,
  textChars: 250_000,
  occurrences: 200,
  title: 'Live feed',
  paragraphs: 1_000,
  batches: 100,
  intervalMs: 80,
  startDelayMs: 500,
};

/** Every surface form in the glossary, as written (the naive baseline's keyword list). */
export const ALL_FORMS: string[] = GLOSSARY.flatMap((e) => [...e.forms]);

/**
 * PDF fixtures for the reader's tests, made here with pdf-lib from text we wrote: a news-style
 * report on the alliance (several pages, terms split across lines and across a hyphen, a term in
 * a heading), an off-topic paper, a scan with no text, a password-protected copy, a 300-page
 * document, and damaged files. `writePdfFixtures(dir)` writes them all; `npx vite-node
 * tests/harness/pdf-fixtures.ts [dir]` does it by hand, for trying the reader.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFNumber,
  PDFRawStream,
  PDFString,
  StandardFonts,
  rgb,
  type PDFFont,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';

const LETTER: [number, number] = [612, 792];
const MARGIN = 64;

interface Block {
  /** A heading line, or body lines written exactly as they should break. */
  heading?: string;
  lines?: string[];
}

/** Lays out blocks on pages, one text-showing operation per line, as word processors do. */
async function textPdf({ title, pages }: { title?: string; pages: Block[][] }): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  if (title) doc.setTitle(title);
  doc.setProducer('Glossary Lens test fixtures');
  doc.setCreator('tests/harness/pdf-fixtures.ts');
  const body = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const blocks of pages) {
    const page = doc.addPage(LETTER);
    let y = LETTER[1] - MARGIN;
    for (const block of blocks) {
      if (block.heading) {
        y -= 8;
        write(page, bold, block.heading, y, 17);
        y -= 28;
      }
      for (const line of block.lines ?? []) {
        write(page, body, line, y, 11.5);
        y -= 16;
      }
      y -= 8;
    }
  }
  return doc;
}

function write(page: PDFPage, font: PDFFont, text: string, y: number, size: number): void {
  page.drawText(text, { x: MARGIN, y, size, font, color: rgb(0.1, 0.1, 0.12) });
}

/** The alliance report: three pages of our own news-style writing. */
export const ALLIANCE_PAGES: Block[][] = [
  [
    { heading: 'Collective Self-Defense Moves to the Center of the Alliance' },
    {
      lines: [
        'TOKYO, Oct. 9 - Japan and the United States agreed on Wednesday to rewrite the rules that',
        'govern how their militaries work together, the first revision since 1997. Meeting as the',
        'Security Consultative Committee, the two countries\u2019 foreign and defense ministers said the',
        'new Guidelines for U.S.-Japan Defense Cooperation would reflect the limited exercise of',
        'collective self-defense that the cabinet approved in July, and would be finished by the',
        'end of the year.',
      ],
    },
    {
      lines: [
        'Officials described the interim report as a framework rather than a text. The SCC, often',
        'called the 2+2, asked planners to expand cooperation in intelligence, surveillance, and',
        'reconnaissance, in air and missile defense and in maritime security, and to strengthen',
        'deterrence in a security environment that both governments called more severe.',
      ],
    },
    {
      lines: [
        'The change matters because Article 9 of the Japanese Constitution has long been read to',
        'bar the Self-Defense Forces from defending an ally under attack. Under the new reading,',
        'Japan could come to the aid of a country that is in a close relationship with Japan when',
        'its own survival is threatened, a shift critics call a constitutional reinterpretation by',
        'another name.',
      ],
    },
  ],
  [
    { heading: 'Intelligence, Surveillance, and Reconnaissance' },
    {
      lines: [
        'Both sides said that ISR cooperation would come first. A senior defense official said the',
        'allies would share more of what their aircraft and satellites see, and would plan the',
        'humanitarian assistance and disaster relief missions that the region asks of them',
        'every typhoon season. Noncombatant evacuation operations were also discussed.',
      ],
    },
    {
      lines: [
        'Analysts noted that the debate is far from over. The limited exercise of collective self-',
        'defense, a change that the government says keeps faith with the constitution, still needs',
        'implementing legislation, and the parliamentary debate is expected to be long.',
      ],
    },
  ],
  [
    { heading: 'What Comes Next' },
    {
      lines: [
        'The ministers pledged to improve interoperability between their forces through more',
        'bilateral training and exercises, and to widen cooperation on cybersecurity and on space.',
        'They welcomed the strategic rebalance to the Asia-Pacific and said the U.S.-Japan Alliance',
        'remained the cornerstone of peace and security in the region.',
      ],
    },
  ],
];

/** Text with none of the glossary's meanings: a dermatology note whose "SCC" is a skin cancer. */
export const OFF_TOPIC_PAGES: Block[][] = [
  [
    { heading: 'Treating Squamous Cell Carcinoma in Older Patients' },
    {
      lines: [
        'Squamous cell carcinoma (SCC) is the second most common form of skin cancer. Most SCCs are',
        'found on skin that has been exposed to the sun for many years, such as the face, the ears',
        'and the backs of the hands. Dermatologists report rising rates among people over seventy.',
      ],
    },
    {
      lines: [
        'Surgical excision remains the usual treatment for most lesions, with clear margins checked',
        'under the microscope. Where surgery is not possible, radiotherapy gives good local control.',
        'Patients should be seen again within three months, and then once a year.',
      ],
    },
  ],
];

/** A page that only repeats ordinary prose, for the long document. */
const FILLER = [
  'The committee heard evidence on budgets, staffing and the upkeep of training areas, and asked',
  'for a fuller account of the costs that host communities bear. Members noted that several of the',
  'figures given last year had been revised, and that the revisions were not yet explained. The',
  'chair asked the ministry to publish the underlying tables before the next session, so that',
  'members of the public could follow the discussion, and thanked the witnesses for their time.',
];

/** A long report: `count` pages, the first and every tenth naming a few terms. */
export async function longReport(count: number): Promise<Uint8Array> {
  const pages: Block[][] = [];
  for (let n = 1; n <= count; n++) {
    const blocks: Block[] = [{ heading: `Part ${n}` }, { lines: FILLER }, { lines: FILLER }, { lines: FILLER }];
    if (n === 1 || n % 10 === 0) {
      blocks.splice(1, 0, {
        lines: [
          `On page ${n}, the Security Consultative Committee returned to collective self-defense and to the`,
          'Guidelines for U.S.-Japan Defense Cooperation, and to deterrence in the Asia-Pacific.',
        ],
      });
    }
    pages.push(blocks);
  }
  const doc = await textPdf({ title: `Annual Report on Alliance Management (${count} pages)`, pages });
  return doc.save({ useObjectStreams: false });
}

/** A grey "scan": pages that are only an image, no text at all. */
export async function scannedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Scanned memorandum');
  const png = await doc.embedPng(grayPng(400, 520));
  for (let i = 0; i < 2; i++) {
    const page = doc.addPage(LETTER);
    page.drawImage(png, { x: 56, y: 80, width: 500, height: 650 });
  }
  return doc.save({ useObjectStreams: false });
}

/** A greyscale PNG with horizontal bars, like lines of scanned type. */
function grayPng(width: number, height: number): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    const inLine = y % 22 > 6 && y % 22 < 16 && y > 30 && y < height - 30;
    for (let x = 0; x < width; x++) {
      const ink = inLine && x > 30 && x < width - 30 && (x * 7 + y) % 37 > 6;
      raw[y * (width + 1) + 1 + x] = ink ? 60 : 235;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

// ---- Encryption ----------------------------------------------------------------------------
// pdf-lib writes no encrypted files, so the password-protected fixture is encrypted here with the
// PDF Standard Security Handler, revision 2 (40-bit RC4; ISO 32000-1 §7.6.3, algorithms 1-4),
// the simplest scheme every reader, pdf.js included, still opens.

const PAD = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00,
  0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256).map((_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]) => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const padded = (password: string) => {
  const bytes = new TextEncoder().encode(password).slice(0, 32);
  const out = new Uint8Array(32);
  out.set(bytes);
  out.set(PAD.subarray(0, 32 - bytes.length), bytes.length);
  return out;
};
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Encrypts a finished PDF with a user password (owner password the same). */
export async function encryptPdf(bytes: Uint8Array, password: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const context = doc.context;
  const fileId = md5(new TextEncoder().encode(`glossary-lens-fixture:${password}`));
  const permissions = -44; // print and copy allowed, nothing else (bits 1-2 and 7-32 set as required)
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, permissions, true);
  const ownerValue = rc4(md5(padded(password)).subarray(0, 5), padded(password));
  const key = md5(padded(password), ownerValue, p, fileId).subarray(0, 5);
  const userValue = rc4(key, PAD);

  const objectKey = (num: number, gen: number) =>
    md5(key, Uint8Array.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, gen & 255, (gen >> 8) & 255])).subarray(
      0,
      10,
    );
  const encryptValue = (obj: PDFObject, k: Uint8Array): PDFObject | null => {
    if (obj instanceof PDFString || obj instanceof PDFHexString) {
      return PDFHexString.of(toHex(rc4(k, obj.asBytes())));
    }
    if (obj instanceof PDFDict) {
      for (const [name, value] of obj.entries()) {
        const next = encryptValue(value, k);
        if (next) obj.set(name, next);
      }
    } else if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) {
        const next = encryptValue(obj.get(i), k);
        if (next) obj.set(i, next);
      }
    }
    return null;
  };
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    const k = objectKey(ref.objectNumber, ref.generationNumber);
    if (obj instanceof PDFRawStream) {
      encryptValue(obj.dict, k);
      context.assign(ref, PDFRawStream.of(obj.dict, rc4(k, obj.contents)));
    } else {
      encryptValue(obj, k);
    }
  }
  const encrypt = context.obj({
    Filter: 'Standard',
    V: 1,
    R: 2,
    O: PDFHexString.of(toHex(ownerValue)),
    U: PDFHexString.of(toHex(userValue)),
    P: PDFNumber.of(permissions),
  });
  context.trailerInfo.Encrypt = context.register(encrypt);
  context.trailerInfo.ID = context.obj([PDFHexString.of(toHex(fileId)), PDFHexString.of(toHex(fileId))]);
  // Each stream's Length stays right: RC4 keeps a stream's length.
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

// ---- All of them -----------------------------------------------------------------------------

export const FIXTURE_PASSWORD = 'kyoto-2015';

export interface PdfFixtures {
  /** File names, relative to the directory they were written to. */
  alliance: string;
  offTopic: string;
  scanned: string;
  encrypted: string;
  long: string;
  truncated: string;
  corrupt: string;
  /** A web page under a .pdf name. */
  html: string;
}

/** Writes every fixture into `dir` and returns their names. */
export async function writePdfFixtures(dir: string, { longPages = 300 } = {}): Promise<PdfFixtures> {
  mkdirSync(dir, { recursive: true });
  const alliance = await (
    await textPdf({ title: 'Allies Agree to Rewrite Defense Guidelines', pages: ALLIANCE_PAGES })
  ).save({ useObjectStreams: false });
  const offTopic = await (
    await textPdf({ title: 'Skin Cancer in Older Patients', pages: OFF_TOPIC_PAGES })
  ).save({ useObjectStreams: false });
  const files: Record<keyof PdfFixtures, [string, Uint8Array | string]> = {
    alliance: ['alliance-report.pdf', alliance],
    offTopic: ['dermatology-note.pdf', offTopic],
    scanned: ['scanned-memo.pdf', await scannedPdf()],
    encrypted: ['protected-report.pdf', await encryptPdf(alliance, FIXTURE_PASSWORD)],
    long: ['annual-report-long.pdf', await longReport(longPages)],
    // Cut off mid-file, as an interrupted download leaves it.
    truncated: ['truncated-report.pdf', alliance.slice(0, Math.floor(alliance.length * 0.3))],
    corrupt: ['corrupt.pdf', `%PDF-1.7\n%\u00e2\u00e3\n${'garbage that is not a PDF object\n'.repeat(40)}%%EOF\n`],
    html: [
      'moved-report.pdf',
      '<!doctype html><html><head><title>Sign in</title></head><body><h1>Please sign in</h1><p>The report you asked for needs an account.</p></body></html>\n',
    ],
  };
  const names = {} as PdfFixtures;
  for (const [key, [name, data]] of Object.entries(files) as [keyof PdfFixtures, [string, Uint8Array | string]][]) {
    writeFileSync(join(dir, name), data);
    names[key] = name;
  }
  return names;
}

// `npx vite-node tests/harness/pdf-fixtures.ts [dir]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'tests/artifacts/pdf';
  void writePdfFixtures(dir).then((names) => console.log(`wrote ${Object.values(names).join(', ')} to ${dir}`));
}

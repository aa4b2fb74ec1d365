import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { WORD_LISTS, type Vocabulary } from '../engine/parse/vocabulary.js';

// Reads a city folder (`src/city/<city>/`: sectors, kecamatan, words, faq) into the
// vocabulary the engine receives. Checked once at start, so a typo made by staff in a JSON
// file stops the start with the file and the field named, instead of a bot that quietly
// stops understanding a word.

export class CityDataError extends Error {
  override readonly name = 'CityDataError';
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field}: ${message}`);
  }
}

const phrase = z.string().trim().min(1, 'empty phrase');
const phrases = z.array(phrase);
const localText = z.object({ id: z.string().min(1), en: z.string().min(1) });
const code = z.string().regex(/^[a-z0-9_-]+$/, 'expected a lower-case code');
const areaCode = (digits: RegExp) => z.string().regex(digits, 'expected a Kemendagri area code');

const sectorsFile = z.object({
  source: z.string().min(1),
  sectors: z
    .array(z.object({ code, name: localText, aliases: phrases, activities: phrases }))
    .min(1),
  unclear: z.array(z.object({ phrase, sectors: z.array(code).min(2), why: z.string() })),
  generic: phrases,
});

const kecamatanFile = z.object({
  source: z.string().min(1),
  city: z.object({ name: z.string().min(1), areaCode: areaCode(/^\d{2}\.\d{2}$/), names: phrases.min(1) }),
  kecamatan: z
    .array(
      z.object({
        code,
        name: z.string().min(1),
        areaCode: areaCode(/^\d{2}\.\d{2}\.\d{2}$/),
        directions: phrases,
        abbreviations: phrases,
        kelurahan: z.array(
          z.object({
            name: z.string().min(1),
            areaCode: areaCode(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/),
            aliases: phrases,
            alsoOutside: z.string().min(1).optional(),
          }),
        ),
      }),
    )
    .min(1),
  ambiguousAbbreviations: z.array(z.object({ phrase, kecamatan: z.array(code).min(2) })),
  outside: z.array(z.object({ phrase, where: z.string().min(1) })),
  unclearPlaces: phrases,
  streetMarkers: phrases,
});

const wordsFile = z.object({
  source: z.string().min(1),
  lists: z.object(Object.fromEntries(WORD_LISTS.filter((l) => l !== 'genericBusiness').map((l) => [l, phrases]))),
  commands: z.record(code, phrases),
  choices: z.record(z.string(), z.record(z.string(), phrases)),
});

const faqFile = z.object({
  source: z.string().min(1),
  entries: z.array(
    z.object({
      id: code,
      topic: z.enum(['workshops', 'cost', 'free', 'office', 'privacy']),
      priority: z.number().int(),
      match: z.array(z.array(phrases.min(1)).min(1)).min(1),
      bare: phrases,
      answer: localText,
    }),
  ),
});

const officeFile = z.object({
  source: z.string().min(1),
  orgName: z.string().min(1),
  orgShortName: z.string().min(1),
  memberPrefix: z.string().regex(/^[A-Z]{2,5}$/, 'expected 2-5 capital letters such as BJM'),
  officePhone: z.string().min(1),
  officeAddress: z.string().min(1),
  officeHours: z.string().min(1),
});

export type CityOffice = z.infer<typeof officeFile>;

/** `office.json`: the office's name and contact details, the defaults of ORG_NAME, OFFICE_PHONE … */
export function loadCityOffice(city = 'banjarmasin', dir = cityDir(city)): CityOffice {
  return readJson(dir, 'office.json', officeFile);
}

/** One row of the sectors or kecamatan table as the city folder describes it. */
export interface ReferenceEntry {
  readonly code: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly sortOrder: number;
}

/** The sectors and kecamatan of `sectors.json` and `kecamatan.json`, in the files' order. */
export function loadCityReferences(city = 'banjarmasin', dir = cityDir(city)): { sectors: ReferenceEntry[]; kecamatan: ReferenceEntry[] } {
  const sectors = readJson(dir, 'sectors.json', sectorsFile);
  const kecamatan = readJson(dir, 'kecamatan.json', kecamatanFile);
  return {
    sectors: sectors.sectors.map((s, i) => ({ code: s.code, name: s.name.id, aliases: s.aliases, sortOrder: i + 1 })),
    kecamatan: kecamatan.kecamatan.map((k, i) => ({ code: k.code, name: k.name, aliases: k.abbreviations, sortOrder: i + 1 })),
  };
}

/** The folder of a city's data, `src/city/<city>/`. */
export function cityDir(city: string): string {
  if (!/^[a-z0-9_-]+$/.test(city)) throw new CityDataError(city, 'CITY', 'expected a folder name such as banjarmasin');
  return fileURLToPath(new URL(`./${city}/`, import.meta.url));
}

/** Reads and checks the four files of `src/city/<city>/` (or `dir`) into a vocabulary. */
export function loadCityVocabulary(city = 'banjarmasin', dir = cityDir(city)): Vocabulary {
  const sectors = readJson(dir, 'sectors.json', sectorsFile);
  const kecamatan = readJson(dir, 'kecamatan.json', kecamatanFile);
  const words = readJson(dir, 'words.json', wordsFile);
  const faq = readJson(dir, 'faq.json', faqFile);
  const vocabulary = toVocabulary(sectors, kecamatan, words, faq);
  checkReferences(vocabulary);
  return vocabulary;
}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  } catch (err) {
    throw new CityDataError(file, '(file)', (err as Error).message);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CityDataError(file, issue.path.join('.') || '(root)', issue.message);
  }
  return parsed.data;
}

function toVocabulary(
  sectors: z.infer<typeof sectorsFile>,
  kecamatan: z.infer<typeof kecamatanFile>,
  words: z.infer<typeof wordsFile>,
  faq: z.infer<typeof faqFile>,
): Vocabulary {
  return {
    sectors: sectors.sectors.map((s) => ({ code: s.code, name: s.name, aliases: s.aliases })),
    activities: sectors.sectors.flatMap((s) => s.activities.map((p) => ({ phrase: p, sector: s.code }))),
    unclearActivities: sectors.unclear.map((u) => ({ phrase: u.phrase, sectors: u.sectors })),
    kecamatan: kecamatan.kecamatan.map((k) => ({
      code: k.code,
      name: k.name,
      areaCode: k.areaCode,
      directions: k.directions,
      abbreviations: k.abbreviations,
    })),
    kelurahan: kecamatan.kecamatan.flatMap((k) =>
      k.kelurahan.map((l) => ({ ...l, kecamatan: k.code })),
    ),
    places: [],
    cityNames: kecamatan.city.names,
    outside: kecamatan.outside,
    ambiguousAbbreviations: kecamatan.ambiguousAbbreviations,
    unclearPlaces: kecamatan.unclearPlaces,
    streetMarkers: kecamatan.streetMarkers,
    words: { ...(words.lists as Record<string, string[]>), genericBusiness: sectors.generic } as unknown as Vocabulary['words'],
    commands: words.commands,
    choices: words.choices,
    faq: faq.entries,
  };
}

// Codes that point at other files must exist, or a phrase would silently map to nothing.
function checkReferences(v: Vocabulary): void {
  const sectorCodes = new Set(v.sectors.map((s) => s.code));
  v.unclearActivities.forEach((u, i) => {
    for (const s of u.sectors) {
      if (!sectorCodes.has(s)) throw new CityDataError('sectors.json', `unclear.${i}.sectors`, `unknown sector ${s}`);
    }
  });
  const kecamatanCodes = new Set(v.kecamatan.map((k) => k.code));
  v.ambiguousAbbreviations.forEach((a, i) => {
    for (const k of a.kecamatan) {
      if (!kecamatanCodes.has(k)) {
        throw new CityDataError('kecamatan.json', `ambiguousAbbreviations.${i}.kecamatan`, `unknown kecamatan ${k}`);
      }
    }
  });
  const seen = new Map<string, string>();
  for (const a of v.activities) {
    const other = seen.get(a.phrase);
    if (other !== undefined && other !== a.sector) {
      throw new CityDataError('sectors.json', `activities "${a.phrase}"`, `listed under both ${other} and ${a.sector}`);
    }
    seen.set(a.phrase, a.sector);
  }
}

// The words the bot understands, as plain data: the city's sectors and business activities,
// its kecamatan and kelurahan, yes/no and RSVP words, fillers, commands and a short FAQ. The
// city folder (`src/city/<city>/`) holds the base; staff can add entries later (a database
// overlay), so a vocabulary is always "base + additions", merged by `mergeVocabulary`.
// The engine receives it as an argument and never reads a file.

export type Lang = 'id' | 'en';

/** Text in each language the bot speaks. */
export interface LocalText {
  readonly id: string;
  readonly en: string;
}

/** One of the office's sectors, in the order the sign-up question shows them. */
export interface Sector {
  readonly code: string;
  readonly name: LocalText;
  /** Words that name the sector itself (kuliner, food, dagang); weaker than an activity. */
  readonly aliases: readonly string[];
}

/** What a business does, in the words people use: `bingka` → kuliner. */
export interface Activity {
  readonly phrase: string;
  readonly sector: string;
}

/** An activity that fits several sectors (fresh fish: trade or fisheries?): always asked. */
export interface UnclearActivity {
  readonly phrase: string;
  readonly sectors: readonly string[];
}

export interface Kecamatan {
  readonly code: string;
  readonly name: string;
  /** Kemendagri area code, 63.71.0x. */
  readonly areaCode: string;
  /** The direction that names it (utara, north): the city has one kecamatan per direction. */
  readonly directions: readonly string[];
  /** Local shortenings of the direction (utr, sel, tim). */
  readonly abbreviations: readonly string[];
}

export interface Kelurahan {
  readonly name: string;
  readonly kecamatan: string;
  /** Kemendagri area code, 63.71.0x.10yy. */
  readonly areaCode: string;
  /** Other spellings and shortenings (AKT, Sungai Mufti, Banua Anyar). */
  readonly aliases: readonly string[];
  /** Set when the name also means a place outside the city: then it is asked back. */
  readonly alsoOutside?: string;
}

/** A place people name that is not in the city (Banjarbaru, Martapura, Handil Bakti). */
export interface OutsidePlace {
  readonly phrase: string;
  readonly where: string;
}

/** A shortening that fits several kecamatan (`t`: Tengah or Timur). */
export interface AmbiguousAbbreviation {
  readonly phrase: string;
  readonly kecamatan: readonly string[];
}

/** Extra place phrases added by staff: `sei miai` → bjm-utara. */
export interface PlaceAlias {
  readonly phrase: string;
  readonly kecamatan: string;
}

export type FaqTopic = 'workshops' | 'cost' | 'free' | 'office' | 'privacy';

/**
 * A short answer to a frequent question. `match` is a list of alternatives; an alternative
 * matches when every one of its groups has a phrase in the message (AND of ORs).
 */
export interface FaqEntry {
  readonly id: string;
  readonly topic: FaqTopic;
  /** Higher wins when several entries match (`pelatihannya gratis?` is about the cost). */
  readonly priority: number;
  readonly match: readonly (readonly (readonly string[])[])[];
  /** Messages that are this question even without a question mark (`pelatihan`). */
  readonly bare: readonly string[];
  /** Locale-free answer text with placeholders such as {officeAddress}. */
  readonly answer: LocalText;
}

/** Named word lists (see words.json for what each holds). */
export const WORD_LISTS = [
  'yes', 'agree', 'nod', 'fine', 'no', 'negators', 'done', 'notYet', 'unsure', 'cancel',
  'eraseYes', 'eraseKeep', 'eraseParts', 'confirmYes', 'confirmNo', 'correction',
  'rsvpAttend', 'rsvpWithdraw', 'rsvpSoft', 'rsvpConstraint',
  'online', 'offline', 'stopped', 'harmlessBut',
  'polite', 'hedges', 'smalltalk', 'questionStarts', 'questionMarkers', 'questionPhrases',
  'nameLeadIns', 'nameTitles', 'nameTrailing', 'notInName', 'refusals',
  'businessLeadIns', 'businessKnownAs', 'businessNoName', 'genericBusiness',
  'self', 'relatives', 'workerWords', 'peopleWords', 'pairs', 'includesOwner', 'addsOwner',
  'noWorkers', 'varies',
] as const;

export type WordList = (typeof WORD_LISTS)[number];

export type Words = { readonly [K in WordList]: readonly string[] };

export interface Vocabulary {
  /** In option order (1 = first). */
  readonly sectors: readonly Sector[];
  readonly activities: readonly Activity[];
  readonly unclearActivities: readonly UnclearActivity[];
  /** In option order (1 = first). */
  readonly kecamatan: readonly Kecamatan[];
  readonly kelurahan: readonly Kelurahan[];
  readonly places: readonly PlaceAlias[];
  /** The city itself (banjarmasin, bjm, b.masin): names no kecamatan on its own. */
  readonly cityNames: readonly string[];
  readonly outside: readonly OutsidePlace[];
  readonly ambiguousAbbreviations: readonly AmbiguousAbbreviation[];
  /** Places too vague to place (tengah kota, downtown). */
  readonly unclearPlaces: readonly string[];
  /** Words that start a street address or landmark (jl, gang, komplek). */
  readonly streetMarkers: readonly string[];
  readonly words: Words;
  /** Commands recognised in every state: command id → phrases. */
  readonly commands: Readonly<Record<string, readonly string[]>>;
  /** Extra words for numbered options: question id → option id → phrases. */
  readonly choices: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly faq: readonly FaqEntry[];
}

/** What staff add on top of the city files (`understand add sector "jual pulsa" perdagangan`). */
export interface VocabularyAdditions {
  readonly activities?: readonly Activity[];
  readonly places?: readonly PlaceAlias[];
  readonly words?: { readonly [K in WordList]?: readonly string[] };
  readonly choices?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/**
 * Base plus additions. Additions come first in every list, so a phrase staff added wins over
 * the same phrase in the city file (`understand add sector "jualan es" kuliner`).
 */
export function mergeVocabulary(base: Vocabulary, add: VocabularyAdditions): Vocabulary {
  const words = { ...base.words };
  for (const name of WORD_LISTS) {
    const extra = add.words?.[name];
    if (extra !== undefined && extra.length > 0) words[name] = [...extra, ...base.words[name]];
  }
  return {
    ...base,
    activities: [...(add.activities ?? []), ...base.activities],
    places: [...(add.places ?? []), ...base.places],
    words,
    choices: mergeChoices(base.choices, add.choices ?? {}),
  };
}

type Choices = Vocabulary['choices'];

function mergeChoices(base: Choices, add: Choices): Choices {
  const out: Record<string, Record<string, readonly string[]>> = {};
  for (const question of new Set([...Object.keys(base), ...Object.keys(add)])) {
    const b = base[question] ?? {};
    const a = add[question] ?? {};
    const merged: Record<string, readonly string[]> = {};
    for (const option of new Set([...Object.keys(b), ...Object.keys(a)])) {
      merged[option] = [...(a[option] ?? []), ...(b[option] ?? [])];
    }
    out[question] = merged;
  }
  return out;
}

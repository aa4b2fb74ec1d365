import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type Resource } from 'i18next';
import type { Lang, OutgoingMessage, Text, TextParam } from './engine/core/vocabulary.js';

// Turns the engine's `Text` (a key and values) into the words a person reads. Each file
// locales/<lang>/<area>.json becomes the top-level key <area>, so `signup.ask_name` lives
// in locales/id/signup.json.

export const LANGS: readonly Lang[] = ['id', 'en'];
const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../locales');

export function loadResources(dir = localesDir): Resource {
  const resources: Resource = {};
  for (const lang of LANGS) {
    const translation: Record<string, unknown> = {};
    for (const file of readdirSync(path.join(dir, lang)).filter((f) => f.endsWith('.json')).sort()) {
      translation[path.basename(file, '.json')] = JSON.parse(readFileSync(path.join(dir, lang, file), 'utf8'));
    }
    resources[lang] = { translation };
  }
  return resources;
}

const rupiahFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** `Rp7.500.000`: the Indonesian way, whatever the language of the sentence around it. */
export function formatRupiah(value: number | string): string {
  const n = Number(value);
  return `${n < 0 ? '-' : ''}Rp${rupiahFormat.format(Math.abs(n))}`;
}

/** Fixed sentences kept rendered (a few hundred keys in two languages; a bound, not a size to reach). */
const FIXED_TEXTS_KEPT = 2000;

export interface Renderer {
  render(lang: Lang, text: Text, facts?: Readonly<Record<string, string>>): string;
  renderMessage(lang: Lang, message: OutgoingMessage, facts?: Readonly<Record<string, string>>): { text: string; choices: string[]; footer: string | null };
}

/** `officeFacts`: the values every template may use that stay the same for the process (office details). */
export async function createRenderer(resources: Resource = loadResources(), officeFacts: Readonly<Record<string, string>> = {}): Promise<Renderer> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources,
    lng: 'id',
    fallbackLng: false,
    // Values are shown exactly as typed ("Kopi & Roti <Asli>"); channels escape for their own markup.
    interpolation: { escapeValue: false, skipOnVariables: true },
    returnNull: false,
    missingKeyHandler: false,
  });
  instance.services.formatter?.add('rupiah', (value: unknown) => formatRupiah(value as number));

  // Most of what a turn says is a fixed sentence (a question, a hint): its rendering is kept
  // by language and key, when the facts in force are the office's own (`officeFacts`). A text
  // with values of its own (a name, an amount), or said in a turn that made facts of its own
  // (a new member or ticket number), is rendered afresh and never kept.
  const fixed = new Map<string, string>();
  const officeKeys = Object.keys(officeFacts);
  const onlyOfficeFacts = (facts: Readonly<Record<string, string>>): boolean => {
    if (facts === officeFacts) return true;
    let n = 0;
    for (const name in facts) {
      if (facts[name] !== officeFacts[name]) return false;
      n++;
    }
    return n === officeKeys.length;
  };
  const render = (lang: Lang, text: Text, facts: Readonly<Record<string, string>> = {}): string => {
    if ((text.params && Object.keys(text.params).length > 0) || !onlyOfficeFacts(facts)) return renderNow(lang, text, facts);
    const key = `${lang}\u0000${text.key}`;
    let out = fixed.get(key);
    if (out === undefined) {
      out = renderNow(lang, text, facts);
      if (fixed.size >= FIXED_TEXTS_KEPT) fixed.clear();
      fixed.set(key, out);
    }
    return out;
  };
  const renderNow = (lang: Lang, text: Text, facts: Readonly<Record<string, string>>): string => {
    const params: Record<string, string | number> = { ...facts };
    for (const [name, value] of Object.entries(text.params ?? {})) params[name] = resolveParam(lang, value, facts);
    const out = instance.t(text.key, { ...params, lng: lang });
    return out;
  };
  // A value that is itself a text (a field's name, or `Siti (BJM-000123 · …)` with its own
  // values) is rendered first; `{ lines }` is several texts, one per line.
  const resolveParam = (lang: Lang, value: TextParam, facts: Readonly<Record<string, string>>): string | number => {
    if (typeof value !== 'object') return value;
    if ('lines' in value) return value.lines.map((line) => render(lang, line, facts)).join('\n');
    return render(lang, value as Text, facts);
  };

  return {
    render,
    renderMessage(lang, message, facts) {
      return {
        text: message.text.map((t) => render(lang, t, facts)).join('\n\n'),
        choices: (message.choices ?? []).map((c) => render(lang, c, facts)),
        footer: message.footer && message.footer.length > 0 ? message.footer.map((t) => render(lang, t, facts)).join('\n\n') : null,
      };
    },
  };
}

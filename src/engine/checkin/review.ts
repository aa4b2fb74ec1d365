import { readChoice, readConsent, type ChoiceDef } from '../parse/understand/index.js';
import type { Vocabulary } from '../parse/vocabulary.js';
import { text } from '../core/text.js';
import type { Lang, OutgoingMessage, Text, TextParam } from '../core/vocabulary.js';
import type { CheckinProgress } from './state.js';
import { applies, type SurveyDefinition, type SurveyQuestion } from './survey.js';

// Before a check-in is sent, and when the person looks at it again to correct it: one short
// summary of the answers with *ya* / *ubah*, and "which answer?" after *ubah* (issue 10,
// item 4). Answers that no longer apply (platforms after "not online") are left out.

/** Short names of the default survey's questions; another question is named by its first line. */
const LABELS: Readonly<Record<string, readonly string[]>> = {
  omzet: ['omzet', 'omset', 'pendapatan', 'penghasilan', 'revenue'],
  pekerja: ['pekerja', 'jumlah pekerja', 'karyawan', 'pegawai', 'jumlah orang', 'orang', 'workers'],
  jualan_online: ['jualan online', 'berjualan online', 'online', 'selling online'],
  platform_online: ['platform', 'tempat jualan online', 'lewat apa', 'aplikasi', 'platforms'],
  hambatan: ['hambatan', 'kendala', 'masalah', 'obstacle'],
};

/** A question named by staff: its id (`omzet`, `pekerja`) or a short name (`karyawan`, `hambatan`). */
export function questionByName(survey: SurveyDefinition, name: string): SurveyQuestion | null {
  const key = name.trim().toLowerCase().replaceAll(' ', '_');
  const spaced = key.replaceAll('_', ' ');
  return survey.questions.find((q) => q.id === key) ?? survey.questions.find((q) => LABELS[q.id]?.includes(spaced)) ?? null;
}

/** The questions answered that still apply, in survey order. */
export function answered(survey: SurveyDefinition, progress: CheckinProgress): SurveyQuestion[] {
  return survey.questions.filter((q) => progress.answers[q.id] !== undefined && applies(q, progress.answers));
}

function label(question: SurveyQuestion, lang: Lang): string | { readonly key: string } {
  if (LABELS[question.id]) return { key: `checkin.label_${question.id}` };
  const first = question.text[lang].split('\n')[0]!;
  return first.length > 60 ? `${first.slice(0, 57)}…` : first;
}

function line(n: number, question: SurveyQuestion, progress: CheckinProgress, lang: Lang): Text {
  const answer = progress.answers[question.id]!;
  const params = { n, label: label(question, lang) };
  const value = answer.value;
  switch (question.type) {
    case 'money':
      return text('checkin.summary_money', { ...params, amount: Number(value) });
    case 'count':
      return text('checkin.summary_count', { ...params, count: Number(value) });
    case 'yes_no':
      return text('checkin.summary_value', { ...params, value: { key: value === true ? 'common.yes' : 'common.no' } });
    case 'choice':
    case 'choices': {
      const ids = Array.isArray(value) ? value : [String(value)];
      const names = ids.map((id) => question.options.find((o) => o.id === id)?.label[lang] ?? id);
      const shown = answer.detail ? `${names.join(', ')} (${answer.detail})` : names.join(', ');
      return text('checkin.summary_value', { ...params, value: shown });
    }
    case 'text':
      return text('checkin.summary_value', { ...params, value: String(value) });
  }
}

/** "Ringkasan laporan November 2026: 1. Omzet: Rp9.000.000 … Sudah benar?" with Ya / Ubah. */
export function reviewMessage(survey: SurveyDefinition, progress: CheckinProgress, lang: Lang, month: Record<string, TextParam>): OutgoingMessage {
  const lines = answered(survey, progress).map((q, i) => line(i + 1, q, progress, lang));
  const ask = progress.submitted ? 'checkin.review_submitted' : 'checkin.review_ask';
  return { text: [text('checkin.review_title', month), ...lines, text(ask)], choices: [text('checkin.choice_send'), text('checkin.choice_change')] };
}

export function changeMessage(survey: SurveyDefinition, progress: CheckinProgress, lang: Lang): OutgoingMessage {
  return { text: [text('checkin.change_which')], choices: answered(survey, progress).map((q) => labelText(q, lang)) };
}

function labelText(question: SurveyQuestion, lang: Lang): Text {
  const name = label(question, lang);
  return typeof name === 'object' ? name : text('common.literal', { text: String(name) });
}

function choiceDefs(survey: SurveyDefinition, progress: CheckinProgress, lang: Lang): ChoiceDef[] {
  return answered(survey, progress).map((q) => ({ id: q.id, labels: [...(LABELS[q.id] ?? []), q.id.replaceAll('_', ' '), String(label(q, lang))] }));
}

export type ReviewRead =
  | { readonly kind: 'send' }
  | { readonly kind: 'change' }
  | { readonly kind: 'pick'; readonly question: string }
  | { readonly kind: 'unclear' };

const SEND = /^(?:(?:ya|iya|ok|oke)\s+)?(?:kirim|kirimkan|kirim aja|kirim saja|send|send it|submit)$/u;
const WRONG = /^(?:ada yang |ada yg )?(?:salah|keliru|belum benar|blm benar|wrong)$/u;
const EDIT = /^\s*(?:ubah|ganti|koreksi|perbaiki|edit|change)\b\s*(.*)$/isu;

/** At the summary: *ya* sends, *ubah* asks which answer, `ubah omzet` or `omzet salah` picks it at once. */
export function readReview(raw: string, survey: SurveyDefinition, progress: CheckinProgress, vocab: Vocabulary, lang: Lang): ReviewRead {
  const edit = EDIT.exec(raw);
  if (edit) {
    const rest = edit[1]!.trim();
    if (rest === '' || /^(?:laporan|jawaban|lagi)$/iu.test(rest)) return { kind: 'change' };
    const pick = readPick(rest, survey, progress, vocab, lang);
    return pick ?? { kind: 'change' };
  }
  const said = raw.trim().toLowerCase().replace(/[.!]+$/u, '');
  if (SEND.test(said)) return { kind: 'send' };
  if (WRONG.test(said)) return { kind: 'change' };
  const yes = readConsent(raw, vocab, { lang, options: [true, false] });
  if (yes.kind === 'value') return yes.value ? { kind: 'send' } : { kind: 'change' };
  return readPick(raw, survey, progress, vocab, lang) ?? { kind: 'unclear' };
}

/** "Which answer?": a number or a name. */
export function readPick(raw: string, survey: SurveyDefinition, progress: CheckinProgress, vocab: Vocabulary, lang: Lang): { readonly kind: 'pick'; readonly question: string } | null {
  const pick = readChoice(raw, vocab, 'checkin_review', choiceDefs(survey, progress, lang), { lang });
  return pick.kind === 'value' ? { kind: 'pick', question: pick.value } : null;
}

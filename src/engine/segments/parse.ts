import { parseChoice, type ChoiceOption } from '../parse/choice.js';
import { normalizeCommand } from '../parse/normalize.js';
import { text } from '../core/text.js';
import type { Text } from '../core/vocabulary.js';
import { EVERYONE, type SegmentFilter, type SegmentKind, type SegmentRefs, type SegmentSpec, type SegmentValue } from './types.js';

// A segment as staff type it: a number from the list, `semua`, or filters separated by
// commas: `kecamatan=Banjarmasin Utara, status=stagnan`. The key may be left out when the
// value says it all (`utara, stagnan`), values may be short or misspelt as in any choice
// (`kec=utra`), and `atau` or `/` offers alternatives (`status=stagnan atau menurun`).
// Filters of different kinds must all hold; values of one kind are alternatives. The kinds
// are every capability's (the engine's `segmentKinds`), in their order.

export type SegmentParse =
  | { readonly kind: 'ok'; readonly spec: SegmentSpec }
  | { readonly kind: 'unknown_key'; readonly key: string }
  | { readonly kind: 'unknown_value'; readonly title: Text; readonly value: string }
  | { readonly kind: 'ambiguous'; readonly value: string }
  | { readonly kind: 'none' };

const EVERYONE_WORDS = new Set(['semua', 'semuanya', 'semua orang', 'semua pelaku usaha', 'semua umkm', 'semua anggota', 'everyone', 'all']);
const PART_SEPARATOR = /[,;\n]|\s(?:dan|and)\s/u;
const ALTERNATIVE_SEPARATOR = /[/|]|\s(?:atau|or)\s/u;

export function parseSegment(input: string, refs: SegmentRefs, kinds: readonly SegmentKind[]): SegmentParse {
  const number = /^\s*(\d{1,2})\s*[.)]?\s*$/u.exec(input);
  if (number) {
    const choice = quickChoices(refs, kinds)[Number(number[1]) - 1];
    return choice ? { kind: 'ok', spec: choice.spec } : { kind: 'none' };
  }
  const parts = input.split(PART_SEPARATOR).map((p) => p.trim()).filter((p) => normalizeCommand(p) !== '');
  if (parts.length === 0) return { kind: 'none' };
  const filters: SegmentFilter[] = [];
  for (const part of parts) {
    if (EVERYONE_WORDS.has(normalizeCommand(part))) continue;
    const read = readPart(part, refs, kinds);
    if (read.kind !== 'ok') return read;
    filters.push(...read.filters);
  }
  return { kind: 'ok', spec: merge(filters) };
}

type PartParse = { readonly kind: 'ok'; readonly filters: SegmentFilter[] } | Exclude<SegmentParse, { kind: 'ok' }>;

function readPart(part: string, refs: SegmentRefs, kinds: readonly SegmentKind[]): PartParse {
  const keyed = /^([^=:]+)[=:](.*)$/u.exec(part);
  if (!keyed) return readBare(part, refs, kinds);
  const key = normalizeCommand(keyed[1] ?? '');
  const kind = kinds.find((k) => k.keys.includes(key));
  if (!kind) return { kind: 'unknown_key', key: keyed[1]!.trim() };
  const values: SegmentValue[] = [];
  for (const alternative of alternatives(keyed[2] ?? '')) {
    const choice = parseChoice(alternative, choiceOptions(kind, refs));
    if (choice.kind === 'ambiguous') return { kind: 'ambiguous', value: alternative };
    if (choice.kind === 'none') return { kind: 'unknown_value', title: kind.title, value: alternative };
    values.push(choice.value);
  }
  return values.length > 0 ? { kind: 'ok', filters: [{ kind: kind.name, values }] } : { kind: 'unknown_value', title: kind.title, value: '' };
}

/** No key: the value must belong to exactly one kind (`utara` is a kecamatan). */
function readBare(part: string, refs: SegmentRefs, kinds: readonly SegmentKind[]): PartParse {
  const filters: SegmentFilter[] = [];
  for (const alternative of alternatives(part)) {
    const found = kinds.map((kind) => ({ kind, choice: parseChoice(alternative, choiceOptions(kind, refs)) }));
    const ok = found.filter((f) => f.choice.kind === 'ok');
    const only = ok[0];
    if (ok.length === 1 && only?.choice.kind === 'ok') filters.push({ kind: only.kind.name, values: [only.choice.value] });
    else if (ok.length > 1 || found.some((f) => f.choice.kind === 'ambiguous')) return { kind: 'ambiguous', value: alternative };
    else return { kind: 'none' };
  }
  // `utara atau stagnan` would mix kinds in one alternative, which a segment cannot say.
  return new Set(filters.map((f) => f.kind)).size === 1 ? { kind: 'ok', filters } : { kind: 'none' };
}

function alternatives(value: string): string[] {
  return value.split(ALTERNATIVE_SEPARATOR).map((v) => v.trim()).filter((v) => normalizeCommand(v) !== '');
}

function choiceOptions(kind: SegmentKind, refs: SegmentRefs): ChoiceOption<SegmentValue>[] {
  return kind.options(refs).map((o) => ({ value: o.value, labels: o.words }));
}

/** One filter per kind, kinds and values in the order first given. */
function merge(filters: readonly SegmentFilter[]): SegmentSpec {
  if (filters.length === 0) return EVERYONE;
  const kinds = [...new Set(filters.map((f) => f.kind))];
  return {
    filters: kinds.map((kind) => ({ kind, values: [...new Set(filters.filter((f) => f.kind === kind).flatMap((f) => f.values))] })),
  };
}

/** Why a typed segment was not taken, in the staff member's words. */
export function segmentProblem(parsed: Exclude<SegmentParse, { kind: 'ok' }>): Text {
  switch (parsed.kind) {
    case 'unknown_key':
      return text('staff.segment_unknown_key', { key: parsed.key });
    case 'unknown_value':
      return text('staff.segment_unknown_value', { kind: parsed.title, value: parsed.value });
    case 'ambiguous':
      return text('staff.segment_ambiguous', { value: parsed.value });
    case 'none':
      return text('staff.segment_not_understood');
  }
}

export interface QuickChoice {
  readonly spec: SegmentSpec;
  readonly label: Text;
}

/** The numbered list a staff member picks from: everyone, then one line per quick value. */
export function quickChoices(refs: SegmentRefs, kinds: readonly SegmentKind[]): QuickChoice[] {
  const single = kinds
    .filter((k) => k.quick)
    .flatMap((kind) =>
      kind.options(refs).map((o) => ({
        spec: { filters: [{ kind: kind.name, values: [o.value] }] },
        label: text('segment.choice', { kind: kind.title, value: o.label }),
      })),
    );
  return [{ spec: EVERYONE, label: text('segment.everyone') }, ...single];
}

import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { CliInputError, cliActor, reportingInputErrors } from '../../cli/input.js';
import { formatTable } from '../../cli/table.js';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import type { CliContext } from '../core/capability.js';
import { ReferenceCache } from '../core/references.js';
import { actingStaffId } from '../staff/cli-session.js';
import { candidateValue, MERGE_FIELDS, mergeCandidates, mergePeople, type MergeChoice, type MergeField, type MergeResult } from './merge.js';
import { findPersonRef, refLabel, type PersonRef } from './person-ref.js';
import { editPerson, STAFF_EDIT_FIELDS, type EditResult, type StaffEditInput } from './staff-edit.js';

// `people edit` and `people merge`: the dashboard's audited edits and merges (web/person.ts)
// from the command line, through the same functions (staff-edit.ts, merge.ts).

type Say = (key: string, params?: Record<string, string | number>) => string;

const sayer = (ctx: CliContext): Say => (key, params) => ctx.render(text(`cli.people.${key}`, params));

/** The reader's reasons staff are told about in words; anything else reads as "not clear". */
export const PROBLEM_REASONS = ['unclear', 'hostile', 'too_long', 'not_mobile', 'unknown', 'empty', 'other_answer', 'no_name', 'ambiguous'] as const;
export const problemKey = (reason: string): string => `problem_${(PROBLEM_REASONS as readonly string[]).includes(reason) ? reason : 'unclear'}`;

async function onePerson(ctx: CliContext, db: Kysely<Database>, typed: string): Promise<PersonRef> {
  const say = sayer(ctx);
  const found = await findPersonRef(db, typed);
  if (found.kind === 'none') throw new CliInputError(say('not_found', { who: typed }));
  if (found.kind === 'several') throw new CliInputError(say('several', { who: typed, count: found.people.length, list: found.people.map(refLabel).join(', ') }));
  return found.person;
}

export function describeEdit(say: Say, result: EditResult, label: string): string {
  switch (result.kind) {
    case 'saved':
      return say('edit_saved', { who: label, changes: result.changes.map((c) => say('edit_change', { field: say(`field_${c.field}`), before: c.before ?? '-', after: c.after })).join('; ') });
    case 'unchanged':
      return say('edit_unchanged');
    case 'invalid':
      return say('edit_invalid', { problems: result.problems.map((p) => `${say(`field_${p.field}`)}: ${say(problemKey(p.reason))}`).join('; ') });
    case 'not_found':
      return say('not_found', { who: label });
    case 'merged':
      return say('merged_record', { who: label, into: `#${result.into}` });
  }
}

async function edit(ctx: CliContext, who: string, options: StaffEditInput & { staff?: string }): Promise<void> {
  const db = await ctx.db();
  const say = sayer(ctx);
  const input: StaffEditInput = Object.fromEntries(STAFF_EDIT_FIELDS.flatMap((f) => (options[f] === undefined ? [] : [[f, options[f]]])));
  if (Object.keys(input).length === 0) throw new CliInputError(say('edit_nothing'));
  const staffId = await actingStaffId(ctx, db, options.staff);
  const person = await onePerson(ctx, db, who);
  const refs = await new ReferenceCache(db, 0, undefined, ctx.config.CITY).get(db);
  const result = await editPerson(db, refs, person.id, input, { staffId, actor: cliActor() }, new Date());
  ctx.out(describeEdit(say, result, refLabel(person)));
  if (result.kind !== 'saved' && result.kind !== 'unchanged') process.exitCode = 1;
}

function readTake(ctx: CliContext, typed: string | undefined): MergeChoice {
  if (!typed) return {};
  const fields = typed.split(',').map((f) => f.trim().toLowerCase()).filter((f) => f !== '');
  const wrong = fields.filter((f) => !(MERGE_FIELDS as readonly string[]).includes(f));
  if (wrong.length > 0) throw new CliInputError(sayer(ctx)('merge_bad_take', { wrong: wrong.join(', '), fields: MERGE_FIELDS.join(',') }));
  return Object.fromEntries(fields.map((f) => [f, 'other'])) as MergeChoice;
}

export function describeMerge(say: Say, result: MergeResult, labels: { keep: string; other: string }): string[] {
  switch (result.kind) {
    case 'merged': {
      const moved = Object.values(result.moved).reduce((a, b) => a + b, 0);
      return [
        say('merge_done', { other: labels.other, keep: result.keep.memberNo ?? labels.keep, moved }),
        ...result.conflicts.map((c) => say('merge_conflict', { table: say(`table_${c.table}`), key: c.key, whose: c.kept === 'keep' ? labels.keep : labels.other, reason: say(`reason_${c.reason}`) })),
      ];
    }
    case 'already_merged':
      return [say('merge_already', { other: labels.other, keep: labels.keep })];
    case 'refused':
      return [say(`merge_refused_${result.reason}`, { keep: labels.keep, other: labels.other, who: result.memberNo ?? '' })];
  }
}

async function merge(ctx: CliContext, keepRef: string, otherRef: string, options: { take?: string; yes?: boolean; staff?: string }): Promise<void> {
  const db = await ctx.db();
  const say = sayer(ctx);
  const choice = readTake(ctx, options.take);
  const staffId = await actingStaffId(ctx, db, options.staff);
  const keep = await onePerson(ctx, db, keepRef);
  const other = await onePerson(ctx, db, otherRef);
  const labels = { keep: refLabel(keep), other: refLabel(other) };
  const both = await mergeCandidates(db, keep.id, other.id);
  if (!options.yes && both) {
    // Side by side first: which value each field keeps, `*` beside it.
    const pick = (f: MergeField) => choice[f] ?? (candidateValue(both.keep, f) === null ? 'other' : 'keep');
    const cell = (side: 'keep' | 'other', f: MergeField) => `${candidateValue(both[side], f) ?? '-'}${pick(f) === side && candidateValue(both[side], f) !== null ? ' *' : ''}`;
    ctx.out(
      formatTable(
        [say('col_field'), say('col_keep', { who: labels.keep }), say('col_other', { who: labels.other })],
        [
          ...MERGE_FIELDS.map((f) => [say(`field_${f}`), cell('keep', f), cell('other', f)]),
          [say('col_chats'), Number(both.keep.chats), Number(both.other.chats)],
          [say('col_reports'), Number(both.keep.reports), Number(both.other.reports)],
        ],
      ),
    );
    ctx.out(say('merge_confirm', { keep: labels.keep, other: labels.other }));
    return;
  }
  const result = await mergePeople(db, keep.id, other.id, choice, { staffId, actor: cliActor() }, new Date());
  for (const line of describeMerge(say, result, labels)) ctx.out(line);
  if (result.kind === 'refused') process.exitCode = 1;
}

export function registerPersonEditCommands(people: Command, ctx: CliContext): void {
  const staffOption = ['--staff <staff>', 'the staff member acting (number, phone or Telegram user id), for the audit log'] as const;
  people
    .command('edit')
    .description("change a person's profile (read as the chat reads `ubah`), audited with the values before and after")
    .argument('<who>', 'member number (BJM-000123), #id or phone number')
    .option('--name <name>', 'full name')
    .option('--business <name>', 'business name')
    .option('--activity <words>', 'what the business does, in the owner\'s words')
    .option('--sector <sector>', 'sector: its number, code or words (kuliner, jual kue)')
    .option('--kecamatan <kecamatan>', 'kecamatan: its number or name (banjarmasin utara)')
    .option('--phone <phone>', 'Indonesian mobile number (0812-5123-4477)')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, (who: string, options: StaffEditInput & { staff?: string }) => edit(ctx, who, options)));
  people
    .command('merge')
    .description('merge two records of the same person into the first; without --yes only shows both side by side')
    .argument('<keep>', 'the record that stays: member number, #id or phone number')
    .argument('<other>', 'the record merged into it')
    .option('--take <fields>', `fields whose value comes from <other>, comma-separated (${MERGE_FIELDS.join(',')})`)
    .option('--yes', 'merge now')
    .option(...staffOption)
    .action(reportingInputErrors(ctx, (keep: string, other: string, options: { take?: string; yes?: boolean; staff?: string }) => merge(ctx, keep, other, options)));
}

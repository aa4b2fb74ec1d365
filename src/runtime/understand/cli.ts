import type { Command } from 'commander';
import { loadCityVocabulary } from '../../city/load.js';
import { CliInputError, cliActor, readLimit, reportingInputErrors } from '../../cli/input.js';
import { text } from '../../engine/core/text.js';
import type { CliContext } from '../core/capability.js';
import { actingStaffId } from '../staff/cli-session.js';
import { frequentMisses } from './misses.js';
import { addVocabulary, VocabularyError } from './vocabulary.js';

// `understand misses [--question sector]`: what people typed that the bot did not understand,
// most frequent first. `understand add sector "jual pulsa" perdagangan`: teach it, for every
// process from their next message on (the vocabulary version), audited.

export function registerUnderstandCommands(program: Command, ctx: CliContext): void {
  const understand = program.command('understand').description('answers the bot did not understand, and words to teach it');

  understand
    .command('misses')
    .description('the answers not understood, most frequent first (no link to any person)')
    .option('--question <id>', 'only this question (sector, kecamatan, name, consent, rsvp, idle …)')
    .option('--limit <n>', 'how many rows', '30')
    .action(
      reportingInputErrors(ctx, async (options: { question?: string; limit: string }) => {
        const limit = readLimit(options.limit, 1000);
        const rows = await frequentMisses(await ctx.db(), { limit, ...(options.question ? { question: options.question } : {}) });
        if (rows.length === 0) {
          ctx.out(ctx.render(text('understand.cli.no_misses')));
          return;
        }
        for (const r of rows) ctx.out(`${String(r.count).padStart(5)}  ${r.question.padEnd(16)}  ${r.text.replace(/\s+/g, ' ')}`);
      }),
    );

  understand
    .command('add')
    .description('adds a phrase: sector <phrase> <sector code> | kecamatan <phrase> <kecamatan code> | yes <phrase> | no <phrase> | rsvp <phrase> attend|withdraw')
    .argument('<kind>', 'sector, kecamatan, yes, no or rsvp')
    .argument('<phrase>', 'the words as people type them, in quotes')
    .argument('[target]', 'the sector or kecamatan code, or attend / withdraw')
    .option('--staff <staff>', 'the staff member acting, for the audit log')
    .action(
      reportingInputErrors(ctx, async (kind: string, phrase: string, target: string | undefined, options: { staff?: string }) => {
        const db = await ctx.db();
        const staffId = await actingStaffId(ctx, db, options.staff);
        const base = loadCityVocabulary(ctx.config.CITY);
        try {
          const { version, phrase: added } = await addVocabulary(db, { kind, phrase, ...(target !== undefined ? { target } : {}) }, base, { staffId, actor: cliActor() });
          ctx.out(ctx.render(text('understand.cli.added', { kind, phrase: added, target: target ?? '-', version })));
        } catch (error) {
          if (error instanceof VocabularyError) throw new CliInputError(error.message);
          throw error;
        }
      }),
    );
}

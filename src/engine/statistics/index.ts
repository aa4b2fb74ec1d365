import type { CommandDef, EngineCapability } from '../core/capability.js';
import { parseSlash } from '../core/staff-side.js';
import { text } from '../core/text.js';

// `/statistik`: how many entrepreneurs registered this month and in all, by kecamatan. Only
// staff have it; to anyone else it is an unknown `/word`.

const NAMES: ReadonlySet<string> = new Set(['statistik', 'statistics', 'stats']);

/** `/statistik` alone on the line; anything after it is not this command. */
export function parseStatisticsCommand(input: string): { readonly type: 'statistics' } | null {
  const slash = parseSlash(input);
  return slash && NAMES.has(slash.name) && slash.rest === '' ? { type: 'statistics' } : null;
}

const statisticsCommand: CommandDef<{ readonly type: 'statistics' }> = {
  help: [{ order: 50, line: text('statistics.help') }],
  parse: parseStatisticsCommand,
  run: (state, _command, ctx, kit) => kit.resume(state, { type: 'statistics_requested', staffId: ctx.staff!.id }),
};

export const statistics: EngineCapability = {
  name: 'statistics',
  staffCommands: [statisticsCommand],
};

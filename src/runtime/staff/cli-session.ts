import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { text } from '../../engine/core/text.js';
import type { Text } from '../../engine/core/vocabulary.js';
import { segmentProblem } from '../../engine/segments/parse.js';
import type { SegmentRefs, SegmentSpec } from '../../engine/segments/types.js';
import { CliInputError } from '../../cli/input.js';
import type { CliContext } from '../core/capability.js';
import type { Segments } from '../core/segments.js';
import { findStaff } from './directory.js';

// What the staff commands of the command line share with the chat: whom the audit log names
// (--staff), and the segment typed as in /umumkan.

/** The active staff member named by --staff, or null when none was named; a wrong name is an input error. */
export async function actingStaffId(ctx: CliContext, db: Kysely<Database>, ref: string | undefined): Promise<string | null> {
  if (!ref) return null;
  const staff = await findStaff(db, ref);
  if (!staff) throw new CliInputError(ctx.render(text('staff.cli.no_active', { ref })));
  return staff.id;
}

/** The segment typed after --segment, read as staff type it in chat. */
export function readSegmentOption(segments: Segments, typed: string, refs: SegmentRefs, render: (t: Text) => string): SegmentSpec {
  const parsed = segments.parse(typed, refs);
  if (parsed.kind === 'ok') return parsed.spec;
  const problem = render(segmentProblem(parsed));
  throw new CliInputError(parsed.kind === 'none' ? `${problem} ${render(text('staff.ask_segment'))}` : problem);
}

import type { Command } from 'commander';
import { profile as engine } from '../../engine/profile/index.js';
import type { ProfileEvent } from '../../engine/profile/vocabulary.js';
import type { Capability, CliContext } from '../core/capability.js';
import type { HandlersFor } from '../core/handlers.js';
import { chatVouchesFor } from '../core/links.js';
import { applyProfileChange } from './update.js';
import { registerPeopleCommands } from './cli.js';
import { registerPeopleExport } from './export.js';
import { latestOmzets, recordOmzetCorrection } from './omzet.js';
import type { ContextLoader } from '../core/context.js';
import { linkHandlers } from './link.js';
import { registerImportCommands } from '../import/cli.js';

// A person's profile: `ubah <field>` as a row update, the segments by kecamatan and by
// sector, and the people list and export for staff.

const handlers: Pick<HandlersFor<ProfileEvent>, 'profile_updated'> = {
  async profile_updated(scope, event) {
    if (!scope.personId) return;
    if (event.field === 'omzet') return recordOmzetCorrection(scope.trx, scope.personId, Number(event.value), scope.now);
    // A new number is vouched for only when this chat's channel vouches for it (`ubah nomor hp`
    // typed links nothing, as at sign-up).
    const phoneVerified = event.field === 'phone' ? await chatVouchesFor(scope.trx, scope.identity.id, String(event.value)) : undefined;
    await applyProfileChange(
      scope.trx,
      scope.personId,
      { field: event.field, value: event.value, ...(event.activity !== undefined ? { activity: event.activity } : {}), ...(phoneVerified === undefined ? {} : { phoneVerified }) },
      scope.now,
    );
  },
};

/** The latest omzet reported, shown in the profile beside the sign-up figure. */
const latestOmzetLoader: ContextLoader = {
  async load(trx, chats) {
    const latest = await latestOmzets(trx, [...new Set(chats.flatMap((c) => (c.personId ? [c.personId] : [])))]);
    return new Map(chats.flatMap((c) => (c.personId ? [[c.identityId, { profile: { latestOmzet: latest.get(c.personId) ?? null } }] as const] : [])));
  },
};

export const profile: Capability<ProfileEvent> = {
  name: 'profile',
  engine,
  segmentConditions: {
    kecamatan: 'p.kecamatan_id = any({values}::int[])',
    sector: 'p.sector_id = any({values}::int[])',
  },
  cli(program: Command, ctx: CliContext) {
    registerPeopleCommands(program, ctx);
    registerPeopleExport(program, ctx);
    registerImportCommands(program, ctx);
  },
  setUp: (s) => ({ handlers: { ...handlers, ...linkHandlers(s) }, context: latestOmzetLoader }),
};
